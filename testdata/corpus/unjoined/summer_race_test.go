//go:build corpusrace

package unjoined

import "testing"

func TestBug_WaitGroupNoDone(t *testing.T) {
	for range rounds {
		s := NewSummer()
		wait := background(s.Run)
		for v := range 3 {
			s.Add(v)
		}
		use(s.Total())
		s.Close()
		wait()
	}
}

func TestOK_DoneAfterWork(t *testing.T) {
	for range rounds {
		a := NewAccumulator()
		wait := background(a.Run)
		for v := range 3 {
			a.Add(v)
		}
		use(a.Total())
		a.Close()
		wait()
	}
}

func fetchOK() string { return "200 OK" }

func TestBug_DoneBeforeWrite(t *testing.T) {
	for range rounds {
		f := NewFanout(2)
		wait0 := background(func() { f.Fetch(0, fetchOK) })
		wait1 := background(func() { f.Fetch(1, fetchOK) })
		use(f.Slowest())
		wait0()
		wait1()
	}
}

func TestOK_WaitGroupDeferred(t *testing.T) {
	for range rounds {
		g := NewGather(2)
		wait0 := background(func() { g.Fetch(0, fetchOK) })
		wait1 := background(func() { g.Fetch(1, fetchOK) })
		use(g.Slowest())
		wait0()
		wait1()
	}
}
