package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/storetest"
)

// Two servers on one database, each with several claimers racing: every
// turn goes to exactly one of them, and the next turn only once it is due.
func TestClaimJobOncePerTurn(t *testing.T) {
	clock := model.NewFixedClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	u := storetest.URL(t)
	a, b := storetest.OpenURL(t, u, clock), storetest.OpenURL(t, u, clock)
	ctx := context.Background()
	const every = time.Hour
	race := func() int {
		var won atomic.Int32
		var wg sync.WaitGroup
		for i := range 8 {
			st := a
			if i%2 == 1 {
				st = b
			}
			wg.Go(func() {
				claimed, _, err := st.ClaimJob(ctx, "notice", every)
				if err != nil {
					t.Error(err)
				}
				if claimed {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		return int(won.Load())
	}
	t.Run("FirstTurnAtOnce", func(t *testing.T) {
		if n := race(); n != 1 {
			t.Fatalf("%d claimers got the first turn, want 1", n)
		}
	})
	t.Run("NotBeforeDue", func(t *testing.T) {
		clock.Advance(every - time.Second)
		if n := race(); n != 0 {
			t.Fatalf("%d claimers got a turn before it was due", n)
		}
	})
	t.Run("NextTurn", func(t *testing.T) {
		clock.Advance(time.Second)
		if n := race(); n != 1 {
			t.Fatalf("%d claimers got the second turn, want 1", n)
		}
		_, next, err := a.ClaimJob(ctx, "notice", every)
		if err != nil {
			t.Fatal(err)
		}
		if want := clock.Now().Add(every); !next.Equal(want) {
			t.Fatalf("next run %v, want %v", next, want)
		}
	})
	t.Run("OtherJobIndependent", func(t *testing.T) {
		claimed, _, err := b.ClaimJob(ctx, "purge_drafts", every)
		if err != nil || !claimed {
			t.Fatalf("another job's first turn: %v, %v", claimed, err)
		}
	})
}

func TestJobSucceeded(t *testing.T) {
	st, clock := newStore(t)
	ctx := context.Background()
	if _, _, err := st.ClaimJob(ctx, "purge_drafts", time.Hour); err != nil {
		t.Fatal(err)
	}
	leases, err := st.JobLeases(ctx)
	if err != nil || len(leases) != 1 || leases[0].LastOK != nil {
		t.Fatalf("before success: %+v, %v", leases, err)
	}
	clock.Advance(time.Minute)
	if err := st.JobSucceeded(ctx, "purge_drafts"); err != nil {
		t.Fatal(err)
	}
	leases, err = st.JobLeases(ctx)
	if err != nil || len(leases) != 1 || leases[0].LastOK == nil || !leases[0].LastOK.Equal(clock.Now()) {
		t.Fatalf("after success: %+v, %v", leases, err)
	}
	if want := clock.Now().Add(time.Hour - time.Minute); !leases[0].NextRun.Equal(want) {
		t.Fatalf("next run %v, want %v", leases[0].NextRun, want)
	}
}
