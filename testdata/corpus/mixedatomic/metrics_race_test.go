//go:build corpusrace

package mixedatomic

import "testing"

func TestBug_SnapshotPlainRead(t *testing.T) {
	for range rounds {
		m := NewRequestMetrics("api")
		concurrently(
			times(10, m.Inc),
			times(10, func() { _ = m.Snapshot() }),
		)
	}
}

func TestBug_TotalSumPlain(t *testing.T) {
	for range rounds {
		m := NewRequestMetrics("api")
		concurrently(
			times(10, func() { m.Inc(); m.Fail() }),
			times(10, func() { _ = m.Total() }),
		)
	}
}

func TestOK_ConstructorPlainInit(t *testing.T) {
	for range rounds {
		ch := make(chan *RequestMetrics, 1)
		concurrently(
			func() {
				m := RestoreRequestMetrics("api", 7, 1)
				ch <- m
				for range 10 {
					m.Inc()
				}
			},
			func() {
				m := <-ch
				for range 10 {
					m.Inc()
					_ = m.Requests()
				}
			},
		)
	}
}

func TestOK_AllAtomicSnapshot(t *testing.T) {
	for range rounds {
		s := NewEndpointStats("/v1")
		concurrently(
			times(10, func() { s.Hit(true); s.Hit(false) }),
			times(10, func() { _ = s.Ratio() }),
		)
	}
}

func TestOK_TypedAtomicCounter(t *testing.T) {
	for range rounds {
		var f Inflight
		concurrently(
			times(10, func() { f.Begin(); f.End() }),
			times(10, func() { _ = f.Count() }),
		)
	}
}

func TestOK_DifferentFieldRead(t *testing.T) {
	for range rounds {
		g := NewGauge(5)
		concurrently(
			times(10, func() { g.Add(1) }),
			times(10, func() { _ = g.Saturated() }),
		)
	}
}

func TestOK_AddressOnly(t *testing.T) {
	for range rounds {
		r := NewRegistry()
		m := NewRequestMetrics("api")
		concurrently(
			times(10, m.Inc),
			func() {
				m.Export(r)
				for range 10 {
					_ = r.Values()
				}
			},
		)
	}
}
