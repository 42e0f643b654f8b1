//go:build corpusrace

package doublecheck

import "testing"

func TestBug_DoubleCheckedInst(t *testing.T) {
	for range rounds {
		p := NewClientProvider("https://api.example")
		fanout(5, func() { _ = p.Get().endpoint })
	}
}

func TestOK_CheckUnderLock(t *testing.T) {
	for range rounds {
		p := NewSessionProvider("https://api.example")
		fanout(5, func() { _ = p.Get().endpoint })
	}
}

func TestOK_AtomicPointerDoubleCheck(t *testing.T) {
	for range rounds {
		p := NewStubProvider("https://api.example")
		fanout(5, func() { _ = p.Get().endpoint })
	}
}
