package store

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// JobLease is the schedule of one periodic background job, shared by every
// server on the database.
type JobLease struct {
	Name    string `gorm:"primaryKey"`
	NextRun time.Time
	LastOK  *time.Time `gorm:"column:last_ok"` // end of the last run that succeeded
}

func (JobLease) TableName() string { return "job_leases" }

// leaseTime is t as the lease columns keep it: UTC, to the microsecond
// (PostgreSQL's precision), so that SQLite's text times compare in order.
func leaseTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ClaimJob takes the current turn of the job name when it is due: the
// job's next run is moved to now+every by one conditional UPDATE, so of any
// number of servers claiming at once exactly one gets the turn. A job seen
// for the first time is due at once. next is the job's next run after the
// call, claimed or not.
func (s *Store) ClaimJob(ctx context.Context, name string, every time.Duration) (claimed bool, next time.Time, err error) {
	now := leaseTime(s.clock.Now())
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec("INSERT INTO job_leases (name, next_run) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, now).Error; err != nil {
			return err
		}
		res := tx.Exec("UPDATE job_leases SET next_run = ? WHERE name = ? AND next_run <= ?", now.Add(every), name, now)
		if res.Error != nil {
			return res.Error
		}
		claimed = res.RowsAffected == 1
		var l JobLease
		if err := tx.Where("name = ?", name).Take(&l).Error; err != nil {
			return err
		}
		next = l.NextRun.UTC()
		return nil
	})
	return claimed, next, err
}

// JobSucceeded records the end of a successful run of the job name.
func (s *Store) JobSucceeded(ctx context.Context, name string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&JobLease{}).Where("name = ?", name).Update("last_ok", leaseTime(s.clock.Now())).Error
	})
}

// JobLeases lists the schedule of every job that has run, by name.
func (s *Store) JobLeases(ctx context.Context) ([]JobLease, error) {
	var out []JobLease
	err := s.db.WithContext(ctx).Order("name").Find(&out).Error
	for i := range out {
		out[i].NextRun = out[i].NextRun.UTC()
		if out[i].LastOK != nil {
			t := out[i].LastOK.UTC()
			out[i].LastOK = &t
		}
	}
	return out, dbError(err)
}
