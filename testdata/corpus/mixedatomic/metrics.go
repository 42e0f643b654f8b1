package mixedatomic

import "sync/atomic"

// RequestMetrics counts the requests and failures of one endpoint. Inc and
// Fail are called from request goroutines.
type RequestMetrics struct {
	name     string
	requests int64
	errors   int64
}

// NewRequestMetrics returns empty metrics for the named endpoint.
func NewRequestMetrics(name string) *RequestMetrics {
	return &RequestMetrics{name: name}
}

// RestoreRequestMetrics returns metrics seeded from a previous run.
// Look-alike: the plain stores happen before the value is returned, so
// before any other goroutine can reach it.
func RestoreRequestMetrics(name string, requests, errors int64) *RequestMetrics {
	m := &RequestMetrics{name: name}
	m.requests = requests // ok:mixedatomic ConstructorPlainInit
	m.errors = errors
	return m
}

// Inc records one request.
func (m *RequestMetrics) Inc() { atomic.AddInt64(&m.requests, 1) }

// Fail records one failed request.
func (m *RequestMetrics) Fail() { atomic.AddInt64(&m.errors, 1) }

// Requests returns the number of requests so far.
func (m *RequestMetrics) Requests() int64 { return atomic.LoadInt64(&m.requests) }

// MetricsSnapshot is a point-in-time copy of RequestMetrics.
type MetricsSnapshot struct {
	Name     string
	Requests int64
	Errors   int64
}

// Snapshot copies the counters for reporting.
// Bug: requests is read plainly while Inc adds to it atomically.
func (m *RequestMetrics) Snapshot() MetricsSnapshot {
	return MetricsSnapshot{
		Name:     m.name,
		Requests: m.requests, // want:mixedatomic SnapshotPlainRead
		Errors:   atomic.LoadInt64(&m.errors),
	}
}

// Total returns requests plus failures.
// Bug: both counters are read plainly while Inc and Fail add atomically.
func (m *RequestMetrics) Total() int64 {
	return m.errors + m.requests // want:mixedatomic TotalSumPlain
}

// EndpointStats is like RequestMetrics but every access goes through
// sync/atomic. Look-alike of Snapshot.
type EndpointStats struct {
	path     string
	hits     uint64
	failures uint64
}

// NewEndpointStats returns empty stats for path.
func NewEndpointStats(path string) *EndpointStats { return &EndpointStats{path: path} }

// Hit records one request; failed marks it as failed too.
func (s *EndpointStats) Hit(failed bool) {
	atomic.AddUint64(&s.hits, 1)
	if failed {
		atomic.AddUint64(&s.failures, 1)
	}
}

// Ratio returns the failure ratio. Look-alike: both loads are atomic.
func (s *EndpointStats) Ratio() float64 {
	hits := atomic.LoadUint64(&s.hits) // ok:mixedatomic AllAtomicSnapshot
	if hits == 0 {
		return 0
	}
	return float64(atomic.LoadUint64(&s.failures)) / float64(hits)
}

// Inflight tracks the requests in progress with a typed atomic.
// Look-alike: atomic.Int64 cannot be read plainly.
type Inflight struct {
	n atomic.Int64
}

// Begin marks a request as started.
func (f *Inflight) Begin() { f.n.Add(1) }

// End marks a request as finished.
func (f *Inflight) End() { f.n.Add(-1) }

// Count returns the requests in progress.
func (f *Inflight) Count() int64 {
	return f.n.Load() // ok:mixedatomic TypedAtomicCounter
}

// Gauge tracks a current level against a configured ceiling. cur is
// atomic; max is set by the constructor and never written again.
type Gauge struct {
	max int64
	cur int64
}

// NewGauge returns a gauge that saturates at max.
func NewGauge(ceiling int64) *Gauge { return &Gauge{max: ceiling} }

// Add moves the level by d.
func (g *Gauge) Add(d int64) { atomic.AddInt64(&g.cur, d) }

// Saturated reports whether the level reached the ceiling.
// Look-alike: the plain read is of max, a different, immutable field.
func (g *Gauge) Saturated() bool {
	return atomic.LoadInt64(&g.cur) >= g.max // ok:mixedatomic DifferentFieldRead
}
