package loadmutate

import (
	"maps"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Memo caches computed results. Get is lock-free; the map it reads must
// never be written once published.
type Memo struct {
	mu    sync.Mutex // serializes Set
	table atomic.Value
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	m := &Memo{}
	m.table.Store(map[string]int{})
	return m
}

// Get returns the cached result for k.
func (m *Memo) Get(k string) (int, bool) {
	v, ok := m.table.Load().(map[string]int)[k]
	return v, ok
}

// Put caches v for k.
// Bug: writes into the published map that Get reads.
func (m *Memo) Put(k string, v int) {
	t := m.table.Load().(map[string]int)
	t[k] = v // want:loadmutate TableMapWrite
}

// Set caches v for k by publishing a new map.
func (m *Memo) Set(k string, v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	next := maps.Clone(m.table.Load().(map[string]int))
	next[k] = v // ok:loadmutate CloneMapStore
	m.table.Store(next)
}

// Thresholds holds per-channel alert thresholds.
type Thresholds struct {
	mu sync.Mutex // serializes Set
	v  atomic.Value
}

// NewThresholds starts with a copy of xs.
func NewThresholds(xs []float64) *Thresholds {
	t := &Thresholds{}
	t.v.Store(slices.Clone(xs))
	return t
}

// Exceeds reports whether x is above the threshold of channel i.
func (t *Thresholds) Exceeds(i int, x float64) bool {
	return x > t.v.Load().([]float64)[i]
}

// Disable stops alerts on channel i.
// Bug: writes an element of the published slice.
func (t *Thresholds) Disable(i int) {
	xs := t.v.Load().([]float64)
	xs[i] = math.Inf(1) // want:loadmutate ValueSliceElem
}

// Set changes the threshold of channel i by publishing a new slice.
func (t *Thresholds) Set(i int, x float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	xs := slices.Clone(t.v.Load().([]float64))
	xs[i] = x // ok:loadmutate ValueSliceCloneSet
	t.v.Store(xs)
}

// RetryPolicy says how to retry a failed call.
type RetryPolicy struct {
	Attempts int
	Backoff  time.Duration
}

// Retrier holds a RetryPolicy by value: every Load returns a fresh copy.
type Retrier struct {
	policy atomic.Value // RetryPolicy
}

// NewRetrier starts with p.
func NewRetrier(p RetryPolicy) *Retrier {
	r := &Retrier{}
	r.policy.Store(p)
	return r
}

// SetPolicy replaces the policy.
func (r *Retrier) SetPolicy(p RetryPolicy) { r.policy.Store(p) }

// Policy returns the policy for a call; critical calls get twice the
// attempts. The adjustment is made on the caller's copy.
func (r *Retrier) Policy(critical bool) RetryPolicy {
	p := r.policy.Load().(RetryPolicy)
	if critical {
		p.Attempts *= 2 // ok:loadmutate ValueTypeSnapshot
	}
	return p
}

type leases struct {
	expires map[string]time.Time
}

// LeaseTable tracks named leases. Held and Active are safe for concurrent use.
type LeaseTable struct {
	cur atomic.Pointer[leases]
}

// NewLeaseTable starts with a copy of expires.
func NewLeaseTable(expires map[string]time.Time) *LeaseTable {
	t := &LeaseTable{}
	t.cur.Store(&leases{expires: maps.Clone(expires)})
	return t
}

// Held reports whether lease name is held at now.
func (t *LeaseTable) Held(name string, now time.Time) bool {
	exp, ok := t.cur.Load().expires[name]
	return ok && now.Before(exp)
}

// Sweep forgets the leases that have expired at now.
// Bug: deletes from the published map that Held reads.
func (t *LeaseTable) Sweep(now time.Time) {
	l := t.cur.Load()
	for name, exp := range l.expires {
		if !now.Before(exp) {
			delete(l.expires, name) // want:loadmutate MapDeleteExpired
		}
	}
}

// Active returns the leases held at now, in a map of the caller's own.
func (t *LeaseTable) Active(now time.Time) map[string]time.Time {
	out := maps.Clone(t.cur.Load().expires)
	maps.DeleteFunc(out, func(_ string, exp time.Time) bool { return !now.Before(exp) }) // ok:loadmutate MapCopyOut
	return out
}
