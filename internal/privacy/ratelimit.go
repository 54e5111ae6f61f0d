package privacy

import (
	"crypto/rand"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"time"
)

// Rate is a token bucket: a burst of up to Events, refilled evenly at Events
// per Per. A Rate with Events or Per zero (or negative) is unlimited.
type Rate struct {
	Events int
	Per    time.Duration
}

func (r Rate) unlimited() bool { return r.Events <= 0 || r.Per <= 0 }

// LimiterConfig sets the two limits every request must pass.
type LimiterConfig struct {
	PerClient Rate // per keyed client address
	Global    Rate // all clients together; binds when addresses mean nothing (Tor)
}

const (
	// defaultMaxClients bounds the buckets kept in memory: about 10 MB.
	defaultMaxClients = 100_000
	// sweepEvery is how often buckets that have refilled are dropped.
	sweepEvery = time.Minute
	// clientKeyLen is the length of a client key in bytes: 128 bits, so two
	// addresses never share a bucket by accident.
	clientKeyLen = 16
)

// clientKey stands for a client address within one UTC day.
type clientKey [clientKeyLen]byte

// Limiter throttles requests without knowing who makes them
// (ARCHITECTURE §3.12). A client is known only by HMAC-SHA256 of its address
// under a salt of 32 random bytes that is drawn again whenever the UTC day
// changes and lives only in this struct, so yesterday's keys cannot be linked
// to today's or to an address. Nothing reaches disk or a log: the address
// itself is never kept, and the Limiter prints as "rate-limiter".
//
// Counters are per process; replicas behind a load balancer each apply the
// limits on their own. A Limiter is safe for concurrent use.
type Limiter struct {
	cfg        LimiterConfig
	now        func() time.Time
	maxClients int

	mu        sync.Mutex
	day       time.Time // midnight UTC starting the salt's day
	salt      [32]byte
	global    bucket
	clients   map[clientKey]bucket
	lastSweep time.Time
}

// NewLimiter returns a limiter that reads the time from now (time.Now if
// nil). Both buckets start full.
func NewLimiter(cfg LimiterConfig, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	t := now()
	l := &Limiter{
		cfg:        cfg,
		now:        now,
		maxClients: defaultMaxClients,
		global:     bucket{tokens: float64(cfg.Global.Events), last: t},
		lastSweep:  t,
	}
	l.rotate(t)
	return l
}

// Allow reports whether a request from clientAddr may go ahead, and takes
// one event from the client's bucket and the global one if so. If not, it
// takes nothing and says how long to wait (for a Retry-After header).
// clientAddr is the address the server sees for the client; it is hashed at
// once and never kept.
func (l *Limiter) Allow(clientAddr string) (ok bool, retryAfter time.Duration) {
	perClient, global := !l.cfg.PerClient.unlimited(), !l.cfg.Global.unlimited()
	if !perClient && !global {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()

	var wait time.Duration
	if global {
		l.global.refill(l.cfg.Global, now)
		wait = l.global.wait(l.cfg.Global)
	}
	var key clientKey
	var b bucket
	if perClient {
		l.rotate(now)
		key = l.key(clientAddr)
		var seen bool
		if b, seen = l.clients[key]; seen {
			b.refill(l.cfg.PerClient, now)
		} else {
			b = bucket{tokens: float64(l.cfg.PerClient.Events), last: now}
		}
		wait = max(wait, b.wait(l.cfg.PerClient))
	}
	if wait > 0 {
		return false, wait
	}
	if global {
		l.global.tokens--
	}
	if perClient {
		b.tokens--
		l.store(key, b, now)
	}
	return true, 0
}

// rotate draws a new salt, and forgets every client, when the UTC day of now
// differs from the salt's.
func (l *Limiter) rotate(now time.Time) {
	// Truncate counts from the zero time, which is midnight UTC, so this
	// is midnight UTC in whatever location now is given.
	day := now.Truncate(24 * time.Hour)
	if l.clients != nil && day.Equal(l.day) {
		return
	}
	l.day = day
	rand.Read(l.salt[:]) // never fails (crypto/rand, Go 1.24+)
	l.clients = make(map[clientKey]bucket)
}

// key hashes an address under today's salt.
func (l *Limiter) key(addr string) clientKey {
	var k clientKey
	copy(k[:], hmacSum(l.salt[:], addr))
	return k
}

// clientKey returns the key addr has now, rotating the salt first if the
// day changed. It is for tests.
func (l *Limiter) clientKey(addr string) clientKey {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rotate(l.now())
	return l.key(addr)
}

// store keeps a client's bucket, making room first if the map is full or a
// sweep is due.
func (l *Limiter) store(key clientKey, b bucket, now time.Time) {
	_, seen := l.clients[key]
	if now.Sub(l.lastSweep) >= sweepEvery || (!seen && len(l.clients) >= l.maxClients) {
		l.sweep(now)
	}
	if !seen && len(l.clients) >= l.maxClients {
		l.evictOldest()
	}
	l.clients[key] = b
}

// sweep drops buckets that have refilled: a full bucket is the same as none.
func (l *Limiter) sweep(now time.Time) {
	l.lastSweep = now
	for k, b := range l.clients {
		if b.fullAt(l.cfg.PerClient, now) {
			delete(l.clients, k)
		}
	}
}

// evictOldest drops the least recently used tenth of the buckets, so that a
// flood of new addresses costs one sort per many requests. An evicted client
// starts again with a full bucket; the global limit still holds.
func (l *Limiter) evictOldest() {
	type entry struct {
		key  clientKey
		last time.Time
	}
	entries := make([]entry, 0, len(l.clients))
	for k, b := range l.clients {
		entries = append(entries, entry{k, b.last})
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.last.Compare(b.last) })
	n := max(len(entries)-l.maxClients*9/10, 1)
	for _, e := range entries[:min(n, len(entries))] {
		delete(l.clients, e.key)
	}
}

// Format prints "rate-limiter" for every verb, so that neither the salt nor
// a client key reaches a log.
func (l *Limiter) Format(f fmt.State, _ rune) { io.WriteString(f, "rate-limiter") }

// bucket is a token bucket's state: tokens at time last.
type bucket struct {
	tokens float64
	last   time.Time
}

// refill adds the tokens earned since last, up to the burst size. A clock
// that went backwards earns nothing.
func (b *bucket) refill(r Rate, now time.Time) {
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(float64(r.Events), b.tokens+r.earned(elapsed))
		b.last = now
	}
}

// wait returns how long until the bucket holds a whole token; 0 if it does.
func (b *bucket) wait(r Rate) time.Duration {
	if b.tokens >= 1 {
		return 0
	}
	return max(time.Duration(math.Ceil((1-b.tokens)*float64(r.Per)/float64(r.Events))), 1)
}

// fullAt reports whether the bucket will have refilled completely by now.
func (b bucket) fullAt(r Rate, now time.Time) bool {
	return b.tokens+r.earned(max(now.Sub(b.last), 0)) >= float64(r.Events)
}

// earned returns the tokens a bucket gains in d.
func (r Rate) earned(d time.Duration) float64 {
	return float64(d) * float64(r.Events) / float64(r.Per)
}
