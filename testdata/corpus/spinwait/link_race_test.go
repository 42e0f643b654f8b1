//go:build corpusrace

package spinwait

import "testing"

func TestBug_ConnNil(t *testing.T) {
	for range rounds {
		s := &Session{}
		wait := background(func() { use(s.Link()) })
		s.Attach(&Link{Addr: "10.0.0.1:443"})
		wait()
	}
}

func TestOK_AtomicPointerPoll(t *testing.T) {
	for range rounds {
		c := &Channel{}
		wait := background(func() { use(c.Link()) })
		c.Attach(&Link{Addr: "10.0.0.1:443"})
		wait()
	}
}

func TestOK_ReceiveEachIteration(t *testing.T) {
	for range rounds {
		c := NewClient()
		wait := background(func() { use(c.Await()) })
		c.Deliver(&Link{Addr: "10.0.0.1:443"})
		wait()
	}
}

func TestBug_PackagePointer(t *testing.T) {
	for range rounds {
		defaultResolver = nil
		wait := background(func() { use(WaitResolver()) })
		InstallResolver(&Resolver{Servers: []string{"1.1.1.1"}})
		wait()
	}
}

func TestBug_GetterPointer(t *testing.T) {
	for range rounds {
		m := &Mirror{}
		wait := background(func() { use(m.First(poll)) })
		m.Replace(&Snapshot{Rev: 1})
		wait()
	}
}

func TestOK_AtomicGetter(t *testing.T) {
	for range rounds {
		f := &Feed{}
		wait := background(func() { use(f.First(poll)) })
		f.Replace(&Snapshot{Rev: 1})
		wait()
	}
}
