package privacy

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/model"
)

// noon is a fixed time away from midnight, so tests that do not mean to
// cross a day do not.
var noon = time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)

func TestLimiterPerClient(t *testing.T) {
	clock := model.NewFixedClock(noon)
	l := NewLimiter(LimiterConfig{PerClient: Rate{Events: 3, Per: time.Minute}}, clock.Now)

	for i := range 3 {
		if ok, wait := l.Allow("198.51.100.1"); !ok || wait != 0 {
			t.Fatalf("request %d refused (wait %v)", i+1, wait)
		}
	}
	ok, wait := l.Allow("198.51.100.1")
	if ok || wait != 20*time.Second {
		t.Fatalf("4th request: ok %v, wait %v; want refused, 20s", ok, wait)
	}
	if ok, _ := l.Allow("198.51.100.2"); !ok {
		t.Fatal("another client refused")
	}

	clock.Advance(10 * time.Second)
	if ok, wait := l.Allow("198.51.100.1"); ok || wait != 10*time.Second {
		t.Fatalf("after 10s: ok %v, wait %v; want refused, 10s", ok, wait)
	}
	clock.Advance(10 * time.Second)
	if ok, _ := l.Allow("198.51.100.1"); !ok {
		t.Fatal("refused after the wait it gave")
	}
	if ok, _ := l.Allow("198.51.100.1"); ok {
		t.Fatal("one refill let two requests through")
	}

	clock.Advance(time.Hour)
	for i := range 3 {
		if ok, _ := l.Allow("198.51.100.1"); !ok {
			t.Fatalf("after an hour: request %d refused", i+1)
		}
	}
	if ok, _ := l.Allow("198.51.100.1"); ok {
		t.Fatal("idle time raised the burst above Events")
	}
}

// TestLimiterGlobal is the Tor case: every request comes from a new address,
// so only the global cap holds.
func TestLimiterGlobal(t *testing.T) {
	clock := model.NewFixedClock(noon)
	l := NewLimiter(LimiterConfig{
		PerClient: Rate{Events: 5, Per: time.Hour},
		Global:    Rate{Events: 10, Per: time.Minute},
	}, clock.Now)

	for i := range 10 {
		if ok, _ := l.Allow(fmt.Sprintf("exit-%d", i)); !ok {
			t.Fatalf("request %d refused", i+1)
		}
	}
	ok, wait := l.Allow("exit-new")
	if ok || wait != 6*time.Second {
		t.Fatalf("11th address: ok %v, wait %v; want refused, 6s", ok, wait)
	}
	for range 5 {
		if ok, _ := l.Allow("exit-0"); ok {
			t.Fatal("a known address passed the global cap")
		}
	}

	t.Run("RefusalTakesNothing", func(t *testing.T) {
		// exit-0 took one of its 5 events; the five refusals above took
		// none, so once the global bucket refills it has 4 (plus the
		// twelfth of an event earned in a minute).
		clock.Advance(time.Minute)
		for i := range 4 {
			if ok, _ := l.Allow("exit-0"); !ok {
				t.Fatalf("exit-0 request %d refused", i+1)
			}
		}
		if ok, wait := l.Allow("exit-0"); ok || wait <= 0 {
			t.Fatalf("exit-0 past its own limit: ok %v, wait %v", ok, wait)
		}
	})
}

func TestLimiterUnlimited(t *testing.T) {
	for name, cfg := range map[string]LimiterConfig{
		"Zero":         {},
		"NoEvents":     {PerClient: Rate{Per: time.Minute}, Global: Rate{Per: time.Minute}},
		"NoPeriod":     {PerClient: Rate{Events: 1}, Global: Rate{Events: 1}},
		"GlobalOnly":   {Global: Rate{Events: 1 << 20, Per: time.Second}},
		"PerClientOff": {PerClient: Rate{}, Global: Rate{Events: 1 << 20, Per: time.Second}},
	} {
		t.Run(name, func(t *testing.T) {
			l := NewLimiter(cfg, model.NewFixedClock(noon).Now)
			for i := range 1000 {
				if ok, wait := l.Allow("198.51.100.1"); !ok || wait != 0 {
					t.Fatalf("request %d refused", i+1)
				}
			}
			if len(l.clients) != 0 {
				t.Fatalf("%d client buckets kept without a per-client limit", len(l.clients))
			}
		})
	}
}

func TestLimiterSaltRotation(t *testing.T) {
	clock := model.NewFixedClock(time.Date(2025, 3, 14, 23, 59, 58, 0, time.UTC))
	l := NewLimiter(LimiterConfig{PerClient: Rate{Events: 1, Per: time.Hour}}, clock.Now)

	const addr = "203.0.113.7"
	before := l.clientKey(addr)
	if l.clientKey(addr) != before {
		t.Fatal("key changed within a day")
	}
	if l.clientKey("203.0.113.8") == before {
		t.Fatal("two addresses share a key")
	}
	if ok, _ := l.Allow(addr); !ok {
		t.Fatal("first request refused")
	}
	if ok, _ := l.Allow(addr); ok {
		t.Fatal("second request allowed")
	}

	clock.Advance(time.Second) // 23:59:59
	if l.clientKey(addr) != before {
		t.Fatal("key changed before midnight")
	}
	clock.Advance(time.Second) // 00:00:00 UTC
	after := l.clientKey(addr)
	if after == before {
		t.Fatal("same key on a new day")
	}
	if len(l.clients) != 0 {
		t.Fatalf("%d buckets from yesterday kept", len(l.clients))
	}
	if ok, _ := l.Allow(addr); !ok {
		t.Fatal("yesterday's bucket still applies")
	}

	t.Run("UTCNotLocal", func(t *testing.T) {
		// 20:00 in New York on 15 March is 00:00 UTC on the 16th.
		ny := time.FixedZone("EDT", -4*3600)
		clock := model.NewFixedClock(time.Date(2025, 3, 15, 19, 59, 59, 0, ny))
		local := func() time.Time { return clock.Now().In(ny) }
		l := NewLimiter(LimiterConfig{PerClient: Rate{Events: 1, Per: time.Hour}}, local)
		k := l.clientKey(addr)
		clock.Advance(time.Second)
		if l.clientKey(addr) == k {
			t.Fatal("salt kept past midnight UTC")
		}
		k = l.clientKey(addr)
		clock.Advance(4*time.Hour - time.Second) // local midnight
		if l.clientKey(addr) != k {
			t.Fatal("salt changed at local midnight")
		}
	})
}

func TestLimiterBounded(t *testing.T) {
	clock := model.NewFixedClock(noon)
	l := NewLimiter(LimiterConfig{PerClient: Rate{Events: 5, Per: time.Hour}}, clock.Now)
	l.maxClients = 100

	t.Run("Cap", func(t *testing.T) {
		for i := range 1000 {
			clock.Advance(time.Millisecond)
			if ok, _ := l.Allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256)); !ok {
				t.Fatalf("new address %d refused", i)
			}
			if len(l.clients) > 100 {
				t.Fatalf("%d buckets after %d addresses", len(l.clients), i+1)
			}
		}
	})
	t.Run("EvictsOldest", func(t *testing.T) {
		const busy = "192.0.2.1"
		for range 5 {
			l.Allow(busy)
		}
		for i := range 50 { // enough new addresses to force evictions
			clock.Advance(time.Millisecond)
			l.Allow(fmt.Sprintf("192.0.2.%d", 100+i))
		}
		if ok, _ := l.Allow(busy); ok {
			t.Fatal("the most recently used bucket was evicted")
		}
	})
	t.Run("SweepsFull", func(t *testing.T) {
		clock.Advance(time.Hour + sweepEvery)
		l.Allow("192.0.2.200")
		if len(l.clients) != 1 {
			t.Fatalf("%d buckets after every one refilled", len(l.clients))
		}
	})
}

func TestLimiterConcurrent(t *testing.T) {
	clock := model.NewFixedClock(noon) // no refill: the counts are exact
	l := NewLimiter(LimiterConfig{
		PerClient: Rate{Events: 7, Per: time.Minute},
		Global:    Rate{Events: 500, Per: time.Minute},
	}, clock.Now)
	l.maxClients = 1000

	var allowed, shared atomic.Int64
	var wg sync.WaitGroup
	for g := range 50 {
		wg.Go(func() {
			for i := range 40 {
				if ok, _ := l.Allow("shared"); ok {
					allowed.Add(1)
					shared.Add(1)
				}
				if ok, _ := l.Allow(fmt.Sprintf("client-%d-%d", g, i%3)); ok {
					allowed.Add(1)
				}
				_ = l.clientKey("shared")
			}
		})
	}
	wg.Wait()
	if shared.Load() != 7 {
		t.Fatalf("shared address allowed %d times, want 7", shared.Load())
	}
	if allowed.Load() != 500 {
		t.Fatalf("allowed %d in all, want the global 500", allowed.Load())
	}
}

func TestLimiterPrintsNothing(t *testing.T) {
	l := NewLimiter(LimiterConfig{PerClient: Rate{Events: 1, Per: time.Hour}}, nil)
	l.Allow("198.51.100.1")
	if got := fmt.Sprintf("%v %+v %#v %s %x", l, l, l, l, l); got != "rate-limiter rate-limiter rate-limiter rate-limiter rate-limiter" {
		t.Fatalf("printed %q", got)
	}
}
