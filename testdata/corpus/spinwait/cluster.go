package spinwait

import (
	"runtime"
	"sync"
	"time"
)

// Election tracks the current leader of a replica group.
type Election struct {
	mu     sync.Mutex
	leader string
	term   int
}

// Elect is called by the consensus goroutine when a leader wins a term.
func (e *Election) Elect(id string) {
	e.mu.Lock()
	e.term++
	e.leader = id
	e.mu.Unlock()
}

// AwaitLeader waits until some leader is elected.
//
// Bug: Elect writes leader under mu, but the loop polls it without mu.
func (e *Election) AwaitLeader(poll time.Duration) string {
	for e.leader == "" { // want:spinwait UnlockedPoll
		time.Sleep(poll)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leader
}

// AwaitTerm waits until the term reaches min. Correct: each check holds mu.
func (e *Election) AwaitTerm(min int, poll time.Duration) int {
	for {
		e.mu.Lock()
		t := e.term // ok:spinwait LockedEachIteration
		e.mu.Unlock()
		if t >= min {
			return t
		}
		time.Sleep(poll)
	}
}

// Leader returns the current leader, "" if none.
func (e *Election) Leader() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leader
}

// WaitAnyLeader waits until some leader is elected. Correct: Leader takes
// the lock.
func (e *Election) WaitAnyLeader() string {
	for e.Leader() == "" { // ok:spinwait LockedGetter
		runtime.Gosched()
	}
	return e.Leader()
}
