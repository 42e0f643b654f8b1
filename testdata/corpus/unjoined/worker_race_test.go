//go:build corpusrace

package unjoined

import (
	"context"
	"testing"
)

func TestBug_StopNoJoin(t *testing.T) {
	for range rounds {
		w := NewWorker()
		wait := background(func() { w.Run(func(Job) error { return nil }) })
		for i := range 3 {
			w.Submit(Job{ID: i})
		}
		w.Stop()
		use(w.Processed())
		wait()
	}
}

func TestOK_StopJoins(t *testing.T) {
	for range rounds {
		d := NewDispatcher()
		wait := background(func() { d.Run(func(Job) {}) })
		for i := range 3 {
			d.Submit(Job{ID: i})
		}
		use(d.Stop())
		wait()
	}
}

func lines() (string, error) { return "GET /healthz 200", nil }

func TestBug_ErrAfterQuit(t *testing.T) {
	for range rounds {
		tl := NewTailer(lines)
		wait := background(tl.Run)
		use(<-tl.Lines())
		tl.Stop()
		use(tl.Err())
		wait()
	}
}

func TestOK_JoinViaMethod(t *testing.T) {
	for range rounds {
		s := NewStream(lines)
		wait := background(s.Run)
		use(<-s.Lines())
		s.Stop()
		use(s.Err())
		wait()
	}
}

func TestOK_CancelThenJoin(t *testing.T) {
	for range rounds {
		s := NewSyncer()
		wait := background(func() { s.Run(func(context.Context) error { return nil }) })
		use(s.Close())
		wait()
	}
}
