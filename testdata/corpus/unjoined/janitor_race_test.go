//go:build corpusrace

package unjoined

import "testing"

func TestBug_PackageVarResult(t *testing.T) {
	for range rounds {
		swept := make(chan struct{}, 1)
		j := NewJanitor(tick, func() int {
			select {
			case swept <- struct{}{}:
			default:
			}
			return 1
		})
		wait := background(j.Run)
		<-swept
		j.Stop()
		use(LastSweep())
		wait()
	}
}

func TestOK_MutexBothSides(t *testing.T) {
	for range rounds {
		m := NewMeter()
		wait := background(m.Run)
		for n := range 3 {
			m.Observe(100 * n)
		}
		m.Stop()
		use(m.Average())
		wait()
	}
}

func TestOK_AtomicCounter(t *testing.T) {
	for range rounds {
		h := NewHandler()
		wait := background(func() { h.Run(func(string) {}) })
		for range 3 {
			h.Serve("/")
		}
		h.Stop()
		use(h.Handled())
		wait()
	}
}

func TestOK_ReadBeforeStart(t *testing.T) {
	for range rounds {
		r := NewReplayer(0, func(int) {})
		use(r.Offset())
		wait := background(func() { r.Run(100) })
		r.Stop()
		use(r.Offset())
		wait()
	}
}

func TestOK_CondJoin(t *testing.T) {
	for range rounds {
		c := NewCompactor()
		wait := background(func() { c.Run([]int64{4096, 8192}) })
		use(c.Wait())
		wait()
	}
}
