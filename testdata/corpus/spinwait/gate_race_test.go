//go:build corpusrace

package spinwait

import (
	"testing"
	"time"
)

func TestBug_BackoffLoop(t *testing.T) {
	for range rounds {
		g := NewGate(10 * time.Microsecond)
		wait := background(func() { use(g.Pass()) })
		g.Open()
		wait()
	}
}

func TestOK_CondWait(t *testing.T) {
	for range rounds {
		g := NewGatekeeper()
		wait := background(g.Pass)
		g.Open()
		wait()
	}
}

func TestOK_CondBarrier(t *testing.T) {
	for range rounds {
		b := NewBarrier(2)
		wait := background(b.Await)
		b.Await()
		wait()
	}
}

func TestOK_BoundedAtomicPoll(t *testing.T) {
	for range rounds {
		b := &Backend{}
		wait := background(func() { use(b.WaitReady(time.Second, poll)) })
		b.MarkReady()
		wait()
	}
}
