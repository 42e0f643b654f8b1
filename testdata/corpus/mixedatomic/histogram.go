package mixedatomic

import (
	"sort"
	"sync/atomic"
	"time"
)

// LatencyHistogram counts observations into fixed buckets.
type LatencyHistogram struct {
	bounds  []time.Duration
	buckets []uint64
	count   uint64
}

// NewLatencyHistogram returns a histogram with the given upper bounds
// (sorted); one more bucket catches everything above the last bound.
func NewLatencyHistogram(bounds ...time.Duration) *LatencyHistogram {
	return &LatencyHistogram{bounds: bounds, buckets: make([]uint64, len(bounds)+1)}
}

// Observe records one latency.
func (h *LatencyHistogram) Observe(d time.Duration) {
	i := sort.Search(len(h.bounds), func(i int) bool { return d <= h.bounds[i] })
	atomic.AddUint64(&h.buckets[i], 1)
	atomic.AddUint64(&h.count, 1)
}

// Count returns the number of observations.
func (h *LatencyHistogram) Count() uint64 { return atomic.LoadUint64(&h.count) }

// Reset clears the histogram between scrape intervals.
// Bug: the buckets are cleared atomically, the total is not.
func (h *LatencyHistogram) Reset() {
	for i := range h.buckets {
		atomic.StoreUint64(&h.buckets[i], 0)
	}
	h.count = 0 // want:mixedatomic ResetPlainWrite
}

// SizeHistogram is LatencyHistogram for payload sizes, with an atomic reset.
type SizeHistogram struct {
	bounds  []int
	buckets []uint64
	count   uint64
}

// NewSizeHistogram returns a histogram with the given upper bounds.
func NewSizeHistogram(bounds ...int) *SizeHistogram {
	return &SizeHistogram{bounds: bounds, buckets: make([]uint64, len(bounds)+1)}
}

// Observe records one payload size.
func (h *SizeHistogram) Observe(n int) {
	atomic.AddUint64(&h.buckets[sort.SearchInts(h.bounds, n)], 1)
	atomic.AddUint64(&h.count, 1)
}

// Reset clears the histogram. Look-alike: every store is atomic.
func (h *SizeHistogram) Reset() {
	for i := range h.buckets {
		atomic.StoreUint64(&h.buckets[i], 0)
	}
	atomic.StoreUint64(&h.count, 0) // ok:mixedatomic ResetAtomicStore
}

// ShardedCounter spreads increments over several words to cut contention.
type ShardedCounter struct {
	shards [8]int64
}

// Add adds d to the shard picked by hint (a goroutine or CPU number).
func (c *ShardedCounter) Add(hint int, d int64) {
	atomic.AddInt64(&c.shards[hint&7], d)
}

// Sum adds up the shards.
// Bug: the shards are read plainly while Add updates them atomically.
func (c *ShardedCounter) Sum() int64 {
	var total int64
	for i := range c.shards {
		total += c.shards[i] // want:mixedatomic ShardSumPlain
	}
	return total
}

// StripedCounter is ShardedCounter with a configurable number of stripes.
type StripedCounter struct {
	stripes []int64
}

// NewStripedCounter returns a counter with n stripes (n > 0).
func NewStripedCounter(n int) *StripedCounter {
	return &StripedCounter{stripes: make([]int64, n)}
}

// Add adds d to the stripe picked by hint.
func (c *StripedCounter) Add(hint int, d int64) {
	atomic.AddInt64(&c.stripes[hint%len(c.stripes)], d)
}

// Stripes returns the number of stripes. Look-alike: it reads the slice
// header, which is never written after construction, not the elements.
func (c *StripedCounter) Stripes() int {
	return len(c.stripes) // ok:mixedatomic SliceLenRead
}

// Sum adds up the stripes. Look-alike: every element load is atomic.
func (c *StripedCounter) Sum() int64 {
	var total int64
	for i := range c.stripes {
		total += atomic.LoadInt64(&c.stripes[i]) // ok:mixedatomic ShardSumAtomic
	}
	return total
}
