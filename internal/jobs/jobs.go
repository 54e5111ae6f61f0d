// Package jobs runs Survivor Voice's periodic background work: the purge of
// expired drafts and the moderators' count-only email notice. Each job's
// schedule lives in the database (job_leases), so with several servers on one
// database each turn of a job runs on one of them only.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/survivorvoice/voice/internal/store"
)

// Job is one periodic piece of background work.
type Job struct {
	Name  string        // the job's row in job_leases
	Every time.Duration // time between turns
	// Run does one turn's work. Its context ends when the server stops or
	// after Every, so that a run never overlaps the next turn.
	Run func(ctx context.Context) error
}

// Polling bounds: a runner looks at a job's lease again when the next turn
// is due, but at least every maxWait (another server may have changed the
// schedule, or the database may have been away) and at most every minWait.
const (
	minWait = 100 * time.Millisecond
	maxWait = time.Minute
)

// Run gives each job its turns until ctx ends, then waits for running jobs
// to stop. A failed run is logged and the job runs again at its next turn.
// Run returns an error only for an invalid list of jobs.
func Run(ctx context.Context, st *store.Store, log *slog.Logger, jobs ...Job) error {
	seen := map[string]bool{}
	for _, j := range jobs {
		if j.Name == "" || j.Every <= 0 || j.Run == nil {
			return fmt.Errorf("job %q: want a name, a positive interval and a function", j.Name)
		}
		if seen[j.Name] {
			return fmt.Errorf("job %q is listed twice", j.Name)
		}
		seen[j.Name] = true
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { loop(ctx, st, log, j) })
	}
	wg.Wait()
	return nil
}

// loop gives one job its turns until ctx ends.
func loop(ctx context.Context, st *store.Store, log *slog.Logger, j Job) {
	for {
		_, next, _ := turn(ctx, st, log, j)
		wait := maxWait
		if !next.IsZero() {
			wait = min(max(next.Sub(st.Now()), minWait), maxWait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Turn runs j once if its turn is due and this caller claims it, and reports
// whether it ran. err is the run's error (already logged), or the failure to
// claim the turn.
func Turn(ctx context.Context, st *store.Store, log *slog.Logger, j Job) (ran bool, err error) {
	ran, _, err = turn(ctx, st, log, j)
	return ran, err
}

func turn(ctx context.Context, st *store.Store, log *slog.Logger, j Job) (ran bool, next time.Time, err error) {
	claimed, next, err := st.ClaimJob(ctx, j.Name, j.Every)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("job: cannot claim a turn", "job", j.Name, "error", err)
		}
		return false, time.Time{}, err
	}
	if !claimed {
		return false, next, nil
	}
	if err := run(ctx, j); err != nil {
		if ctx.Err() == nil {
			log.Warn("job failed; it runs again at its next turn", "job", j.Name, "error", err)
		}
		return true, next, err
	}
	if err := st.JobSucceeded(ctx, j.Name); err != nil && ctx.Err() == nil {
		log.Warn("job: cannot record success", "job", j.Name, "error", err)
	}
	return true, next, nil
}

// run calls j.Run with a deadline of one interval, turning a panic into an
// error so that one faulty job does not stop the server.
func run(ctx context.Context, j Job) (err error) {
	ctx, cancel := context.WithTimeout(ctx, j.Every)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return j.Run(ctx)
}
