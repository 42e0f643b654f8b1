package mixedatomic

import "sync/atomic"

// TokenBucket admits requests while tokens remain; a ticker owned by the
// caller calls Refill once per interval.
type TokenBucket struct {
	tokens int64
	burst  int64
}

// NewTokenBucket returns a full bucket.
func NewTokenBucket(burst int64) *TokenBucket {
	return &TokenBucket{tokens: burst, burst: burst}
}

// Take consumes one token, reporting false when the bucket is empty.
func (b *TokenBucket) Take() bool {
	if atomic.AddInt64(&b.tokens, -1) < 0 {
		atomic.AddInt64(&b.tokens, 1)
		return false
	}
	return true
}

// Refill fills the bucket.
// Bug: a plain store to tokens, which Take updates atomically.
func (b *TokenBucket) Refill() {
	b.tokens = b.burst // want:mixedatomic RefillPlainStore
}

// PeakTracker remembers the largest value observed.
type PeakTracker struct {
	peak int64
}

// Observe raises the peak to v if v is larger.
// Bug: the compare-and-swap loop reads the current peak plainly.
func (p *PeakTracker) Observe(v int64) {
	for {
		old := p.peak // want:mixedatomic CASLoopPlainRead
		if v <= old || atomic.CompareAndSwapInt64(&p.peak, old, v) {
			return
		}
	}
}

// Peak returns the largest value observed.
func (p *PeakTracker) Peak() int64 { return atomic.LoadInt64(&p.peak) }

// LowWatermark remembers the smallest value observed (it starts at the
// value given to its constructor).
type LowWatermark struct {
	low int64
}

// NewLowWatermark returns a tracker starting at start.
func NewLowWatermark(start int64) *LowWatermark { return &LowWatermark{low: start} }

// Observe lowers the watermark to v if v is smaller.
// Look-alike: the loop loads the current value atomically.
func (w *LowWatermark) Observe(v int64) {
	for {
		old := atomic.LoadInt64(&w.low) // ok:mixedatomic CASLoopAtomicLoad
		if v >= old || atomic.CompareAndSwapInt64(&w.low, old, v) {
			return
		}
	}
}

// Low returns the smallest value observed.
func (w *LowWatermark) Low() int64 { return atomic.LoadInt64(&w.low) }

// WriteBatcher accumulates pending bytes that a flusher takes all at once.
type WriteBatcher struct {
	pending int64
	flushed int64
}

// Add records n pending bytes.
// Bug: a plain read-modify-write of pending, which Flush swaps atomically.
func (b *WriteBatcher) Add(n int64) {
	b.pending += n // want:mixedatomic PlainAddWithSwap
}

// Flush takes the pending bytes.
func (b *WriteBatcher) Flush() int64 {
	n := atomic.SwapInt64(&b.pending, 0)
	atomic.AddInt64(&b.flushed, n)
	return n
}

// AckWindow accumulates acknowledged bytes that a sender takes all at once.
type AckWindow struct {
	acked int64
}

// Ack records n acknowledged bytes.
func (w *AckWindow) Ack(n int64) { atomic.AddInt64(&w.acked, n) }

// Take returns the bytes acknowledged since the last Take.
// Look-alike: the swap is atomic and the result is a local.
func (w *AckWindow) Take() int64 {
	n := atomic.SwapInt64(&w.acked, 0) // ok:mixedatomic SwapFlushAtomic
	return n
}
