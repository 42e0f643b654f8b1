package spinwait

import (
	"runtime"
	"sync"
)

// Transfer tracks an upload driven by another goroutine.
type Transfer struct {
	done bool
}

func (t *Transfer) isDone() bool { return t.done }

// Complete is called by the upload goroutine.
func (t *Transfer) Complete() { t.done = true }

// Wait blocks until Complete.
//
// Bug: isDone is a plain read; the busy loop may spin forever.
func (t *Transfer) Wait() {
	for !t.isDone() { // want:spinwait TrivialGetter
	}
}

// Stopper runs a step function until stopped.
type Stopper struct {
	quit chan struct{}
	once sync.Once
}

// NewStopper returns a running stopper.
func NewStopper() *Stopper { return &Stopper{quit: make(chan struct{})} }

func (s *Stopper) stopping() bool {
	select {
	case <-s.quit:
		return true
	default:
		return false
	}
}

// Stop ends Loop; it may be called more than once.
func (s *Stopper) Stop() { s.once.Do(func() { close(s.quit) }) }

// Loop calls step until Stop. Correct: the getter receives from a channel
// that Stop closes.
func (s *Stopper) Loop(step func()) {
	for !s.stopping() { // ok:spinwait ClosedChanPoll
		step()
		runtime.Gosched()
	}
}
