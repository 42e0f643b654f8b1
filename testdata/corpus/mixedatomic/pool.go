package mixedatomic

import (
	"sync"
	"sync/atomic"
)

// BufferPool keeps released buffers for reuse. Put is lock-free on its
// counting fast path; Trim takes the lock to drop the excess.
type BufferPool struct {
	mu      sync.Mutex
	free    [][]byte
	idle    int64
	maxIdle int64
}

// NewBufferPool returns a pool that keeps at most maxIdle buffers.
func NewBufferPool(maxIdle int64) *BufferPool { return &BufferPool{maxIdle: maxIdle} }

// Put counts a buffer returned by a caller.
func (p *BufferPool) Put() {
	atomic.AddInt64(&p.idle, 1)
}

// Trim reports how many buffers it would drop.
// Bug: the lock does not order the read against Put, which does not take it.
func (p *BufferPool) Trim() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := p.idle; n > p.maxIdle { // want:mixedatomic PlainUnderLockOnly
		return n - p.maxIdle
	}
	return 0
}

// ConnPool is BufferPool where the atomic add also runs under the lock.
type ConnPool struct {
	mu      sync.Mutex
	idle    int64
	maxIdle int64
}

// NewConnPool returns a pool that keeps at most maxIdle connections.
func NewConnPool(maxIdle int64) *ConnPool { return &ConnPool{maxIdle: maxIdle} }

// Release counts a connection returned to the pool.
func (p *ConnPool) Release() {
	p.mu.Lock()
	atomic.AddInt64(&p.idle, 1)
	p.mu.Unlock()
}

// Excess reports how many idle connections exceed the limit.
// Look-alike: every access of idle holds p.mu, so the plain read is ordered.
func (p *ConnPool) Excess() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := p.idle; n > p.maxIdle { // ok:mixedatomic LockedEverywhere
		return n - p.maxIdle
	}
	return 0
}

// IntervalStats is updated by many writers under a read lock (they only
// contend on the atomic adds); Flush takes the write lock, which excludes
// them all, and reads and clears the counters plainly.
type IntervalStats struct {
	mu     sync.RWMutex
	events int64
	bytes  int64
}

// Record adds one event of n bytes.
func (s *IntervalStats) Record(n int64) {
	s.mu.RLock()
	atomic.AddInt64(&s.events, 1)
	atomic.AddInt64(&s.bytes, n)
	s.mu.RUnlock()
}

// Flush returns the counters and clears them.
// Look-alike: the write lock waits for every RUnlock, so the plain accesses
// are ordered after all the adds.
func (s *IntervalStats) Flush() (events, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	events, bytes = s.events, s.bytes // ok:mixedatomic ExclusiveLockReset
	s.events, s.bytes = 0, 0
	return events, bytes
}
