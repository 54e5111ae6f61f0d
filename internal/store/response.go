package store

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

// Response statuses.
const (
	StatusSubmitted = "submitted"
	StatusWithdrawn = "withdrawn"
)

// Consent levels (ARCHITECTURE.md §3.10).
const (
	ConsentAggregate = "aggregate" // the default
	ConsentQuote     = "quote"     // may be quoted anonymously
)

// ValidConsent reports whether c is a consent level.
func ValidConsent(c string) bool { return c == ConsentAggregate || c == ConsentQuote }

type receiptRow struct {
	ID        string `gorm:"primaryKey"`
	Lookup    string
	Hash      string
	CreatedOn string
}

func (receiptRow) TableName() string { return "receipts" }

type responseRow struct {
	ID          string `gorm:"primaryKey"`
	SurveyID    string
	Version     int
	ReceiptID   *string
	Pseudonym   string
	Language    string
	Consent     string
	Status      string
	SubmittedOn string
}

func (responseRow) TableName() string { return "responses" }

// StoredAnswer is one answer as kept: choices or a number as text in Value,
// free text sealed by the caller in Sealed.
type StoredAnswer struct {
	ResponseID string `gorm:"primaryKey"`
	QuestionID string `gorm:"primaryKey"`
	Value      string
	Sealed     string
	Declined   bool
}

func (StoredAnswer) TableName() string { return "answers" }

// NewReceipt is a receipt to store with a submission or a saved draft: the
// id of the receipt row when it exists already, else its lookup bucket and
// slow hash, never the digits.
type NewReceipt struct {
	ID           string
	Lookup, Hash string
}

// Submission is one survey response ready to store.
type Submission struct {
	ID        string // from the draft: a retry carries the same id
	SurveyID  string
	Version   int
	Receipt   *NewReceipt // nil: the respondent finished without one
	Pseudonym string
	Language  string
	Consent   string
	Answers   []StoredAnswer
}

// Submit stores a response and its answers in one transaction. Submitting
// the same id again (a double tap, a retry after a timeout) stores nothing
// more and reports duplicate, so the caller shows the same receipt.
func (s *Store) Submit(ctx context.Context, sub *Submission) (duplicate bool, err error) {
	if _, err := uuid.Parse(sub.ID); err != nil {
		return false, model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&responseRow{}).Where("id = ?", sub.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			duplicate = true
			return nil
		}
		day := Day(s.clock.Now())
		receiptID, err := s.optionalReceipt(tx, sub.Receipt, day)
		if err != nil {
			return err
		}
		row := responseRow{ID: sub.ID, SurveyID: sub.SurveyID, Version: sub.Version, ReceiptID: receiptID, Pseudonym: sub.Pseudonym,
			Language: sub.Language, Consent: sub.Consent, Status: StatusSubmitted, SubmittedOn: day}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		for i := range sub.Answers {
			sub.Answers[i].ResponseID = sub.ID
		}
		if len(sub.Answers) > 0 {
			if err := tx.CreateInBatches(sub.Answers, 100).Error; err != nil {
				return err
			}
		}
		// Every free-text answer waits for a moderator before the council
		// reads it.
		var items []moderationRow
		for _, a := range sub.Answers {
			if a.Sealed != "" {
				it := newItem(SourceAnswer, QuestionGroup(sub.SurveyID, a.QuestionID), sub.Language, day)
				it.ResponseID, it.QuestionID = &a.ResponseID, &a.QuestionID
				items = append(items, it)
			}
		}
		if len(items) > 0 {
			if err := tx.CreateInBatches(items, 100).Error; err != nil {
				return err
			}
		}
		if receiptID != nil { // a draft saved under this receipt is now sent
			return tx.Where("receipt_id = ? AND survey_id = ?", *receiptID, sub.SurveyID).Delete(&savedDraft{}).Error
		}
		return nil
	})
	if err != nil && isUniqueViolation(err) {
		return true, nil // a concurrent submit of the same id won
	}
	return duplicate, err
}

// optionalReceipt is receiptFor for a submission that may have no receipt.
func (s *Store) optionalReceipt(tx *gorm.DB, r *NewReceipt, day string) (*string, error) {
	if r == nil {
		return nil, nil
	}
	id, err := s.receiptFor(tx, r, day)
	if err != nil {
		return nil, err
	}
	return &id, nil
}

// receiptFor returns the id of the receipt row, creating it when new. The
// same receipt may hold a saved draft and later the submission.
func (s *Store) receiptFor(tx *gorm.DB, r *NewReceipt, day string) (string, error) {
	if r.ID != "" {
		var n int64
		if err := tx.Model(&receiptRow{}).Where("id = ?", r.ID).Count(&n).Error; err != nil {
			return "", err
		}
		if n == 1 {
			return r.ID, nil
		}
		return "", model.Errorf(model.CodeNotFound, "ReceiptNotFound")
	}
	row := receiptRow{ID: uuid.NewString(), Lookup: r.Lookup, Hash: r.Hash, CreatedOn: day}
	return row.ID, tx.Create(&row).Error
}

func isUniqueViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint") || strings.Contains(msg, "SQLSTATE 23505") || strings.Contains(msg, "duplicate key")
}

// Receipt is a stored receipt, found by its lookup key; the caller checks the
// slow hash before trusting it.
type Receipt struct {
	ID, Hash string
}

// ReceiptsByLookup returns the receipts in a lookup bucket; the caller finds
// the one whose slow hash verifies.
func (s *Store) ReceiptsByLookup(ctx context.Context, lookup string) ([]Receipt, error) {
	var rows []receiptRow
	if err := s.db.WithContext(ctx).Where("lookup = ?", lookup).Limit(64).Find(&rows).Error; err != nil {
		return nil, dbError(err)
	}
	out := make([]Receipt, len(rows))
	for i, r := range rows {
		out[i] = Receipt{ID: r.ID, Hash: r.Hash}
	}
	return out, nil
}

// ReceiptSubmission is what the receipt page shows of one submission.
type ReceiptSubmission struct {
	ID          string
	SurveyID    string
	SurveySlug  string
	Version     int
	Language    string
	Consent     string
	Status      string
	SubmittedOn string
}

// ReceiptSubmissions lists the submissions of a receipt.
func (s *Store) ReceiptSubmissions(ctx context.Context, receiptID string) ([]ReceiptSubmission, error) {
	var out []ReceiptSubmission
	err := s.db.WithContext(ctx).Table("responses r").
		Select("r.id, r.survey_id, s.slug AS survey_slug, r.version, r.language, r.consent, r.status, r.submitted_on").
		Joins("JOIN surveys s ON s.id = r.survey_id").
		Where("r.receipt_id = ?", receiptID).Order("r.submitted_on, s.slug").Scan(&out).Error
	return out, dbError(err)
}

// SetConsent changes the consent of a receipt's submission.
func (s *Store) SetConsent(ctx context.Context, receiptID, responseID, consent string) error {
	if !ValidConsent(consent) {
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&responseRow{}).Where("id = ? AND receipt_id = ? AND status = ?", responseID, receiptID, StatusSubmitted).
			Update("consent", consent)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		return nil
	})
}

// Withdraw deletes a submission's answers at once and marks it withdrawn.
func (s *Store) Withdraw(ctx context.Context, receiptID, responseID string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&responseRow{}).Where("id = ? AND receipt_id = ? AND status = ?", responseID, receiptID, StatusSubmitted).
			Updates(map[string]any{"status": StatusWithdrawn, "consent": ConsentAggregate})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		return tx.Where("response_id = ?", responseID).Delete(&StoredAnswer{}).Error
	})
}

// ResponseAnswers returns the stored answers of a response.
func (s *Store) ResponseAnswers(ctx context.Context, responseID string) ([]StoredAnswer, error) {
	var as []StoredAnswer
	err := s.db.WithContext(ctx).Where("response_id = ?", responseID).Order("question_id").Find(&as).Error
	return as, dbError(err)
}

// CountResponses counts a survey's submitted responses.
func (s *Store) CountResponses(ctx context.Context, surveyID string) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&responseRow{}).Where("survey_id = ? AND status = ?", surveyID, StatusSubmitted).Count(&n).Error
	return n, dbError(err)
}

type savedDraft struct {
	ReceiptID string `gorm:"primaryKey"`
	SurveyID  string
	Sealed    string
	ExpiresOn string
}

func (savedDraft) TableName() string { return "saved_drafts" }

// SaveDraft keeps a sealed draft under a receipt until it expires or is sent.
func (s *Store) SaveDraft(ctx context.Context, r *NewReceipt, surveyID, sealed, expiresOn string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		id, err := s.receiptFor(tx, r, Day(s.clock.Now()))
		if err != nil {
			return err
		}
		if err := tx.Where("receipt_id = ?", id).Delete(&savedDraft{}).Error; err != nil {
			return err
		}
		return tx.Create(&savedDraft{ReceiptID: id, SurveyID: surveyID, Sealed: sealed, ExpiresOn: expiresOn}).Error
	})
}

// SavedDraft returns the sealed draft kept under a receipt, if it has not
// expired.
func (s *Store) SavedDraft(ctx context.Context, receiptID string) (surveyID, sealed string, err error) {
	var d savedDraft
	err = s.db.WithContext(ctx).Where("receipt_id = ? AND expires_on >= ?", receiptID, Day(s.clock.Now())).Take(&d).Error
	if err != nil {
		return "", "", dbError(err)
	}
	return d.SurveyID, d.Sealed, nil
}

// PurgeExpiredDrafts deletes drafts past their expiry day, and receipts left
// with nothing behind them.
func (s *Store) PurgeExpiredDrafts(ctx context.Context) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("expires_on < ?", Day(s.clock.Now())).Delete(&savedDraft{})
		if res.Error != nil {
			return res.Error
		}
		n = res.RowsAffected
		return tx.Exec(`DELETE FROM receipts WHERE id NOT IN (SELECT receipt_id FROM saved_drafts)
			AND id NOT IN (SELECT receipt_id FROM responses WHERE receipt_id IS NOT NULL)
			AND id NOT IN (SELECT receipt_id FROM channel_messages WHERE receipt_id IS NOT NULL)`).Error
	})
	return n, err
}
