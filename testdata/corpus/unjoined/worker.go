// Package unjoined holds background workers, probes and aggregators that
// callers run in their own goroutines and then query for results.
package unjoined

import (
	"context"
	"errors"
)

// Job is a unit of work.
type Job struct {
	ID      int
	Payload []byte
}

// Worker processes submitted jobs. Call Run in its own goroutine.
type Worker struct {
	jobs      chan Job
	quit      chan struct{}
	done      chan struct{}
	processed int
	failed    int
}

// NewWorker returns a worker with an unbuffered queue.
func NewWorker() *Worker {
	return &Worker{jobs: make(chan Job), quit: make(chan struct{}), done: make(chan struct{})}
}

// Run processes jobs until Stop.
func (w *Worker) Run(handle func(Job) error) {
	defer close(w.done)
	for {
		select {
		case <-w.quit:
			return
		case j := <-w.jobs:
			if err := handle(j); err != nil {
				w.failed++
			}
			w.processed++
		}
	}
}

// Submit hands j to Run.
func (w *Worker) Submit(j Job) { w.jobs <- j }

// Stop asks Run to return.
func (w *Worker) Stop() { close(w.quit) }

// Processed returns the number of jobs handled; call it after Stop.
//
// Bug: Stop only signals; nothing waits for done, so Run may still be
// writing processed.
func (w *Worker) Processed() int {
	return w.processed // want:unjoined StopNoJoin
}

// Dispatcher is a Worker whose Stop waits for Run to exit.
type Dispatcher struct {
	jobs      chan Job
	quit      chan struct{}
	done      chan struct{}
	delivered int
}

// NewDispatcher returns a dispatcher with an unbuffered queue.
func NewDispatcher() *Dispatcher {
	return &Dispatcher{jobs: make(chan Job), quit: make(chan struct{}), done: make(chan struct{})}
}

// Run delivers jobs until Stop.
func (d *Dispatcher) Run(deliver func(Job)) {
	defer close(d.done)
	for {
		select {
		case <-d.quit:
			return
		case j := <-d.jobs:
			deliver(j)
			d.delivered++
		}
	}
}

// Submit hands j to Run.
func (d *Dispatcher) Submit(j Job) { d.jobs <- j }

// Stop stops Run and returns the number of deliveries. Correct: Run closes
// done after its last write, and Stop receives from done before reading.
func (d *Dispatcher) Stop() int {
	close(d.quit)
	<-d.done
	return d.delivered // ok:unjoined StopJoins
}

// ErrStopped is the error of a tailer stopped by its owner.
var ErrStopped = errors.New("unjoined: stopped")

// Tailer follows a line source. Call Run in its own goroutine.
type Tailer struct {
	next  func() (string, error)
	lines chan string
	quit  chan struct{}
	err   error
}

// NewTailer returns a tailer over next.
func NewTailer(next func() (string, error)) *Tailer {
	return &Tailer{next: next, lines: make(chan string), quit: make(chan struct{})}
}

// Run forwards lines until next fails or Stop.
func (t *Tailer) Run() {
	for {
		line, err := t.next()
		if err != nil {
			t.err = err
			return
		}
		select {
		case t.lines <- line:
		case <-t.quit:
			t.err = ErrStopped
			return
		}
	}
}

// Lines returns the channel of lines.
func (t *Tailer) Lines() <-chan string { return t.lines }

// Stop asks Run to return.
func (t *Tailer) Stop() { close(t.quit) }

// Err returns why Run stopped; call it after Stop.
//
// Bug: Run writes err after it sees quit closed; Err does not wait for it.
func (t *Tailer) Err() error {
	return t.err // want:unjoined ErrAfterQuit
}

// Stream is a Tailer that can be waited for.
type Stream struct {
	next   func() (string, error)
	lines  chan string
	quit   chan struct{}
	exited chan struct{}
	err    error
}

// NewStream returns a stream over next.
func NewStream(next func() (string, error)) *Stream {
	return &Stream{next: next, lines: make(chan string), quit: make(chan struct{}), exited: make(chan struct{})}
}

// Run forwards lines until next fails or Stop.
func (s *Stream) Run() {
	defer close(s.exited)
	for {
		line, err := s.next()
		if err != nil {
			s.err = err
			return
		}
		select {
		case s.lines <- line:
		case <-s.quit:
			s.err = ErrStopped
			return
		}
	}
}

// Lines returns the channel of lines.
func (s *Stream) Lines() <-chan string { return s.lines }

// Stop asks Run to return.
func (s *Stream) Stop() { close(s.quit) }

// Wait blocks until Run returned.
func (s *Stream) Wait() { <-s.exited }

// Err waits for Run and returns why it stopped. Correct: Wait receives from
// exited, which Run closes after writing err.
func (s *Stream) Err() error {
	s.Wait()
	return s.err // ok:unjoined JoinViaMethod
}

// Syncer repeats a step until cancelled. Call Run in its own goroutine.
type Syncer struct {
	ctx    context.Context
	cancel context.CancelFunc
	exited chan struct{}
	rounds int
	err    error
}

// NewSyncer returns a syncer.
func NewSyncer() *Syncer {
	ctx, cancel := context.WithCancel(context.Background())
	return &Syncer{ctx: ctx, cancel: cancel, exited: make(chan struct{})}
}

// Run calls step until it fails or Close.
func (s *Syncer) Run(step func(context.Context) error) {
	defer close(s.exited)
	for {
		if err := step(s.ctx); err != nil {
			s.err = err
			return
		}
		s.rounds++
		select {
		case <-s.ctx.Done():
			s.err = s.ctx.Err()
			return
		default:
		}
	}
}

// Close cancels Run, waits for it and returns its error. Correct: cancel
// only signals, but the receive from exited joins.
func (s *Syncer) Close() (int, error) {
	s.cancel()
	<-s.exited
	return s.rounds, s.err // ok:unjoined CancelThenJoin
}
