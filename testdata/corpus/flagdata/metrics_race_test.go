//go:build corpusrace

package flagdata

import (
	"errors"
	"testing"
)

func TestBug_NestedFlag(t *testing.T) {
	samples := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	for range rounds {
		h := &Histogram{}
		concurrently(func() { h.Compute(samples) }, func() { use(h.Quantiles()) })
	}
}

func TestBug_DeferredFlag(t *testing.T) {
	for range rounds {
		j := &Job{}
		concurrently(func() { j.Execute(func() (int, error) { return 42, nil }) }, func() { use(j.Result()) })
	}
}

func TestBug_SPSCIndex(t *testing.T) {
	for range rounds {
		r := &Ring{}
		concurrently(func() {
			for i := range 8 {
				r.Push(Event{Name: "tick", At: int64(i)})
			}
		}, func() {
			for range 8 {
				use(r.Pop())
			}
		})
	}
}

func TestOK_AtomicIndex(t *testing.T) {
	for range rounds {
		r := &AtomicRing{}
		concurrently(func() {
			for i := range 8 {
				r.Push(Event{Name: "tick", At: int64(i)})
			}
		}, func() {
			for range 8 {
				use(r.Pop())
			}
		})
	}
}

func TestOK_LockedSetter(t *testing.T) {
	errDown := errors.New("backend down")
	for range rounds {
		b := &Breaker{}
		concurrently(func() { b.Trip(errDown) }, func() { use(b.Err()) })
	}
}
