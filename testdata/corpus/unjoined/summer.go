package unjoined

import (
	"sync"
	"time"
)

// Summer adds up values on a dedicated goroutine. Call Run in its own
// goroutine.
type Summer struct {
	wg    sync.WaitGroup
	in    chan int
	total int
}

// NewSummer returns a summer.
func NewSummer() *Summer { return &Summer{in: make(chan int)} }

// Add hands v to Run.
func (s *Summer) Add(v int) {
	s.wg.Add(1)
	s.in <- v
	s.wg.Done()
}

// Run sums values until Close.
func (s *Summer) Run() {
	for v := range s.in {
		s.total += v
	}
}

// Close ends Run.
func (s *Summer) Close() { close(s.in) }

// Total waits for pending Adds and returns the sum.
//
// Bug: the WaitGroup counts hand-offs, not additions: Run never calls Done,
// so Wait does not order Run's last write before this read.
func (s *Summer) Total() int {
	s.wg.Wait()
	return s.total // want:unjoined WaitGroupNoDone
}

// Accumulator is a Summer whose WaitGroup is released by Run.
type Accumulator struct {
	wg    sync.WaitGroup
	in    chan int
	total int
}

// NewAccumulator returns an accumulator.
func NewAccumulator() *Accumulator { return &Accumulator{in: make(chan int, 8)} }

// Add queues v.
func (a *Accumulator) Add(v int) {
	a.wg.Add(1)
	a.in <- v
}

// Run sums values until Close.
func (a *Accumulator) Run() {
	for v := range a.in {
		a.total += v
		a.wg.Done()
	}
}

// Close ends Run.
func (a *Accumulator) Close() { close(a.in) }

// Total waits until every queued value was added. Correct: Run calls Done
// after each write, so Wait returns after the last one.
func (a *Accumulator) Total() int {
	a.wg.Wait()
	return a.total // ok:unjoined DoneAfterWork
}

// Fanout runs n fetches, each called by the user as go f.Fetch(i, fn).
type Fanout struct {
	wg      sync.WaitGroup
	results []string
	took    []time.Duration
}

// NewFanout returns a fan-out of n fetches.
func NewFanout(n int) *Fanout {
	f := &Fanout{results: make([]string, n), took: make([]time.Duration, n)}
	f.wg.Add(n)
	return f
}

// Fetch runs fetch i.
func (f *Fanout) Fetch(i int, fn func() string) {
	start := time.Now()
	f.results[i] = fn()
	f.wg.Done()
	f.took[i] = time.Since(start)
}

// Results waits for the fetches and returns their results. Correct: each
// result is written before Done.
func (f *Fanout) Results() []string {
	f.wg.Wait()
	return f.results
}

// Slowest waits for the fetches and returns the longest one.
//
// Bug: Fetch signals Done before recording its duration.
func (f *Fanout) Slowest() time.Duration {
	f.wg.Wait()
	var m time.Duration
	for _, d := range f.took { // want:unjoined DoneBeforeWrite
		m = max(m, d)
	}
	return m
}

// Gather is a Fanout whose Done is deferred.
type Gather struct {
	wg      sync.WaitGroup
	results []string
	took    []time.Duration
}

// NewGather returns a gather of n fetches.
func NewGather(n int) *Gather {
	g := &Gather{results: make([]string, n), took: make([]time.Duration, n)}
	g.wg.Add(n)
	return g
}

// Fetch runs fetch i.
func (g *Gather) Fetch(i int, fn func() string) {
	defer g.wg.Done()
	start := time.Now()
	g.results[i] = fn()
	g.took[i] = time.Since(start)
}

// Results waits for the fetches and returns their results. Correct: each
// result is written before Done.
func (g *Gather) Results() []string {
	g.wg.Wait()
	return g.results
}

// Slowest waits for the fetches and returns the longest one. Correct: Done
// runs after every write of Fetch.
func (g *Gather) Slowest() time.Duration {
	g.wg.Wait()
	var m time.Duration
	for _, d := range g.took { // ok:unjoined WaitGroupDeferred
		m = max(m, d)
	}
	return m
}
