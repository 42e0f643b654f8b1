//go:build corpusrace

package mixedatomic

import "testing"

func TestBug_PlainUnderLockOnly(t *testing.T) {
	for range rounds {
		p := NewBufferPool(4)
		concurrently(
			times(10, p.Put),
			times(10, func() { _ = p.Trim() }),
		)
	}
}

func TestOK_LockedEverywhere(t *testing.T) {
	for range rounds {
		p := NewConnPool(4)
		concurrently(
			times(10, p.Release),
			times(10, func() { _ = p.Excess() }),
		)
	}
}

func TestOK_ExclusiveLockReset(t *testing.T) {
	for range rounds {
		s := &IntervalStats{}
		concurrently(
			times(10, func() { s.Record(64) }),
			times(10, func() { s.Record(128) }),
			times(10, func() { _, _ = s.Flush() }),
		)
	}
}
