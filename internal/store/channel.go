package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

type channelRow struct {
	ID             string `gorm:"primaryKey"`
	ConsultationID string
	Slug           string
	Title          string // JSON model.Text
	Description    string // JSON model.Text
	Languages      string // JSON []string
	Open           bool
	CreatedAt      time.Time
}

func (channelRow) TableName() string { return "channels" }

func (r channelRow) model() model.Channel {
	ch := model.Channel{ID: r.ID, ConsultationID: r.ConsultationID, Slug: r.Slug, Open: r.Open}
	_ = json.Unmarshal([]byte(r.Title), &ch.Title)
	_ = json.Unmarshal([]byte(r.Description), &ch.Description)
	_ = json.Unmarshal([]byte(r.Languages), &ch.Languages)
	return ch
}

type channelMessageRow struct {
	ID              string `gorm:"primaryKey"`
	ChannelID       string
	ThreadID        string
	Seq             int
	ReceiptID       *string
	Pseudonym       string
	Language        string
	Consent         string
	Sealed          string
	Author          string
	ModerationState string
	SubmittedOn     string
}

func (channelMessageRow) TableName() string { return "channel_messages" }

// CreateChannel adds a channel to a consultation, closed unless ch.Open.
func (s *Store) CreateChannel(ctx context.Context, actor *model.StaffUser, ch *model.Channel) error {
	if !model.SlugPattern.MatchString(ch.Slug) {
		return model.Errorf(model.CodeUnprocessable, "SurveyBadSlug").WithData(map[string]any{"Slug": ch.Slug})
	}
	if ch.ID == "" {
		ch.ID = uuid.NewString()
	}
	title, _ := json.Marshal(ch.Title)
	desc, _ := json.Marshal(ch.Description)
	langs, _ := json.Marshal(ch.Languages)
	row := channelRow{ID: ch.ID, ConsultationID: ch.ConsultationID, Slug: ch.Slug, Title: string(title), Description: string(desc),
		Languages: string(langs), Open: ch.Open, CreatedAt: s.clock.Now()}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&channelRow{}).Where("slug = ?", ch.Slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return model.Errorf(model.CodeConflict, "ErrorSlugTaken")
		}
		if err := tx.Model(&consultationRow{}).Where("id = ?", ch.ConsultationID).Count(&n).Error; err != nil {
			return err
		}
		if n != 1 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return s.auditNote(tx, actor, "channel.create", ch.Slug)
	})
	if err != nil && isUniqueViolation(err) {
		return model.Errorf(model.CodeConflict, "ErrorSlugTaken")
	}
	return err
}

// Channels lists the channels, only the open ones with openOnly.
func (s *Store) Channels(ctx context.Context, openOnly bool) ([]model.Channel, error) {
	q := s.db.WithContext(ctx).Order("slug")
	if openOnly {
		q = q.Where("open = ?", true)
	}
	var rows []channelRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, dbError(err)
	}
	out := make([]model.Channel, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, nil
}

// ChannelBySlug finds a channel, open or not.
func (s *Store) ChannelBySlug(ctx context.Context, slug string) (*model.Channel, error) {
	return s.channel(ctx, "slug = ?", slug)
}

// ChannelByID finds a channel by its id.
func (s *Store) ChannelByID(ctx context.Context, id string) (*model.Channel, error) {
	return s.channel(ctx, "id = ?", id)
}

func (s *Store) channel(ctx context.Context, where, arg string) (*model.Channel, error) {
	var row channelRow
	if err := s.db.WithContext(ctx).Where(where, arg).Take(&row).Error; err != nil {
		return nil, dbError(err)
	}
	ch := row.model()
	return &ch, nil
}

// SetChannelOpen opens or closes a channel.
func (s *Store) SetChannelOpen(ctx context.Context, actor *model.StaffUser, slug string, open bool) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&channelRow{}).Where("slug = ?", slug).Update("open", open)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		action := "channel.close"
		if open {
			action = "channel.open"
		}
		return s.auditNote(tx, actor, action, slug)
	})
}

// ChannelPost is one channel message ready to store. Its text is sealed by
// the caller, bound to the message id.
type ChannelPost struct {
	ID        string // from the sealed form token: a retry carries the same id
	ChannelID string
	ThreadID  string      // empty: the message starts a thread
	Receipt   *NewReceipt // nil: posted without a receipt
	Pseudonym string
	Language  string
	Consent   string
	Sealed    string
	Author    string // model.AuthorRespondent unless a moderator replies
}

// PostMessage stores a channel message. Posting the same id again stores
// nothing more and reports duplicate, like Submit. A follow-up by a
// respondent must name a thread of the same receipt.
func (s *Store) PostMessage(ctx context.Context, p *ChannelPost) (duplicate bool, err error) {
	if _, err := uuid.Parse(p.ID); err != nil {
		return false, model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	if p.Author == "" {
		p.Author = model.AuthorRespondent
	}
	if !ValidConsent(p.Consent) {
		p.Consent = ConsentAggregate
	}
	for attempt := 0; ; attempt++ {
		duplicate, err = s.postMessage(ctx, p)
		if err == nil || !isUniqueViolation(err) {
			return duplicate, err
		}
		// Either a concurrent post of the same id won, or a concurrent
		// follow-up took the same place in the thread: try again.
		var n int64
		if e := s.db.WithContext(ctx).Model(&channelMessageRow{}).Where("id = ?", p.ID).Count(&n).Error; e == nil && n > 0 {
			return true, nil
		}
		if attempt == 3 {
			return false, dbError(err)
		}
	}
}

func (s *Store) postMessage(ctx context.Context, p *ChannelPost) (duplicate bool, err error) {
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		duplicate, err = s.insertMessage(tx, p)
		return err
	})
	return duplicate, err
}

// insertMessage stores p inside tx, unless a message with its id exists
// (duplicate). A respondent's message waits for moderation, with its
// moderation item; a moderator's reply is published at once.
func (s *Store) insertMessage(tx *gorm.DB, p *ChannelPost) (duplicate bool, err error) {
	var n int64
	if err := tx.Model(&channelMessageRow{}).Where("id = ?", p.ID).Count(&n).Error; err != nil {
		return false, err
	}
	if n > 0 {
		return true, nil
	}
	day := Day(s.clock.Now())
	receiptID, err := s.optionalReceipt(tx, p.Receipt, day)
	if err != nil {
		return false, err
	}
	state := model.ModPending
	if p.Author != model.AuthorRespondent {
		state = model.ModApproved
	}
	row := channelMessageRow{ID: p.ID, ChannelID: p.ChannelID, ThreadID: p.ID, Seq: 1, ReceiptID: receiptID, Pseudonym: p.Pseudonym,
		Language: p.Language, Consent: p.Consent, Sealed: p.Sealed, Author: p.Author, ModerationState: string(state), SubmittedOn: day}
	if p.ThreadID != "" {
		var first channelMessageRow
		q := tx.Where("id = ? AND thread_id = id", p.ThreadID)
		if p.Author == model.AuthorRespondent {
			if receiptID == nil {
				return false, model.Errorf(model.CodeNotFound, "ErrorNotFound")
			}
			q = q.Where("receipt_id = ?", *receiptID)
		}
		if err := q.Take(&first).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return false, model.Errorf(model.CodeNotFound, "ErrorNotFound")
			}
			return false, err
		}
		var last struct{ Seq int }
		if err := tx.Model(&channelMessageRow{}).Select("COALESCE(MAX(seq), 0) AS seq").Where("thread_id = ?", p.ThreadID).Scan(&last).Error; err != nil {
			return false, err
		}
		row.ThreadID, row.ChannelID, row.Seq = p.ThreadID, first.ChannelID, last.Seq+1
		if row.Pseudonym == "" {
			row.Pseudonym = first.Pseudonym
		}
	}
	if err := tx.Create(&row).Error; err != nil {
		return false, err
	}
	if row.Author != model.AuthorRespondent {
		return false, nil
	}
	it := newItem(SourceMessage, ChannelGroup(row.ChannelID), row.Language, day)
	it.MessageID = &row.ID
	return false, tx.Create(&it).Error
}

// ChannelMessage is one stored message, its text still sealed.
type ChannelMessage struct {
	ID, ChannelID, ThreadID string
	Seq                     int
	Mine                    bool // written under the receipt asked for
	Language, Consent       string
	Sealed                  string
	Author                  string
	ModerationState         string
	SubmittedOn             string
}

// ThreadsOfReceipt returns every message of the threads a receipt started,
// the moderators' replies included, thread by thread, each in order: by
// day, then by place in the thread.
func (s *Store) ThreadsOfReceipt(ctx context.Context, receiptID string) ([]ChannelMessage, error) {
	var rows []channelMessageRow
	err := s.db.WithContext(ctx).
		Where("thread_id IN (?)", s.db.Model(&channelMessageRow{}).Select("id").Where("receipt_id = ? AND thread_id = id", receiptID)).
		Order("thread_id, submitted_on, seq").Find(&rows).Error
	if err != nil {
		return nil, dbError(err)
	}
	out := make([]ChannelMessage, len(rows))
	for i, r := range rows {
		out[i] = ChannelMessage{ID: r.ID, ChannelID: r.ChannelID, ThreadID: r.ThreadID, Seq: r.Seq,
			Mine: r.ReceiptID != nil && *r.ReceiptID == receiptID, Language: r.Language, Consent: r.Consent,
			Sealed: r.Sealed, Author: r.Author, ModerationState: r.ModerationState, SubmittedOn: r.SubmittedOn}
	}
	return out, nil
}

// ModerationWithdrawn marks a message its writer took back: its text is gone.
const ModerationWithdrawn = "withdrawn"

// SetThreadConsent changes the consent of the writer's messages in a thread
// the receipt started.
func (s *Store) SetThreadConsent(ctx context.Context, receiptID, threadID, consent string) error {
	if !ValidConsent(consent) {
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&channelMessageRow{}).
			Where("thread_id = ? AND receipt_id = ? AND author = ? AND moderation_state <> ?", threadID, receiptID, model.AuthorRespondent, ModerationWithdrawn).
			Update("consent", consent)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		return nil
	})
}

// WithdrawThread deletes the text of the writer's messages in a thread the
// receipt started, at once, and marks them withdrawn.
func (s *Store) WithdrawThread(ctx context.Context, receiptID, threadID string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		mine := tx.Model(&channelMessageRow{}).Select("id").
			Where("thread_id = ? AND receipt_id = ? AND author = ? AND moderation_state <> ?", threadID, receiptID, model.AuthorRespondent, ModerationWithdrawn)
		// The moderation items go with the text: nothing is left to moderate.
		if err := tx.Where("message_id IN (?)", mine).Delete(&moderationRow{}).Error; err != nil {
			return err
		}
		res := tx.Model(&channelMessageRow{}).
			Where("thread_id = ? AND receipt_id = ? AND author = ? AND moderation_state <> ?", threadID, receiptID, model.AuthorRespondent, ModerationWithdrawn).
			Updates(map[string]any{"sealed": "", "moderation_state": ModerationWithdrawn, "consent": ConsentAggregate})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		return nil
	})
}
