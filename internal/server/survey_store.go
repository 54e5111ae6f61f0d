package server

import (
	"strconv"
	"strings"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// AnswerAAD is the additional data a free-text answer is sealed with, bound
// to its response and question.
func AnswerAAD(responseID, questionID string) []byte { return answerAAD(responseID, questionID) }

// StoredAnswers turns a respondent's answers into what is stored: choices
// and numbers as text, free text sealed to its response and question,
// "prefer not to say" as a flag. Answers to questions no longer shown are
// dropped. The answering flow and voice demo both store answers this way.
func StoredAnswers(kr *privacy.Keyring, def *model.Definition, responseID string, answers model.Answers) ([]store.StoredAnswer, error) {
	answers = def.Prune(answers)
	var out []store.StoredAnswer
	for _, q := range def.Questions() {
		a, ok := answers[q.ID]
		if !ok || a.Empty() {
			continue
		}
		sa := store.StoredAnswer{QuestionID: q.ID, Declined: a.Declined}
		switch {
		case a.Declined:
		case q.IsText():
			sealed, err := kr.Seal([]byte(a.Text), answerAAD(responseID, q.ID))
			if err != nil {
				return nil, err
			}
			sa.Sealed = sealed
		case a.Number != nil:
			sa.Value = strconv.FormatFloat(*a.Number, 'f', -1, 64)
		default:
			sa.Value = strings.Join(a.Values, "\n")
		}
		out = append(out, sa)
	}
	return out, nil
}
