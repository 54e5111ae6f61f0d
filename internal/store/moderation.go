package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

// Sources of moderation items.
const (
	SourceMessage = "message" // a channel message written by a respondent
	SourceAnswer  = "answer"  // one free-text answer of a survey response
)

// Audit actions on moderation items.
const (
	AuditItemOpen = "moderation.open"
	AuditItemMask = "moderation.mask"
)

type moderationRow struct {
	ID          string `gorm:"primaryKey"`
	Source      string
	MessageID   *string
	ResponseID  *string
	QuestionID  *string
	GroupKey    string
	Language    string
	State       string
	Reason      string
	Version     int
	Masks       string
	Masked      string
	SubmittedOn string
}

func (moderationRow) TableName() string { return "moderation_items" }

// ChannelGroup and QuestionGroup name the group an item is listed under in
// the queue: a channel, or one question of a survey.
func ChannelGroup(channelID string) string { return "channel:" + channelID }

// QuestionGroup is the group of a survey question's answers.
func QuestionGroup(surveyID, questionID string) string {
	return "question:" + surveyID + ":" + questionID
}

// ModerationItem is one piece of respondent free text in moderation, its
// text still sealed.
type ModerationItem struct {
	ID       string
	Source   string
	GroupKey string
	Language string
	State    model.ModerationState
	Reason   model.RejectReason
	Version  int
	// Masks are the spans a moderator chose; nil until one saves them.
	Masks       []model.MaskSpan
	Masked      string // sealed masked text, once approved
	SubmittedOn string
	Consent     string

	// Sealed is the original text, sealed under the AAD of its own row:
	// the message id (SourceMessage) or response and question (SourceAnswer).
	Sealed        string
	MessageID     string
	ChannelID     string
	ThreadID      string
	Seq           int
	ResponseID    string
	QuestionID    string
	SurveyID      string
	SurveyVersion int // the survey version the answer was given to
}

const itemColumns = `m.id, m.source, m.group_key, m.language, m.state, m.reason, m.version, m.masks, m.masked, m.submitted_on,
	COALESCE(c.consent, r.consent, '') AS consent,
	COALESCE(c.sealed, a.sealed, '') AS sealed,
	COALESCE(m.message_id, '') AS message_id, COALESCE(c.channel_id, '') AS channel_id, COALESCE(c.thread_id, '') AS thread_id, COALESCE(c.seq, 0) AS seq,
	COALESCE(m.response_id, '') AS response_id, COALESCE(m.question_id, '') AS question_id,
	COALESCE(r.survey_id, '') AS survey_id, COALESCE(r.version, 0) AS survey_version`

const itemJoins = `moderation_items m
	LEFT JOIN channel_messages c ON c.id = m.message_id
	LEFT JOIN answers a ON a.response_id = m.response_id AND a.question_id = m.question_id
	LEFT JOIN responses r ON r.id = m.response_id`

type itemScan struct {
	ID, Source, GroupKey, Language, State, Reason string
	Version                                       int
	Masks, Masked, SubmittedOn, Consent, Sealed   string
	MessageID, ChannelID, ThreadID                string
	Seq                                           int
	ResponseID, QuestionID, SurveyID              string
	SurveyVersion                                 int
}

func (r itemScan) item() ModerationItem {
	it := ModerationItem{ID: r.ID, Source: r.Source, GroupKey: r.GroupKey, Language: r.Language,
		State: model.ModerationState(r.State), Reason: model.RejectReason(r.Reason), Version: r.Version,
		Masked: r.Masked, SubmittedOn: r.SubmittedOn, Consent: r.Consent, Sealed: r.Sealed,
		MessageID: r.MessageID, ChannelID: r.ChannelID, ThreadID: r.ThreadID, Seq: r.Seq,
		ResponseID: r.ResponseID, QuestionID: r.QuestionID, SurveyID: r.SurveyID, SurveyVersion: r.SurveyVersion}
	if r.Masks != "" {
		_ = json.Unmarshal([]byte(r.Masks), &it.Masks)
		if it.Masks == nil {
			it.Masks = []model.MaskSpan{}
		}
	}
	return it
}

// QueueQuery selects items of the moderation queue.
type QueueQuery struct {
	States []model.ModerationState // empty: pending
	// Languages are the languages to list; with none, nothing is listed
	// unless AllLanguages (the admins' and the council's views).
	Languages    model.Languages
	AllLanguages bool
	GroupKey     string // "": every group
	Limit        int    // 0: 500
}

// ModerationQueue lists items oldest day first; within a day, by group and
// then by random id, so that nothing orders a day's submissions.
func (s *Store) ModerationQueue(ctx context.Context, q QueueQuery) ([]ModerationItem, error) {
	if len(q.Languages) == 0 && !q.AllLanguages {
		return nil, nil
	}
	if len(q.States) == 0 {
		q.States = []model.ModerationState{model.ModPending}
	}
	if q.Limit <= 0 {
		q.Limit = 500
	}
	db := s.db.WithContext(ctx).Table(itemJoins).Select(itemColumns).Where("m.state IN ?", q.States)
	if !q.AllLanguages {
		db = db.Where("m.language IN ?", []string(q.Languages))
	}
	if q.GroupKey != "" {
		db = db.Where("m.group_key = ?", q.GroupKey)
	}
	var rows []itemScan
	if err := db.Order("m.submitted_on, m.group_key, m.id").Limit(q.Limit).Scan(&rows).Error; err != nil {
		return nil, dbError(err)
	}
	out := make([]ModerationItem, len(rows))
	for i, r := range rows {
		out[i] = r.item()
	}
	return out, nil
}

// ModerationItemByID finds one item.
func (s *Store) ModerationItemByID(ctx context.Context, id string) (*ModerationItem, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	var rows []itemScan
	if err := s.db.WithContext(ctx).Table(itemJoins).Select(itemColumns).Where("m.id = ?", id).Scan(&rows).Error; err != nil {
		return nil, dbError(err)
	}
	if len(rows) != 1 {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	it := rows[0].item()
	return &it, nil
}

// ItemCount is how many items wait in one language.
type ItemCount struct {
	Language string
	Count    int
}

// CountByLanguage counts the items in a state per language, in language
// order.
func (s *Store) CountByLanguage(ctx context.Context, state model.ModerationState) ([]ItemCount, error) {
	var out []ItemCount
	err := s.db.WithContext(ctx).Model(&moderationRow{}).Select("language, COUNT(*) AS count").
		Where("state = ?", state).Group("language").Order("language").Scan(&out).Error
	return out, dbError(err)
}

// PendingByLanguage counts the items waiting for a moderator, per language.
func (s *Store) PendingByLanguage(ctx context.Context) (map[string]int, error) {
	counts, err := s.CountByLanguage(ctx, model.ModPending)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(counts))
	for _, c := range counts {
		out[c.Language] = c.Count
	}
	return out, nil
}

// ItemChange is one moderator's or admin's action on an item.
type ItemChange struct {
	Action model.ModerationAction
	Reason model.RejectReason // for ModReject
	// Masks, when not nil, replaces the item's masks (a mask change is
	// audited on its own, with any action).
	Masks []model.MaskSpan
	// Masked is the masked text sealed by the caller under MaskedAAD(id),
	// required to approve.
	Masked string
	// Reply is the moderator's reply for ModReply: a channel message of
	// the item's thread, sealed by the caller.
	Reply *ChannelPost
}

// MaskedAAD binds an item's sealed masked text to its row.
func MaskedAAD(itemID string) []byte { return []byte("moderation_items.masked\x00" + itemID) }

// Moderate applies one change to an item that the caller saw at version.
// When the item changed meanwhile (another moderator acted on it), nothing
// is applied and the error is ModerationChanged (CodeConflict): of two
// moderators acting on one item, exactly one wins. A moderator acts only on
// items in their languages; an admin only on safeguarding items.
func (s *Store) Moderate(ctx context.Context, actor *model.StaffUser, id string, version int, ch ItemChange) (*ModerationItem, error) {
	var out *ModerationItem
	err := s.tx(ctx, func(tx *gorm.DB) error {
		it, err := s.moderate(tx, actor, id, version, ch)
		out = it
		return err
	})
	return out, err
}

// ModerateMany applies one change without masks or text (a bulk reject) to
// each item at the version the caller saw, all in one transaction. Items
// that changed meanwhile are skipped and returned; every other failure
// rolls the whole batch back.
func (s *Store) ModerateMany(ctx context.Context, actor *model.StaffUser, versions map[string]int, ch ItemChange) (done int, changed []string, err error) {
	if ch.Masks != nil || ch.Masked != "" || ch.Reply != nil {
		return 0, nil, model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		done, changed = 0, nil
		for id, v := range versions {
			err := tx.Transaction(func(tx *gorm.DB) error {
				_, err := s.moderate(tx, actor, id, v, ch)
				return err
			})
			var de *model.Error
			if errors.As(err, &de) && (de.Key == "ModerationChanged" || de.Code == model.CodeNotFound) {
				changed = append(changed, id)
				continue
			}
			if err != nil {
				return err
			}
			done++
		}
		return nil
	})
	return done, changed, err
}

func (s *Store) moderate(tx *gorm.DB, actor *model.StaffUser, id string, version int, ch ItemChange) (*ModerationItem, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	var rows []itemScan
	if err := tx.Table(itemJoins).Select(itemColumns).Where("m.id = ?", id).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) != 1 {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	it := rows[0].item()
	if !MayAct(actor, &it) {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	if ch.Action == model.ModReply && ch.Reply != nil { // a retry of a reply that was stored
		var n int64
		if err := tx.Model(&channelMessageRow{}).Where("id = ?", ch.Reply.ID).Count(&n).Error; err != nil {
			return nil, err
		}
		if n > 0 {
			return &it, nil
		}
	}
	if it.Version != version {
		return nil, model.Errorf(model.CodeConflict, "ModerationChanged")
	}
	next, merr := model.Moderate(it.State, ch.Action, actor.Roles, ch.Reason)
	if merr != nil {
		return nil, merr
	}
	updates := map[string]any{"state": string(next), "version": version + 1}
	switch ch.Action {
	case model.ModReject:
		updates["reason"] = string(ch.Reason)
	case model.ModReopen, model.ModResolveSafeguarding:
		updates["reason"] = ""
	case model.ModApprove:
		if ch.Masked == "" {
			return nil, model.Errorf(model.CodeInvalid, "ErrorBadRequest")
		}
		updates["masked"] = ch.Masked
	case model.ModReply:
		if ch.Reply == nil || it.Source != SourceMessage {
			return nil, model.Errorf(model.CodeUnprocessable, "ModerationNoReply")
		}
	}
	var maskDetail string
	if ch.Masks != nil {
		if ch.Action != model.ModMask && ch.Action != model.ModApprove {
			return nil, model.Errorf(model.CodeInvalid, "ErrorBadRequest")
		}
		js, _ := json.Marshal(ch.Masks)
		if string(js) != maskJSON(it.Masks) {
			updates["masks"] = string(js)
			maskDetail = maskChange(it.Masks, ch.Masks)
		}
	}
	res := tx.Model(&moderationRow{}).Where("id = ? AND version = ?", id, version).Updates(updates)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected != 1 {
		return nil, model.Errorf(model.CodeConflict, "ModerationChanged")
	}
	if it.Source == SourceMessage && next != it.State {
		if err := tx.Model(&channelMessageRow{}).Where("id = ?", it.MessageID).Update("moderation_state", string(next)).Error; err != nil {
			return nil, err
		}
	}
	if ch.Action == model.ModReply {
		r := *ch.Reply
		r.ThreadID, r.Author, r.Receipt, r.Pseudonym, r.Consent = it.ThreadID, model.AuthorModerator, nil, "", ConsentAggregate
		if _, err := uuid.Parse(r.ID); err != nil {
			return nil, model.Errorf(model.CodeInvalid, "ErrorBadRequest")
		}
		if _, err := s.insertMessage(tx, &r); err != nil {
			return nil, err
		}
	}
	if maskDetail != "" {
		if err := s.auditItem(tx, actor, AuditItemMask, id, maskDetail); err != nil {
			return nil, err
		}
	}
	if ch.Action != model.ModMask {
		detail := ""
		if ch.Action == model.ModReject {
			detail = string(ch.Reason)
		}
		if err := s.auditItem(tx, actor, "moderation."+string(ch.Action), id, detail); err != nil {
			return nil, err
		}
	}
	it.State, it.Version = next, version+1
	if r, ok := updates["reason"].(string); ok {
		it.Reason = model.RejectReason(r)
	}
	if ch.Masks != nil {
		it.Masks = ch.Masks
	}
	if m, ok := updates["masked"].(string); ok {
		it.Masked = m
	}
	return &it, nil
}

// MayAct reports whether actor may see and act on the item outside the
// state rules: a moderator in the item's language, or an admin on a
// safeguarding item.
func MayAct(actor *model.StaffUser, it *ModerationItem) bool {
	if actor.Roles.Has(model.RoleModerator) && actor.Languages.Has(it.Language) {
		return true
	}
	return actor.Roles.Has(model.RoleAdmin) && it.State == model.ModSafeguarding
}

func maskJSON(ms []model.MaskSpan) string {
	if ms == nil {
		return ""
	}
	js, _ := json.Marshal(ms)
	return string(js)
}

// maskChange describes a mask change for the audit log by kinds and counts,
// never by text: "+phone +term -id".
func maskChange(before, after []model.MaskSpan) string {
	var parts []string
	for _, m := range after {
		if !slices.Contains(before, m) {
			parts = append(parts, "+"+m.Kind)
		}
	}
	for _, m := range before {
		if !slices.Contains(after, m) {
			parts = append(parts, "-"+m.Kind)
		}
	}
	if before == nil && len(parts) == 0 {
		return fmt.Sprintf("=%d", len(after)) // the detectors' proposal, kept as it was
	}
	return strings.Join(parts, " ")
}

// RecordItemOpen writes to the audit log that actor opened an item.
func (s *Store) RecordItemOpen(ctx context.Context, actor *model.StaffUser, id string) error {
	return s.tx(ctx, func(tx *gorm.DB) error { return s.auditItem(tx, actor, AuditItemOpen, id, "") })
}

// RecordView writes to the audit log that actor viewed submissions in a
// list, such as the council's page of approved feedback.
func (s *Store) RecordView(ctx context.Context, actor *model.StaffUser, action, detail string) error {
	return s.tx(ctx, func(tx *gorm.DB) error { return s.auditNote(tx, actor, action, detail) })
}

func (s *Store) auditItem(tx *gorm.DB, actor *model.StaffUser, action, itemID, detail string) error {
	ev := model.AuditEvent{At: s.clock.Now(), Action: action, Detail: detail, ItemID: &itemID}
	if actor != nil {
		ev.ActorID, ev.ActorEmail = &actor.ID, actor.Email
	}
	return tx.Create(&ev).Error
}

// ItemHistory returns the audit lines about an item, oldest first.
func (s *Store) ItemHistory(ctx context.Context, id string) ([]model.AuditEvent, error) {
	var evs []model.AuditEvent
	err := s.db.WithContext(ctx).Where("item_id = ?", id).Order("id").Find(&evs).Error
	return evs, dbError(err)
}

// ThreadMessages returns every message of a thread in order, text sealed.
func (s *Store) ThreadMessages(ctx context.Context, threadID string) ([]ChannelMessage, error) {
	var rows []channelMessageRow
	if err := s.db.WithContext(ctx).Where("thread_id = ?", threadID).Order("seq").Find(&rows).Error; err != nil {
		return nil, dbError(err)
	}
	out := make([]ChannelMessage, len(rows))
	for i, r := range rows {
		out[i] = ChannelMessage{ID: r.ID, ChannelID: r.ChannelID, ThreadID: r.ThreadID, Seq: r.Seq, Language: r.Language,
			Consent: r.Consent, Sealed: r.Sealed, Author: r.Author, ModerationState: r.ModerationState, SubmittedOn: r.SubmittedOn}
	}
	return out, nil
}

// newItem is the moderation item of a piece of free text just stored.
func newItem(source, groupKey, language, day string) moderationRow {
	return moderationRow{ID: uuid.NewString(), Source: source, GroupKey: groupKey, Language: language,
		State: string(model.ModPending), Version: 1, SubmittedOn: day}
}

// MaskTerm is one term on the moderators' list, sealed.
type MaskTerm struct {
	ID     string `gorm:"primaryKey"`
	Sealed string
}

type maskTermRow struct {
	ID        string `gorm:"primaryKey"`
	Sealed    string
	CreatedAt time.Time
}

func (maskTermRow) TableName() string { return "mask_terms" }

// MaskTermAAD binds a sealed term to its row.
func MaskTermAAD(id string) []byte { return []byte("mask_terms.sealed\x00" + id) }

// MaskTerms lists the moderators' terms, sealed.
func (s *Store) MaskTerms(ctx context.Context) ([]MaskTerm, error) {
	var out []MaskTerm
	err := s.db.WithContext(ctx).Model(&maskTermRow{}).Select("id, sealed").Order("id").Scan(&out).Error
	return out, dbError(err)
}

// AddMaskTerm stores a term sealed by the caller under MaskTermAAD(id).
func (s *Store) AddMaskTerm(ctx context.Context, actor *model.StaffUser, id, sealed string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&maskTermRow{ID: id, Sealed: sealed, CreatedAt: s.clock.Now()}).Error; err != nil {
			return err
		}
		return s.auditNote(tx, actor, "moderation.term_add", "")
	})
}

// RemoveMaskTerm deletes a term.
func (s *Store) RemoveMaskTerm(ctx context.Context, actor *model.StaffUser, id string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ?", id).Delete(&maskTermRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeNotFound, "ErrorNotFound")
		}
		return s.auditNote(tx, actor, "moderation.term_remove", "")
	})
}
