package privacy

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/model"
)

// MaxDraftToken caps the length of a sealed draft in bytes. OpenDraft refuses
// longer tokens before any work, and SealDraft refuses to make one.
const MaxDraftToken = 512 << 10

// dayLayout is the form of Draft.Expires and of OpenDraft's today.
const dayLayout = "2006-01-02"

// Draft is a respondent's progress through a survey, carried between pages
// in a hidden form field instead of the database (ARCHITECTURE §2): nothing
// is stored until they submit or ask to save for later. SubmissionID, drawn
// once when the survey is started, makes the final submit idempotent.
type Draft struct {
	SubmissionID string        `json:"id"`
	SurveyID     string        `json:"s"`
	Version      int           `json:"v"`
	Lang         string        `json:"l"`
	Page         int           `json:"p"`
	Answers      model.Answers `json:"a,omitempty"`
	Consent      string        `json:"c,omitempty"`
	Expires      string        `json:"e"` // UTC day, YYYY-MM-DD: no finer time is kept (§3.6)
	// Receipt is chosen when the draft starts, so a retried submit shows the
	// same receipt; it travels only sealed, and a saved draft never holds it.
	Receipt string `json:"r,omitempty"`
}

// SealDraft encrypts and authenticates d for its survey. The token is
// "<keyid>:" + base64url, safe in a hidden form field as it is; it can be
// opened only with the same keyring and for the same survey, and reveals
// nothing of the answers. Sealing twice gives different tokens.
func SealDraft(k *Keyring, d *Draft) (string, error) {
	if d == nil || d.SurveyID == "" {
		return "", errors.New("privacy: draft without a survey id")
	}
	if _, err := time.Parse(dayLayout, d.Expires); err != nil {
		return "", fmt.Errorf("privacy: draft expiry %q is not YYYY-MM-DD", d.Expires)
	}
	plain, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("privacy: encode draft: %w", err)
	}
	token, err := k.Seal(plain, draftAAD(d.SurveyID))
	if err != nil {
		return "", err
	}
	if len(token) > MaxDraftToken {
		return "", model.Errorf(model.CodeTooLarge, "ErrorTooLarge")
	}
	return token, nil
}

// OpenDraft opens a token made by SealDraft for surveyID. today is the
// current UTC day, YYYY-MM-DD. A draft that expired before today is
// DraftExpired; a token that is too long, malformed, tampered with, sealed
// for another survey or with a key no longer in the ring is ErrorBadRequest.
// Expiry is judged only after the token proves genuine.
func OpenDraft(k *Keyring, surveyID, token, today string) (*Draft, error) {
	bad := model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	if len(token) > MaxDraftToken || surveyID == "" {
		return nil, bad
	}
	plain, err := k.Open(token, draftAAD(surveyID))
	if err != nil {
		return nil, bad
	}
	var d Draft
	if err := json.Unmarshal(plain, &d); err != nil || d.SurveyID != surveyID {
		return nil, bad
	}
	if _, err := time.Parse(dayLayout, d.Expires); err != nil {
		return nil, bad
	}
	if _, err := time.Parse(dayLayout, today); err != nil {
		return nil, fmt.Errorf("privacy: today %q is not YYYY-MM-DD", today)
	}
	if d.Expires < today { // both YYYY-MM-DD, so text order is date order
		return nil, model.Errorf(model.CodeUnprocessable, "DraftExpired")
	}
	return &d, nil
}

// draftAAD binds a sealed draft to its survey, so that a token cannot be
// replayed into another survey's form or taken for any other sealed value.
func draftAAD(surveyID string) []byte { return DraftAAD(surveyID) }

// DraftAAD is the associated data a draft is sealed with, for key rotation.
func DraftAAD(surveyID string) []byte { return []byte("draft\x00" + surveyID) }

// NewSubmissionID returns a random (version 4) UUID: respondent-side ids are
// never sequential or time-ordered (§3.6).
func NewSubmissionID() string { return uuid.NewString() }
