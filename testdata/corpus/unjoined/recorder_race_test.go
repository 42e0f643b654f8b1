//go:build corpusrace

package unjoined

import "testing"

func TestBug_SleepNotJoin(t *testing.T) {
	for range rounds {
		s := NewSpooler(tick)
		wait := background(func() { s.Run(func([]string) {}) })
		s.Spool("a")
		s.Spool("b")
		use(s.Close())
		wait()
	}
}

func TestBug_DeferOrder(t *testing.T) {
	for range rounds {
		r := NewRecorder(func([]string) {})
		wait := background(r.Run)
		r.Record("login")
		r.Record("logout")
		use(r.Stop())
		wait()
	}
}

func TestOK_DeferOrderOK(t *testing.T) {
	for range rounds {
		j := NewJournal(func([]string) {})
		wait := background(j.Run)
		j.Record("login")
		j.Record("logout")
		use(j.Stop())
		wait()
	}
}
