//go:build corpusrace

package mixedatomic

import (
	"testing"
	"time"
)

func TestBug_ResetPlainWrite(t *testing.T) {
	for range rounds {
		h := NewLatencyHistogram(time.Millisecond, 10*time.Millisecond)
		concurrently(
			times(10, func() { h.Observe(2 * time.Millisecond) }),
			times(10, h.Reset),
		)
	}
}

func TestOK_ResetAtomicStore(t *testing.T) {
	for range rounds {
		h := NewSizeHistogram(512, 4096)
		concurrently(
			times(10, func() { h.Observe(1000) }),
			times(10, h.Reset),
		)
	}
}

func TestBug_ShardSumPlain(t *testing.T) {
	for range rounds {
		var c ShardedCounter
		concurrently(
			times(10, func() { c.Add(1, 1); c.Add(6, 1) }),
			times(10, func() { _ = c.Sum() }),
		)
	}
}

func TestOK_ShardSumAtomic(t *testing.T) {
	for range rounds {
		c := NewStripedCounter(4)
		concurrently(
			times(10, func() { c.Add(1, 1); c.Add(3, 1) }),
			times(10, func() { _ = c.Sum() }),
		)
	}
}

func TestOK_SliceLenRead(t *testing.T) {
	for range rounds {
		c := NewStripedCounter(4)
		concurrently(
			times(10, func() { c.Add(0, 1); c.Add(2, 1) }),
			times(10, func() { _ = c.Stripes() }),
		)
	}
}
