package store

import (
	"context"
	"crypto/rand"
	"time"

	"gorm.io/gorm"

	"github.com/survivorvoice/voice/internal/model"
)

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// CompleteSignIn records a successful password and TOTP check: it accepts the
// TOTP step only if it is newer than any accepted before (a code works once,
// even when two sign-ins race), ends the session the browser came with, clears
// the account's failure count and opens a new session. It returns the new
// session id, which only the cookie holds.
func (s *Store) CompleteSignIn(ctx context.Context, u *model.StaffUser, step int64, oldSessionID, accountKey string) (string, error) {
	id := rand.Text() + rand.Text()
	err := s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&model.StaffUser{}).
			Where("id = ? AND totp_last_step < ? AND disabled = ?", u.ID, step, false).
			Update("totp_last_step", step)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return model.Errorf(model.CodeUnprocessable, "SignInFailed")
		}
		if oldSessionID != "" {
			if err := tx.Where("id_hash = ?", HashToken(oldSessionID)).Delete(&model.Session{}).Error; err != nil {
				return err
			}
		}
		if err := tx.Where("key = ?", accountKey).Delete(&throttle{}).Error; err != nil {
			return err
		}
		now := s.clock.Now()
		sess := model.Session{IDHash: HashToken(id), UserID: u.ID, CSRFToken: rand.Text(), CreatedAt: now, LastSeenAt: now}
		if err := tx.Create(&sess).Error; err != nil {
			return err
		}
		return s.audit(tx, u, model.AuditSignIn, u, "")
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// SessionUser returns the enabled account and live session for a session id.
// An expired session is deleted. Any failure is CodeUnauthorized.
func (s *Store) SessionUser(ctx context.Context, sessionID string) (*model.StaffUser, *model.Session, error) {
	if sessionID == "" {
		return nil, nil, model.Errorf(model.CodeUnauthorized, "ErrorSignInRequired")
	}
	var (
		u    model.StaffUser
		sess model.Session
	)
	db := s.db.WithContext(ctx)
	if err := db.Where("id_hash = ?", HashToken(sessionID)).Take(&sess).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return nil, nil, model.Errorf(model.CodeUnauthorized, "ErrorSignInRequired")
		}
		return nil, nil, dbError(err)
	}
	now := s.clock.Now()
	if sess.Expired(now) {
		if err := db.Delete(&sess).Error; err != nil {
			return nil, nil, dbError(err)
		}
		return nil, nil, model.Errorf(model.CodeUnauthorized, "ErrorSessionExpired")
	}
	if err := db.Where("id = ?", sess.UserID).Take(&u).Error; err != nil {
		return nil, nil, dbError(err)
	}
	if u.Disabled || !u.Ready() {
		return nil, nil, model.Errorf(model.CodeUnauthorized, "ErrorSignInRequired")
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		sess.LastSeenAt = now
		if err := db.Model(&sess).Update("last_seen_at", now).Error; err != nil {
			return nil, nil, dbError(err)
		}
	}
	return &u, &sess, nil
}

// EndSession signs out: the session is deleted server-side.
func (s *Store) EndSession(ctx context.Context, u *model.StaffUser, sessionID string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("id_hash = ?", HashToken(sessionID)).Delete(&model.Session{}).Error; err != nil {
			return err
		}
		return s.audit(tx, u, model.AuditSignOut, u, "")
	})
}
