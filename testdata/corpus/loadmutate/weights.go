package loadmutate

import (
	"slices"
	"sync"
	"sync/atomic"
)

type weights struct {
	vals []float64
}

// Scorer scores feature vectors with a weight vector that training
// replaces. Score is called concurrently.
type Scorer struct {
	w atomic.Pointer[weights]
}

// NewScorer starts with a copy of w.
func NewScorer(w []float64) *Scorer {
	s := &Scorer{}
	s.w.Store(&weights{vals: slices.Clone(w)})
	return s
}

// Score returns the weighted sum of features.
func (s *Scorer) Score(features []float64) float64 {
	w := s.w.Load()
	sum := 0.0
	for i, f := range features {
		sum += f * w.vals[i%len(w.vals)]
	}
	return sum
}

// Decay shrinks every weight by factor.
// Bug: writes the elements of the published weight vector.
func (s *Scorer) Decay(factor float64) {
	w := s.w.Load()
	for i := range w.vals {
		w.vals[i] *= factor // want:loadmutate DecayWeights
	}
}

type shardCounters struct {
	counts []atomic.Int64
}

// ShardedCounter spreads a counter over atomic shards.
type ShardedCounter struct {
	cur atomic.Pointer[shardCounters]
}

// NewShardedCounter returns a counter with n shards.
func NewShardedCounter(n int) *ShardedCounter {
	c := &ShardedCounter{}
	c.cur.Store(&shardCounters{counts: make([]atomic.Int64, n)})
	return c
}

// Add adds n on shard.
func (c *ShardedCounter) Add(shard int, n int64) {
	sc := c.cur.Load()
	sc.counts[shard%len(sc.counts)].Add(n) // ok:loadmutate AtomicSliceElems
}

// Total sums the shards.
func (c *ShardedCounter) Total() int64 {
	var t int64
	sc := c.cur.Load()
	for i := range sc.counts {
		t += sc.counts[i].Load()
	}
	return t
}

// Hooks is a list of callbacks run on every event.
type Hooks struct {
	mu   sync.Mutex // serializes Register
	list atomic.Pointer[[]func(string)]
}

// NewHooks returns an empty hook list.
func NewHooks() *Hooks {
	h := &Hooks{}
	h.list.Store(new([]func(string)))
	return h
}

// Fire runs every hook on ev.
func (h *Hooks) Fire(ev string) {
	for _, f := range *h.list.Load() {
		f(ev)
	}
}

// Add appends f.
// Bug: rewrites the slice header that Fire is ranging over.
func (h *Hooks) Add(f func(string)) {
	p := h.list.Load()
	*p = append(*p, f) // want:loadmutate PointerToSliceAppend
}

// Register appends f to a copy of the list and publishes the copy.
func (h *Hooks) Register(f func(string)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	next := append(slices.Clone(*h.list.Load()), f) // ok:loadmutate PointerToSliceCOW
	h.list.Store(&next)
}
