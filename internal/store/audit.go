package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

// audit writes one audit line inside the caller's transaction, so the line
// exists exactly when the change does.
func (s *Store) audit(tx *gorm.DB, actor *model.StaffUser, action string, target *model.StaffUser, detail string) error {
	ev := model.AuditEvent{At: s.clock.Now(), Action: action, Detail: detail}
	if actor != nil {
		ev.ActorID, ev.ActorEmail = &actor.ID, actor.Email
	}
	if target != nil {
		ev.TargetID, ev.TargetEmail = &target.ID, target.Email
	}
	return tx.Create(&ev).Error
}

// AuditPage returns up to limit audit events older than the event id before
// (0: the newest), newest first.
func (s *Store) AuditPage(ctx context.Context, before int64, limit int) ([]model.AuditEvent, error) {
	q := s.db.WithContext(ctx).Order("id DESC").Limit(limit)
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var evs []model.AuditEvent
	return evs, dbError(q.Find(&evs).Error)
}

// auditNote writes an audit line about something other than a staff account.
func (s *Store) auditNote(tx *gorm.DB, actor *model.StaffUser, action, detail string) error {
	return s.audit(tx, actor, action, nil, detail)
}
