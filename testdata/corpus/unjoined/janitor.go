package unjoined

import (
	"sync"
	"sync/atomic"
	"time"
)

// SweepStats describes one sweep of expired entries.
type SweepStats struct {
	Removed int
	At      time.Time
}

var lastSweep SweepStats

// Janitor sweeps expired entries periodically. Call Run in its own
// goroutine.
type Janitor struct {
	every time.Duration
	sweep func() int
	quit  chan struct{}
}

// NewJanitor returns a janitor calling sweep every period.
func NewJanitor(every time.Duration, sweep func() int) *Janitor {
	return &Janitor{every: every, sweep: sweep, quit: make(chan struct{})}
}

// Run sweeps until Stop and records each sweep in the package statistics.
func (j *Janitor) Run() {
	t := time.NewTicker(j.every)
	defer t.Stop()
	for {
		select {
		case <-j.quit:
			return
		case now := <-t.C:
			lastSweep = SweepStats{Removed: j.sweep(), At: now}
		}
	}
}

// Stop asks Run to return.
func (j *Janitor) Stop() { close(j.quit) }

// LastSweep returns the statistics of the latest sweep, without the
// monotonic clock reading.
//
// Bug: a running (or just stopped) janitor may still write lastSweep;
// nothing joins it.
func LastSweep() SweepStats {
	s := lastSweep // want:unjoined PackageVarResult
	s.At = s.At.Round(0)
	return s
}

// Meter measures throughput on a dedicated goroutine. Call Run in its own
// goroutine.
type Meter struct {
	in      chan int
	quit    chan struct{}
	mu      sync.Mutex
	bytes   int64
	samples int
}

// NewMeter returns a meter.
func NewMeter() *Meter { return &Meter{in: make(chan int), quit: make(chan struct{})} }

// Run accumulates samples until Stop.
func (m *Meter) Run() {
	for {
		select {
		case <-m.quit:
			return
		case n := <-m.in:
			m.mu.Lock()
			m.bytes += int64(n)
			m.samples++
			m.mu.Unlock()
		}
	}
}

// Observe records n bytes.
func (m *Meter) Observe(n int) { m.in <- n }

// Stop asks Run to return.
func (m *Meter) Stop() { close(m.quit) }

// Average returns the mean sample size. Correct: no join, but Run writes and
// Average reads under mu.
func (m *Meter) Average() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.samples == 0 { // ok:unjoined MutexBothSides
		return 0
	}
	return m.bytes / int64(m.samples)
}

// Handler serves requests from a queue. Call Run in its own goroutine.
type Handler struct {
	reqs    chan string
	quit    chan struct{}
	handled atomic.Int64
}

// NewHandler returns a handler.
func NewHandler() *Handler { return &Handler{reqs: make(chan string), quit: make(chan struct{})} }

// Run serves until Stop.
func (h *Handler) Run(serve func(string)) {
	for {
		select {
		case <-h.quit:
			return
		case r := <-h.reqs:
			serve(r)
			h.handled.Add(1)
		}
	}
}

// Serve queues a request.
func (h *Handler) Serve(r string) { h.reqs <- r }

// Stop asks Run to return.
func (h *Handler) Stop() { close(h.quit) }

// Handled returns the number of requests served. Correct: the counter is
// atomic, so reading it while Run may still write is not a race.
func (h *Handler) Handled() int64 {
	return h.handled.Load() // ok:unjoined AtomicCounter
}

// Replayer applies a log from an offset. Call Run in its own goroutine.
type Replayer struct {
	offset int
	apply  func(int)
	quit   chan struct{}
	done   chan struct{}
}

// NewReplayer returns a replayer starting at offset.
func NewReplayer(offset int, apply func(int)) *Replayer {
	return &Replayer{offset: offset, apply: apply, quit: make(chan struct{}), done: make(chan struct{})}
}

// Offset returns the position Run starts from. Call it before Run, or after
// Stop returned. Correct when called as documented: before the go statement
// that starts Run.
func (r *Replayer) Offset() int {
	return r.offset // ok:unjoined ReadBeforeStart
}

// Run applies entries up to upTo or until Stop.
func (r *Replayer) Run(upTo int) {
	defer close(r.done)
	for i := r.offset; i < upTo; i++ {
		select {
		case <-r.quit:
			return
		default:
		}
		r.apply(i)
		r.offset = i + 1
	}
}

// Stop stops Run and waits for it.
func (r *Replayer) Stop() {
	close(r.quit)
	<-r.done
}

// Compactor reclaims space from segments. Call Run in its own goroutine.
type Compactor struct {
	mu        sync.Mutex
	cond      *sync.Cond
	finished  bool
	reclaimed int64
}

// NewCompactor returns an idle compactor.
func NewCompactor() *Compactor {
	c := &Compactor{}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// Run compacts the segments.
func (c *Compactor) Run(segments []int64) {
	var total int64
	for _, s := range segments {
		total += s / 2
	}
	c.mu.Lock()
	c.reclaimed = total
	c.finished = true
	c.mu.Unlock()
	c.cond.Broadcast()
}

// Wait blocks until Run finished and returns the bytes reclaimed. Correct:
// the condition wait reacquires mu, which Run held for its writes.
func (c *Compactor) Wait() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.finished {
		c.cond.Wait()
	}
	return c.reclaimed // ok:unjoined CondJoin
}
