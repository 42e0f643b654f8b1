// Package mixedatomic exercises the mixedatomic check: variables accessed
// both with sync/atomic and plainly.
package mixedatomic

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// A counter added to atomically and read plainly.
var hits int64

func hit() { atomic.AddInt64(&hits, 1) }

func report() {
	go hit()
	fmt.Println(hits) // want `hits read without sync/atomic but accessed with atomic\.AddInt64 elsewhere \(mixing plain and atomic access is a data race\)`
}

// A field loaded atomically and written plainly.
type conn struct {
	state uint32
	other int
}

func (c *conn) isOpen() bool { return atomic.LoadUint32(&c.state) == 1 }

func (c *conn) watch() {
	for c.isOpen() {
		runtime.Gosched()
	}
}

func (c *conn) Start() { go c.watch() }

func (c *conn) Close() { // want Close:"mutates\\(c\\) sets\\(c\\.state\\)"
	c.state = 0 // want `c\.state written without sync/atomic but accessed with atomic\.LoadUint32 elsewhere`
}

// An exported field updated by a goroutine the type starts: reported, with
// no fix (other packages may use the field).
type Stats struct{ N int64 }

func (s *Stats) count() { atomic.AddInt64(&s.N, 1) }

func (s *Stats) Start() { go s.count() }

func (s *Stats) Get() int64 { // want Get:"reads\\(s\\.N\\)"
	return s.N // want `s\.N read without sync/atomic`
}

// ok: no goroutine in sight: access may be exclusive by other means (a
// reference count held by the caller, say).
type fd struct{ blocking uint32 }

func (f *fd) setBlocking() { atomic.StoreUint32(&f.blocking, 1) }

func (f *fd) closeExclusive() bool { return f.blocking == 0 }

// ok: a captured counter initialized before the goroutines start.
func okInitBeforeGo() int32 {
	calls := int32(0)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		atomic.AddInt32(&calls, 1)
	}()
	wg.Wait()
	return calls
}

// ok: the plain read is made under the mutex every atomic write holds.
type guardedCounter struct {
	mu sync.Mutex
	n  int64
}

func (g *guardedCounter) inc() {
	g.mu.Lock()
	atomic.AddInt64(&g.n, 1)
	g.mu.Unlock()
}

func (g *guardedCounter) snapshot() int64 {
	go g.inc()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// ok: the typed atomic cannot be accessed plainly.
var typed atomic.Int64

func okTyped() {
	typed.Add(1)
	fmt.Println(typed.Load())
}

// ok: every access is atomic.
var all int32

func okAllAtomic() {
	atomic.StoreInt32(&all, 1)
	fmt.Println(atomic.LoadInt32(&all))
}

// ok: plain access in the constructor, before the value is shared.
type counter struct{ n int64 }

func newCounter() *counter {
	c := &counter{}
	c.n = 10
	return c
}

func (c *counter) inc() { atomic.AddInt64(&c.n, 1) }

// ok: plain read after the goroutines are joined.
var total int64

func okJoined() {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&total, 1)
		}()
	}
	wg.Wait()
	fmt.Println(total)
}

// ok: plain read of a variable only ever read atomically (no writer).
var limit int64 = 5

func okReadOnly() int64 {
	return atomic.LoadInt64(&limit) + limit
}

// ok: package initialization.
var seq uint64

func init() { seq = 100 }

func next() uint64 { return atomic.AddUint64(&seq, 1) }

// ok: a same-named field of another type is plain only.
type other struct{ state uint32 }

func (o *other) set() { o.state = 1 }

// A struct copy reads every field plainly, including those other methods
// update atomically; so does a read of one element of an array field.
type ServerStats struct {
	Accepted int64
	Rejected int64
	shards   [4]int64
}

func (s *ServerStats) Accept(i int) { // want Accept:"syncs"
	atomic.AddInt64(&s.Accepted, 1)
	atomic.AddInt64(&s.shards[i&3], 1)
}

func (s *ServerStats) Reject() { atomic.AddInt64(&s.Rejected, 1) } // want Reject:"syncs"

func (s *ServerStats) Copy() ServerStats {
	return *s // want `s\.Accepted read \(copying \*s\) without sync/atomic but accessed with atomic\.AddInt64 elsewhere`
}

func (s *ServerStats) Shard(i int) int64 { // want Shard:"reads\\(s\\.shards\\)"
	return s.shards[i&3] // want `s\.shards read without sync/atomic`
}

// ok: every element load is atomic; the range loop does not load the array.
func (s *ServerStats) ShardSum() int64 { // want ShardSum:"syncs"
	var total int64
	for i := range s.shards {
		total += atomic.LoadInt64(&s.shards[i])
	}
	return total
}

// ok: a copy of a struct the function has just made.
func zeroStats() ServerStats {
	s := &ServerStats{}
	s.Accepted = 0
	return *s
}
