package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/jobs"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/storetest"
)

func newStore(t *testing.T) (*store.Store, *model.FixedClock) { return storetest.OpenFixed(t) }

// logBuffer collects log lines from concurrent goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newLog() (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewTextHandler(buf, nil)), buf
}

// Two servers on one database, four runners each: a turn runs once.
func TestTurnRunsOnceAcrossServers(t *testing.T) {
	clock := model.NewFixedClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	u := storetest.URL(t)
	servers := []*store.Store{storetest.OpenURL(t, u, clock), storetest.OpenURL(t, u, clock)}
	log, _ := newLog()
	var runs atomic.Int32
	job := jobs.Job{Name: "count", Every: time.Hour, Run: func(context.Context) error { runs.Add(1); return nil }}
	race := func() {
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				if _, err := jobs.Turn(context.Background(), servers[i%2], log, job); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	race()
	if n := runs.Load(); n != 1 {
		t.Fatalf("first turn ran %d times, want 1", n)
	}
	clock.Advance(30 * time.Minute)
	race()
	if n := runs.Load(); n != 1 {
		t.Fatalf("ran %d times before the next turn was due, want 1", n)
	}
	clock.Advance(30 * time.Minute)
	race()
	if n := runs.Load(); n != 2 {
		t.Fatalf("ran %d times after two turns, want 2", n)
	}
}

// A failed run is logged with the job's name, not recorded as a success,
// and the job runs again at its next turn, not before.
func TestFailedRunRetriedNextTurn(t *testing.T) {
	st, clock := newStore(t)
	log, logged := newLog()
	ctx := context.Background()
	fail := true
	var runs int
	job := jobs.Job{Name: "flaky", Every: time.Hour, Run: func(context.Context) error {
		runs++
		if fail {
			return errors.New("server unreachable")
		}
		return nil
	}}
	ran, err := jobs.Turn(ctx, st, log, job)
	if !ran || err == nil {
		t.Fatalf("failing turn: ran %v, err %v", ran, err)
	}
	if out := logged.String(); !strings.Contains(out, "job=flaky") || !strings.Contains(out, "server unreachable") {
		t.Fatalf("the failure is not logged with the job's name:\n%s", out)
	}
	if leases, _ := st.JobLeases(ctx); len(leases) != 1 || leases[0].LastOK != nil {
		t.Fatalf("a failed run was recorded as a success: %+v", leases)
	}
	fail = false
	if ran, _ := jobs.Turn(ctx, st, log, job); ran {
		t.Fatal("the job ran again before its next turn")
	}
	clock.Advance(time.Hour)
	if ran, err := jobs.Turn(ctx, st, log, job); !ran || err != nil {
		t.Fatalf("next turn: ran %v, err %v", ran, err)
	}
	if runs != 2 {
		t.Fatalf("%d runs, want 2", runs)
	}
	leases, _ := st.JobLeases(ctx)
	if len(leases) != 1 || leases[0].LastOK == nil || !leases[0].LastOK.Equal(clock.Now()) {
		t.Fatalf("success not recorded: %+v", leases)
	}
}

// A panicking job is a failed run, not a crashed server; a run has a
// deadline so that it cannot overlap its next turn.
func TestRunIsContained(t *testing.T) {
	st, _ := newStore(t)
	log, _ := newLog()
	t.Run("Panic", func(t *testing.T) {
		job := jobs.Job{Name: "panics", Every: time.Hour, Run: func(context.Context) error { panic("bug") }}
		if ran, err := jobs.Turn(context.Background(), st, log, job); !ran || err == nil || !strings.Contains(err.Error(), "panic") {
			t.Fatalf("ran %v, err %v", ran, err)
		}
	})
	t.Run("Deadline", func(t *testing.T) {
		var hasDeadline bool
		job := jobs.Job{Name: "deadline", Every: time.Hour, Run: func(ctx context.Context) error {
			_, hasDeadline = ctx.Deadline()
			return nil
		}}
		if ran, err := jobs.Turn(context.Background(), st, log, job); !ran || err != nil || !hasDeadline {
			t.Fatalf("ran %v, err %v, deadline %v", ran, err, hasDeadline)
		}
	})
}

// Run gives a new job its first turn at once and returns when its context
// ends.
func TestRunStartsAndStops(t *testing.T) {
	st, _ := newStore(t)
	log, _ := newLog()
	ctx, cancel := context.WithCancel(context.Background())
	ranc := make(chan string, 2)
	mk := func(name string) jobs.Job {
		return jobs.Job{Name: name, Every: time.Hour, Run: func(context.Context) error { ranc <- name; return nil }}
	}
	done := make(chan error, 1)
	go func() { done <- jobs.Run(ctx, st, log, mk("a"), mk("b")) }()
	got := map[string]bool{}
	for len(got) < 2 {
		select {
		case name := <-ranc:
			got[name] = true
		case err := <-done:
			t.Fatalf("Run returned early: %v", err)
		case <-time.After(30 * time.Second):
			t.Fatalf("first turns not run; ran %v", got)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestRunRefusesBadJobs(t *testing.T) {
	st, _ := newStore(t)
	log, _ := newLog()
	ok := func(context.Context) error { return nil }
	for name, list := range map[string][]jobs.Job{
		"ErrNoName":    {{Every: time.Hour, Run: ok}},
		"ErrNoEvery":   {{Name: "a", Run: ok}},
		"ErrNoRun":     {{Name: "a", Every: time.Hour}},
		"ErrDuplicate": {{Name: "a", Every: time.Hour, Run: ok}, {Name: "a", Every: time.Minute, Run: ok}},
	} {
		t.Run(name, func(t *testing.T) {
			if err := jobs.Run(context.Background(), st, log, list...); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}
