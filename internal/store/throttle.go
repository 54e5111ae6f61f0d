package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/survivorvoice/voice/internal/model"
)

// Sign-in throttling. Counters live in the database so that every replica
// sees them; keys are keyed hashes of the address typed, so an address that
// has no account is slowed down exactly like one that has.
const (
	freeFailures     = 5                // failures per account before slowing down
	maxAccountDelay  = 15 * time.Minute // longest wait per account
	globalWindow     = time.Minute
	globalFailures   = 100 // failures per window across all accounts
	globalThrottleID = "global"
)

type throttle struct {
	Key           string `gorm:"primaryKey"`
	Failures      int
	WindowStart   time.Time
	NextAllowedAt time.Time
}

func (throttle) TableName() string { return "signin_throttle" }

// SignInWait tells how long a sign-in for accountKey must wait; zero means
// it may go ahead now.
func (s *Store) SignInWait(ctx context.Context, accountKey string) (time.Duration, error) {
	var rows []throttle
	if err := s.db.WithContext(ctx).Where("key IN ?", []string{accountKey, globalThrottleID}).Find(&rows).Error; err != nil {
		return 0, dbError(err)
	}
	now := s.clock.Now()
	var wait time.Duration
	for _, r := range rows {
		wait = max(wait, r.NextAllowedAt.Sub(now))
	}
	return wait, nil
}

// RecordSignInFailure counts a failed sign-in against the account key and the
// global counter, and audits it. u is nil when no account has that address;
// then the audit line names no address, since a mistyped address can be a
// password.
func (s *Store) RecordSignInFailure(ctx context.Context, accountKey string, u *model.StaffUser, reason string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		now := s.clock.Now()
		acc, err := lockedThrottle(tx, accountKey, now)
		if err != nil {
			return err
		}
		acc.Failures++
		if acc.Failures > freeFailures {
			delay := time.Second << min(acc.Failures-freeFailures-1, 20)
			acc.NextAllowedAt = now.Add(min(delay, maxAccountDelay))
		}
		if err := tx.Save(acc).Error; err != nil {
			return err
		}
		glob, err := lockedThrottle(tx, globalThrottleID, now)
		if err != nil {
			return err
		}
		if now.Sub(glob.WindowStart) >= globalWindow {
			glob.WindowStart, glob.Failures = now, 0
		}
		glob.Failures++
		if glob.Failures >= globalFailures {
			glob.NextAllowedAt = glob.WindowStart.Add(globalWindow)
		}
		if err := tx.Save(glob).Error; err != nil {
			return err
		}
		if u == nil {
			return s.audit(tx, nil, model.AuditSignInFailure, nil, reason)
		}
		return s.audit(tx, nil, model.AuditSignInFailure, u, reason)
	})
}

// lockedThrottle reads a counter row for update, or a fresh one.
func lockedThrottle(tx *gorm.DB, key string, now time.Time) (*throttle, error) {
	var t throttle
	q := tx
	if tx.Dialector.Name() == "postgres" {
		q = tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	err := q.Where("key = ?", key).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &throttle{Key: key, WindowStart: now, NextAllowedAt: now}, nil
	}
	return &t, err
}
