//go:build corpusrace

package spinwait

import "testing"

func TestBug_TrivialGetter(t *testing.T) {
	for range rounds {
		tr := &Transfer{}
		wait := background(tr.Wait)
		tr.Complete()
		wait()
	}
}

func TestOK_ClosedChanPoll(t *testing.T) {
	for range rounds {
		s := NewStopper()
		wait := background(func() { s.Loop(func() {}) })
		s.Stop()
		wait()
	}
}
