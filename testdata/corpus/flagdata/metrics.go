package flagdata

import (
	"slices"
	"sync"
	"sync/atomic"
)

type summary struct {
	p50, p99 float64
	count    int
	valid    bool
}

// Histogram summarizes latency samples; Compute runs on the aggregation
// goroutine, Quantiles on the scrape handler.
type Histogram struct {
	sum summary
}

// Compute summarizes samples.
//
// Bug: the nested valid flag is a plain write after the quantiles.
func (h *Histogram) Compute(samples []float64) {
	s := slices.Clone(samples)
	slices.Sort(s)
	if len(s) == 0 {
		return
	}
	h.sum.p50 = s[len(s)/2]
	h.sum.p99 = s[len(s)*99/100]
	h.sum.count = len(s)
	h.sum.valid = true // want:flagdata NestedFlag
}

// Quantiles returns the last computed p50 and p99.
func (h *Histogram) Quantiles() (p50, p99 float64, ok bool) {
	if !h.sum.valid {
		return 0, 0, false
	}
	return h.sum.p50, h.sum.p99, true
}

// Job is a unit of work whose result is inspected by a monitor.
type Job struct {
	n        int
	err      error
	finished bool
}

// Execute runs fn and records its result.
//
// Bug: the deferred closure sets the plain finished flag after n and err;
// Result may see the flag without the result.
func (j *Job) Execute(fn func() (int, error)) {
	defer func() { j.finished = true }() // want:flagdata DeferredFlag
	j.n, j.err = fn()
}

// Result returns the job's result once it finished.
func (j *Job) Result() (n int, ok bool, err error) {
	if !j.finished {
		return 0, false, nil
	}
	return j.n, true, j.err
}

// Event is a trace event.
type Event struct {
	Name string
	At   int64
}

// Ring is a single-producer single-consumer event queue.
type Ring struct {
	buf  [64]Event
	head int
	tail int
}

// Push appends e; it is called by the producer only.
//
// Bug: head publishes the slot to the consumer but is a plain int, so the
// consumer may see the new head before the slot contents.
func (r *Ring) Push(e Event) bool {
	next := (r.head + 1) % len(r.buf)
	if next == r.tail {
		return false
	}
	r.buf[r.head] = e
	r.head = next // want:flagdata SPSCIndex
	return true
}

// Pop removes the oldest event; it is called by the consumer only.
func (r *Ring) Pop() (Event, bool) {
	if r.tail == r.head {
		return Event{}, false
	}
	e := r.buf[r.tail]
	r.tail = (r.tail + 1) % len(r.buf)
	return e, true
}

// AtomicRing is Ring with atomic indexes.
type AtomicRing struct {
	buf  [64]Event
	head atomic.Uint64
	tail atomic.Uint64
}

// Push appends e; it is called by the producer only. Correct: the slot is
// written before the Store of head, and Pop reads it after Loading head.
func (r *AtomicRing) Push(e Event) bool {
	h, t := r.head.Load(), r.tail.Load()
	if h-t == uint64(len(r.buf)) {
		return false
	}
	r.buf[h%uint64(len(r.buf))] = e
	r.head.Store(h + 1) // ok:flagdata AtomicIndex
	return true
}

// Pop removes the oldest event; it is called by the consumer only.
func (r *AtomicRing) Pop() (Event, bool) {
	t := r.tail.Load()
	if t == r.head.Load() {
		return Event{}, false
	}
	e := r.buf[t%uint64(len(r.buf))]
	r.tail.Store(t + 1)
	return e, true
}

// Breaker is a circuit breaker.
type Breaker struct {
	mu      sync.Mutex
	lastErr error
	open    bool
}

// Trip opens the breaker. Correct: setOpen runs with mu held, and Err holds
// mu to read the flag and the error.
func (b *Breaker) Trip(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lastErr = err
	b.setOpen() // ok:flagdata LockedSetter
}

func (b *Breaker) setOpen() { b.open = true }

// Err returns the error that opened the breaker.
func (b *Breaker) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open {
		return b.lastErr
	}
	return nil
}
