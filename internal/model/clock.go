package model

import (
	"sync"
	"time"
)

// Clock tells the time. Production uses SystemClock; tests set a FixedClock
// to move through idle and absolute session expiry.
type Clock interface{ Now() time.Time }

// SystemClock is the real time in UTC.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now().UTC() }

// FixedClock is a clock tests can set and advance.
type FixedClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixedClock starts a settable clock at t.
func NewFixedClock(t time.Time) *FixedClock { return &FixedClock{t: t.UTC()} }

func (c *FixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *FixedClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
