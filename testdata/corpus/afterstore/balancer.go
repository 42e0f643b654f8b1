package afterstore

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Endpoint is one backend address.
type Endpoint struct {
	Addr   string
	Weight int
}

type endpointSet struct {
	eps []Endpoint
	gen int
}

// Balancer spreads requests over a set of endpoints that is replaced
// copy-on-write. Pick and Generation are safe for concurrent use.
type Balancer struct {
	set atomic.Pointer[endpointSet]
}

// NewBalancer starts with eps.
func NewBalancer(eps []Endpoint) *Balancer {
	b := &Balancer{}
	b.set.Store(&endpointSet{eps: eps})
	return b
}

// Pick returns the endpoint address for request n.
func (b *Balancer) Pick(n int) string {
	s := b.set.Load()
	return s.eps[n%len(s.eps)].Addr
}

// Generation counts the replacements of the endpoint set.
func (b *Balancer) Generation() int { return b.set.Load().gen }

// Len returns the number of endpoints.
func (b *Balancer) Len() int { return len(b.set.Load().eps) }

// Replace installs eps and numbers the new set after the one it replaced.
// Bug: the generation is written after the Swap published next.
func (b *Balancer) Replace(eps []Endpoint) {
	next := &endpointSet{eps: eps}
	old := b.set.Swap(next)
	next.gen = old.gen + 1 // want:afterstore SwapThenStampGen
}

// Remove drops addr, numbering the new set before it is published.
func (b *Balancer) Remove(addr string) bool {
	prev := b.set.Load()
	next := &endpointSet{eps: slices.DeleteFunc(slices.Clone(prev.eps), func(e Endpoint) bool { return e.Addr == addr })}
	next.gen = prev.gen + 1 // ok:afterstore StampBeforeCAS
	return b.set.CompareAndSwap(prev, next)
}

// Lease is a leadership lease.
type Lease struct {
	Holder  string
	Expires time.Time
}

// Elector hands out a lease; Leader is safe for concurrent use.
type Elector struct {
	cur atomic.Pointer[Lease]
}

// Holder returns who took the lease last, expired or not.
func (e *Elector) Holder() string {
	if l := e.cur.Load(); l != nil {
		return l.Holder
	}
	return ""
}

// Leader returns the current lease holder, "" if the lease is free.
func (e *Elector) Leader(now time.Time) string {
	l := e.cur.Load()
	if l == nil || !now.Before(l.Expires) {
		return ""
	}
	return l.Holder
}

// Acquire takes the lease for id if it is free, expired or already id's.
// Bug: the expiry is set after the CompareAndSwap published the lease.
func (e *Elector) Acquire(id string, now time.Time, ttl time.Duration) bool {
	old := e.cur.Load()
	if old != nil && old.Holder != id && now.Before(old.Expires) {
		return false
	}
	l := &Lease{Holder: id}
	if !e.cur.CompareAndSwap(old, l) {
		return false
	}
	l.Expires = now.Add(ttl) // want:afterstore CASThenSetExpiry
	return true
}

type shard struct {
	nodes []string
	stale atomic.Bool // set once the shard map is replaced
}

// Ring maps keys to nodes. Owner and Stale are safe for concurrent use.
type Ring struct {
	cur atomic.Pointer[shard]
}

// NewRing starts with nodes.
func NewRing(nodes []string) *Ring {
	r := &Ring{}
	r.cur.Store(&shard{nodes: nodes})
	return r
}

// Owner returns the node for key hash h, and whether the answer came from a
// shard map that has since been replaced.
func (r *Ring) Owner(h int) (string, bool) {
	s := r.cur.Load()
	return s.nodes[h%len(s.nodes)], s.stale.Load()
}

// Rebalance installs a new node list and marks the old one stale. Correct:
// stale is atomic, so readers still holding the old shard may read it.
func (r *Ring) Rebalance(nodes []string) {
	old := r.cur.Swap(&shard{nodes: nodes})
	old.stale.Store(true) // ok:afterstore SwapRetireAtomic
}

type window struct {
	mu    sync.Mutex
	start time.Time
	count int
}

// RateTracker counts events in rotating windows. Observe and Count are safe
// for concurrent use; Rotate is called by one goroutine.
type RateTracker struct {
	cur atomic.Pointer[window]
}

// NewRateTracker opens the first window at now.
func NewRateTracker(now time.Time) *RateTracker {
	t := &RateTracker{}
	t.cur.Store(&window{start: now})
	return t
}

// Observe records one event.
func (t *RateTracker) Observe() {
	w := t.cur.Load()
	w.mu.Lock()
	w.count++
	w.mu.Unlock()
}

// Count returns the events in the current window.
func (t *RateTracker) Count() int {
	w := t.cur.Load()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.count
}

// Rotate opens a new window and carries half of the old count over. The
// carry is written after the new window is published, under the window's
// own mutex, which Observe and Count also take: correct.
func (t *RateTracker) Rotate(now time.Time) {
	w := &window{start: now}
	old := t.cur.Swap(w)
	old.mu.Lock()
	carry := old.count / 2
	old.mu.Unlock()
	w.mu.Lock()
	w.count += carry // ok:afterstore MutateUnderSharedMutex
	w.mu.Unlock()
}
