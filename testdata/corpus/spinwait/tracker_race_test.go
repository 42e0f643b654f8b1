//go:build corpusrace

package spinwait

import "testing"

func TestBug_PendingCount(t *testing.T) {
	for range rounds {
		tr := &Tracker{}
		tr.Begin()
		wait := background(func() { tr.Drain(poll) })
		tr.End()
		wait()
	}
}

func TestOK_LockedCountPoll(t *testing.T) {
	for range rounds {
		tr := &Tracker{}
		tr.Begin()
		wait := background(func() { tr.WaitIdle(poll) })
		tr.End()
		wait()
	}
}

func TestBug_LenPoll(t *testing.T) {
	for range rounds {
		b := &Batch{}
		wait := background(func() { use(b.WaitFull(3)) })
		b.Add("a")
		b.Add("b")
		b.Add("c")
		wait()
	}
}
