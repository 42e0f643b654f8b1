//go:build corpusrace

package spinwait

import "testing"

func TestBug_UnlockedPoll(t *testing.T) {
	for range rounds {
		e := &Election{}
		wait := background(func() { use(e.AwaitLeader(poll)) })
		e.Elect("node-2")
		wait()
	}
}

func TestOK_LockedEachIteration(t *testing.T) {
	for range rounds {
		e := &Election{}
		wait := background(func() { use(e.AwaitTerm(1, poll)) })
		e.Elect("node-2")
		wait()
	}
}

func TestOK_LockedGetter(t *testing.T) {
	for range rounds {
		e := &Election{}
		wait := background(func() { use(e.WaitAnyLeader()) })
		e.Elect("node-2")
		wait()
	}
}
