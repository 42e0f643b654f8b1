package spinwait

import (
	"runtime"
	"slices"
	"sync"
	"time"
)

// Tracker counts in-flight requests for graceful shutdown.
type Tracker struct {
	mu      sync.Mutex
	pending int
}

// Begin records a request start.
func (t *Tracker) Begin() {
	t.mu.Lock()
	t.pending++
	t.mu.Unlock()
}

// End records a request end.
func (t *Tracker) End() {
	t.mu.Lock()
	t.pending--
	t.mu.Unlock()
}

// Drain waits until no request is in flight.
//
// Bug: the count is written under mu but polled without it.
func (t *Tracker) Drain(poll time.Duration) {
	for t.pending > 0 { // want:spinwait PendingCount
		time.Sleep(poll)
	}
}

// Pending returns the number of requests in flight.
func (t *Tracker) Pending() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pending
}

// WaitIdle waits until no request is in flight. Correct: every check goes
// through the locked Pending.
func (t *Tracker) WaitIdle(poll time.Duration) {
	for n := t.Pending(); n > 0; n = t.Pending() { // ok:spinwait LockedCountPoll
		time.Sleep(poll)
	}
}

// Batch collects items from producers.
type Batch struct {
	mu    sync.Mutex
	items []string
}

// Add appends an item.
func (b *Batch) Add(s string) {
	b.mu.Lock()
	b.items = append(b.items, s)
	b.mu.Unlock()
}

// WaitFull waits until n items were added and returns them.
//
// Bug: len(b.items) reads the slice header without mu while Add writes it.
func (b *Batch) WaitFull(n int) []string {
	for len(b.items) < n { // want:spinwait LenPoll
		runtime.Gosched()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.items)
}
