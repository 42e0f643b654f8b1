//go:build corpusrace

package spinwait

import "testing"

func TestBug_PackageFlag(t *testing.T) {
	for range rounds {
		drained = false
		wait := background(func() { AwaitDrain(poll) })
		MarkDrained()
		wait()
	}
}

func TestOK_PackageAtomicFlag(t *testing.T) {
	for range rounds {
		flushed.Store(false)
		wait := background(func() { AwaitFlush(poll) })
		MarkFlushed()
		wait()
	}
}
