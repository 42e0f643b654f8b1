// Package spinwait holds pollers, waiters and background loops that wait for
// another goroutine by checking a variable in a loop.
package spinwait

import (
	"context"
	"sync/atomic"
	"time"
)

// Poller calls fetch at a fixed interval.
type Poller struct {
	interval time.Duration
	fetch    func() error
	stopped  bool
	errs     int
}

// NewPoller returns a poller; call Run in its own goroutine.
func NewPoller(interval time.Duration, fetch func() error) *Poller {
	return &Poller{interval: interval, fetch: fetch}
}

// Run calls fetch every interval until Stop.
//
// Bug: stopped is a plain bool written by Stop in another goroutine; the
// loop is not guaranteed ever to observe it.
func (p *Poller) Run() {
	for !p.stopped { // want:spinwait StoppedFlag
		if err := p.fetch(); err != nil {
			p.errs++
		}
		time.Sleep(p.interval)
	}
}

// Stop asks Run to return.
func (p *Poller) Stop() { p.stopped = true }

// Refresher is a Poller whose stop flag is atomic.
type Refresher struct {
	interval time.Duration
	refresh  func()
	stopped  atomic.Bool
}

// NewRefresher returns a refresher; call Run in its own goroutine.
func NewRefresher(interval time.Duration, refresh func()) *Refresher {
	return &Refresher{interval: interval, refresh: refresh}
}

// Run calls refresh every interval until Stop. Correct: the flag is an
// atomic.Bool.
func (r *Refresher) Run() {
	for !r.stopped.Load() { // ok:spinwait AtomicBoolPoll
		r.refresh()
		time.Sleep(r.interval)
	}
}

// Stop asks Run to return.
func (r *Refresher) Stop() { r.stopped.Store(true) }

// Warmer keeps a cache warm until its context is cancelled.
type Warmer struct {
	pause time.Duration
	warm  func(round int)
}

// NewWarmer returns a warmer.
func NewWarmer(pause time.Duration, warm func(int)) *Warmer {
	return &Warmer{pause: pause, warm: warm}
}

// Run warms until ctx is done and returns the number of rounds. Correct:
// ctx.Err is synchronized with cancel.
func (w *Warmer) Run(ctx context.Context) int {
	n := 0
	for ctx.Err() == nil { // ok:spinwait CtxErrPoll
		w.warm(n)
		n++
		time.Sleep(w.pause)
	}
	return n
}

const (
	scanning = iota
	scannerClosed
)

// Watcher rescans a directory listing periodically or when kicked.
type Watcher struct {
	state int
	kick  chan struct{}
	scan  func()
}

// NewWatcher returns a watcher; call Run in its own goroutine.
func NewWatcher(scan func()) *Watcher {
	return &Watcher{kick: make(chan struct{}, 1), scan: scan}
}

// Run scans every period until Close.
//
// Bug: state is written by Close without synchronization; the receives in
// the select do not pair with that write.
func (w *Watcher) Run(period time.Duration) {
	for {
		if w.state == scannerClosed { // want:spinwait SelectTimeAfter
			return
		}
		w.scan()
		select {
		case <-time.After(period):
		case <-w.kick:
		}
	}
}

// Rescan asks Run for an immediate scan.
func (w *Watcher) Rescan() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Close stops Run.
func (w *Watcher) Close() { w.state = scannerClosed }

// Scanner is a Watcher with an atomic state.
type Scanner struct {
	state atomic.Int32
	kick  chan struct{}
	scan  func()
}

// NewScanner returns a scanner; call Run in its own goroutine.
func NewScanner(scan func()) *Scanner {
	return &Scanner{kick: make(chan struct{}, 1), scan: scan}
}

// Run scans every period until Close. Correct: the state is atomic.
func (s *Scanner) Run(period time.Duration) {
	for {
		if s.state.Load() == scannerClosed { // ok:spinwait TimeAfterAtomic
			return
		}
		s.scan()
		select {
		case <-time.After(period):
		case <-s.kick:
		}
	}
}

// Close stops Run.
func (s *Scanner) Close() { s.state.Store(scannerClosed) }
