package model

// MessageMax is the longest channel message, in characters (runes).
const MessageMax = 2000

// Authors of channel messages.
const (
	AuthorRespondent = "respondent"
	AuthorModerator  = "moderator"
)

// Channel is an open, moderated feedback stream on a topic, inside a
// consultation. Languages are those it is offered in and moderated in.
type Channel struct {
	ID             string
	ConsultationID string
	Slug           string
	Title          Text
	Description    Text
	Languages      []string
	Open           bool
}
