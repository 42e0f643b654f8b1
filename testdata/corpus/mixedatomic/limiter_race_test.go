//go:build corpusrace

package mixedatomic

import "testing"

func TestBug_RefillPlainStore(t *testing.T) {
	for range rounds {
		b := NewTokenBucket(3)
		concurrently(
			times(10, func() { _ = b.Take() }),
			times(10, b.Refill),
		)
	}
}

func TestBug_CASLoopPlainRead(t *testing.T) {
	for range rounds {
		p := &PeakTracker{}
		concurrently(
			func() {
				for i := range int64(10) {
					p.Observe(i)
				}
			},
			func() {
				for i := range int64(10) {
					p.Observe(i + 1)
				}
			},
		)
	}
}

func TestOK_CASLoopAtomicLoad(t *testing.T) {
	for range rounds {
		w := NewLowWatermark(100)
		concurrently(
			func() {
				for i := range int64(10) {
					w.Observe(50 - i)
				}
			},
			func() {
				for i := range int64(10) {
					w.Observe(49 - i)
				}
			},
		)
	}
}

func TestBug_PlainAddWithSwap(t *testing.T) {
	for range rounds {
		b := &WriteBatcher{}
		concurrently(
			times(10, func() { b.Add(512) }),
			times(10, func() { _ = b.Flush() }),
		)
	}
}

func TestOK_SwapFlushAtomic(t *testing.T) {
	for range rounds {
		w := &AckWindow{}
		concurrently(
			times(10, func() { w.Ack(512) }),
			times(10, func() { _ = w.Take() }),
		)
	}
}
