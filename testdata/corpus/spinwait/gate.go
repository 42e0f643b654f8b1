package spinwait

import (
	"sync"
	"sync/atomic"
	"time"
)

// Gate holds callers until it is opened.
type Gate struct {
	backoff time.Duration
	open    bool
}

// NewGate returns a closed gate.
func NewGate(backoff time.Duration) *Gate { return &Gate{backoff: backoff} }

// Open releases waiting callers.
func (g *Gate) Open() { g.open = true }

// Pass waits for the gate with exponential backoff and returns the number
// of retries.
//
// Bug: the retry counter does not make the poll of open synchronized.
func (g *Gate) Pass() int {
	i := 0
	for ; !g.open; i++ { // want:spinwait BackoffLoop
		time.Sleep(g.backoff << min(i, 4))
	}
	return i
}

// Gatekeeper is a Gate built on a condition variable.
type Gatekeeper struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

// NewGatekeeper returns a closed gatekeeper.
func NewGatekeeper() *Gatekeeper {
	g := &Gatekeeper{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Open releases waiting callers.
func (g *Gatekeeper) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// Pass waits for Open. Correct: the condition is checked with mu held.
func (g *Gatekeeper) Pass() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open { // ok:spinwait CondWait
		g.cond.Wait()
	}
}

// Barrier releases its parties together, round after round.
type Barrier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	parties int
	arrived int
	gen     int
}

// NewBarrier returns a barrier for n parties.
func NewBarrier(n int) *Barrier {
	b := &Barrier{parties: n}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Await blocks until all parties arrived. Correct: the generation is only
// read and written with mu held.
func (b *Barrier) Await() {
	b.mu.Lock()
	defer b.mu.Unlock()
	gen := b.gen
	b.arrived++
	if b.arrived == b.parties {
		b.arrived = 0
		b.gen++
		b.cond.Broadcast()
		return
	}
	for gen == b.gen { // ok:spinwait CondBarrier
		b.cond.Wait()
	}
}

// Backend is a downstream service that reports readiness.
type Backend struct {
	ready atomic.Bool
}

// MarkReady is called by the health checker.
func (b *Backend) MarkReady() { b.ready.Store(true) }

// WaitReady waits up to timeout for MarkReady. Correct: the flag is atomic;
// the deadline only bounds the wait.
func (b *Backend) WaitReady(timeout, poll time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for !b.ready.Load() { // ok:spinwait BoundedAtomicPoll
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(poll)
	}
	return true
}
