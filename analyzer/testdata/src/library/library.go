// Package library exercises evidence of sharing in library code: no
// goroutine is started here; the package's callers start them.
package library

import (
	"sync"
	"sync/atomic"
	"time"
)

// A metrics type that counts atomically and reads plainly: the atomic
// access is itself the claim that the counter is shared.
type Metrics struct {
	requests int64
	errors   int64
	name     string
}

func (m *Metrics) Inc() { atomic.AddInt64(&m.requests, 1) } // want Inc:"syncs"

func (m *Metrics) Fail() { atomic.AddInt64(&m.errors, 1) } // want Fail:"syncs"

func (m *Metrics) Snapshot() int64 { // want Snapshot:"reads\\(m\\.requests\\)"
	return m.requests // want `m\.requests read without sync/atomic but accessed with atomic\.AddInt64 elsewhere`
}

func (m *Metrics) Total() int64 {
	return m.errors + m.requests // want `m\.errors read without sync/atomic` `m\.requests read without sync/atomic`
}

func (m *Metrics) Reset() { // want Reset:"mutates\\(m\\) sets\\(m\\.requests\\)"
	m.requests = 0 // want `m\.requests written without sync/atomic`
}

// ok: the counter is read atomically.
func (m *Metrics) Load() int64 { return atomic.LoadInt64(&m.requests) } // want Load:"syncs"

// ok: set before the value is returned; no one else can see it yet.
func NewMetrics(n int64) *Metrics {
	m := &Metrics{name: "m"}
	m.requests = n
	return m
}

// ok: name is never accessed atomically.
func (m *Metrics) Name() string { return m.name } // want Name:"reads\\(m\\.name\\)"

// ok: every access, atomic or plain, holds the lock; the atomic store lets
// other methods read without it.
type gauge struct {
	mu  sync.Mutex
	val int64
}

func (g *gauge) Set(v int64) { // want Set:"syncs"
	g.mu.Lock()
	atomic.StoreInt64(&g.val, v)
	g.mu.Unlock()
}

func (g *gauge) Peek() int64 { return atomic.LoadInt64(&g.val) } // want Peek:"syncs"

func (g *gauge) Locked() int64 { // want Locked:"syncs"
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.val
}

// A worker whose Run polls a plain field that Stop sets: only another
// goroutine can end the loop.
type Worker struct {
	stopped bool
	n       int
}

func (w *Worker) Run() {
	for !w.stopped { // want `w\.stopped polled in a loop without synchronization`
		time.Sleep(time.Millisecond)
	}
}

func (w *Worker) Stop() { w.stopped = true } // want Stop:"mutates\\(w\\) sets\\(w\\.stopped\\)"

// ok: the loop itself ends the loop.
func (w *Worker) Count() { // want Count:"mutates\\(w\\)"
	for !w.stopped {
		w.n++
		if w.n > 10 {
			w.stopped = true
		}
	}
}

// ok: a loop that ends on a bound is not a wait.
func (w *Worker) Drain(max int) {
	for i := 0; i < max && !w.stopped; i++ {
		time.Sleep(time.Millisecond)
	}
}

// ok: the flag is atomic.
type AtomicWorker struct{ stopped atomic.Bool }

func (w *AtomicWorker) Run() { // want Run:"syncs"
	for !w.stopped.Load() {
		time.Sleep(time.Millisecond)
	}
}

func (w *AtomicWorker) Stop() { w.stopped.Store(true) }

// A poll through a getter, with the write held under a lock the poll does
// not take.
type Poller struct {
	mu   sync.Mutex
	done bool
}

func (p *Poller) isDone() bool { return p.done }

func (p *Poller) Wait() {
	for !p.isDone() { // want `p\.isDone\(\) polled in a loop without synchronization`
		time.Sleep(time.Millisecond)
	}
}

func (p *Poller) Finish() { // want Finish:"syncs"
	p.mu.Lock()
	p.done = true
	p.mu.Unlock()
}

// ok: the poll takes the lock each time round.
func (p *Poller) WaitLocked() { // want WaitLocked:"syncs"
	for {
		p.mu.Lock()
		d := p.done
		p.mu.Unlock()
		if d {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// A timer wait is still a wait.
type Conn struct{ closed bool }

func (c *Conn) AwaitClose() { // want AwaitClose:"syncs"
	for !c.closed { // want `c\.closed polled in a loop without synchronization`
		<-time.After(time.Millisecond)
	}
}

func (c *Conn) Close() { c.closed = true } // want Close:"mutates\\(c\\) sets\\(c\\.closed\\)"

// ok: the read follows the receive from the channel Close closes after
// writing.
type ChanConn struct {
	closed bool
	done   chan struct{}
}

func (c *ChanConn) AwaitClose() bool { // want AwaitClose:"syncs"
	<-c.done
	return c.closed
}

func (c *ChanConn) Close() { // want Close:"mutates\\(c\\) sets\\(c\\.closed\\)"
	c.closed = true
	close(c.done)
}

// A worker loop that signals its end by closing done; Stats reads what the
// loop writes without waiting for it.
type Pump struct {
	quit  chan struct{}
	done  chan struct{}
	count int
}

func (p *Pump) Run() { // want Run:"syncs"
	defer close(p.done)
	for {
		select {
		case <-p.quit:
			return
		default:
			p.count++
		}
	}
}

func (p *Pump) Stop() { close(p.quit) }

func (p *Pump) Stats() int { // want Stats:"reads\\(p\\.count\\)"
	return p.count // want `p\.count read while Pump\.Run may still write it \(nothing orders its write before this read: wait for <-p\.done first\)`
}

// ok: waits for the loop's end first.
func (p *Pump) Final() int { // want Final:"syncs"
	p.Stop()
	<-p.done
	return p.count
}

// ok: Stop waits on a WaitGroup that the loop's deferred Done releases.
type WGPump struct {
	wg    sync.WaitGroup
	quit  chan struct{}
	count int
}

func (p *WGPump) Run() { // want Run:"syncs"
	defer p.wg.Done()
	for {
		select {
		case <-p.quit:
			return
		default:
			p.count++
		}
	}
}

func (p *WGPump) Stop() int { // want Stop:"syncs"
	close(p.quit)
	p.wg.Wait()
	return p.count
}

// A one-shot task that closes done when it returns; Result does not wait.
type Task struct {
	done chan struct{}
	err  error
}

func (t *Task) Run(f func() error) { // want Run:"mutates\\(t\\)"
	t.err = f()
	close(t.done)
}

func (t *Task) Result() error { // want Result:"reads\\(t\\.err\\)"
	return t.err // want `t\.err read while Task\.Run may still write it \(nothing orders its write before this read: wait for <-t\.done first\)`
}

// ok: waits first.
func (t *Task) Wait() error { // want Wait:"reads\\(t\\.err\\) syncs"
	<-t.done
	return t.err
}

// ok: a worker that calls Done after each write, and a reader that waits.
type Summer struct {
	wg    sync.WaitGroup
	in    chan int
	total int
}

func (s *Summer) Run() { // want Run:"syncs"
	for v := range s.in {
		s.total += v
		s.wg.Done()
	}
}

func (s *Summer) Total() int { // want Total:"syncs"
	s.wg.Wait()
	return s.total
}

// A worker that signals before its last write.
type Fetcher struct {
	wg    sync.WaitGroup
	n     int
	stamp int
}

func (f *Fetcher) Fetch() { // want Fetch:"sets\\(f\\.n\\) sets\\(f\\.stamp\\) syncs"
	f.n++
	f.wg.Done()
	f.stamp++
}

func (f *Fetcher) Stamp() int { // want Stamp:"syncs"
	f.wg.Wait()
	return f.stamp // want `f\.stamp read while Fetcher\.Fetch may still write it \(it writes it after f\.wg\.Done\(\), so waiting for that orders nothing\)`
}

// ok: n is written before Done.
func (f *Fetcher) N() int { // want N:"syncs"
	f.wg.Wait()
	return f.n
}

// A counter added to atomically under a read lock and read plainly under a
// read lock: read locks do not exclude each other.
type RWStats struct {
	mu   sync.RWMutex
	hits int64
	size int64
}

func (s *RWStats) Hit() { // want Hit:"syncs"
	s.mu.RLock()
	defer s.mu.RUnlock()
	atomic.AddInt64(&s.hits, 1)
}

// ok: size is added to under the write lock.
func (s *RWStats) grow() { atomic.AddInt64(&s.size, 1) }

func (s *RWStats) Grow() { // want Grow:"syncs"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grow()
}

func (s *RWStats) Snapshot() (int64, int64) { // want Snapshot:"syncs"
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.hits, s.size // want `s\.hits read without sync/atomic`
}

// ok: a function documented to run with the lock held.
type Store struct {
	mu    sync.Mutex
	data  []int
	ready bool
	n     int64
}

// fill must be called with s.mu held.
func (s *Store) fill(d []int) {
	s.data = d
	s.ready = true
}

func (s *Store) resetLocked() { s.n = 0 }

func (s *Store) Fill(d []int) { // want Fill:"syncs"
	s.mu.Lock()
	s.fill(d)
	s.resetLocked()
	s.mu.Unlock()
}

func (s *Store) Data() []int { // want Data:"syncs"
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ready {
		return s.data
	}
	return nil
}

func (s *Store) Inc() { // want Inc:"syncs"
	s.mu.Lock()
	atomic.AddInt64(&s.n, 1)
	s.mu.Unlock()
}

// ok: a snapshot changed in place on an object a constructor just made.
type counter struct{ active atomic.Pointer[Config] }

func newCounter() *counter {
	c := &counter{}
	c.active.Store(&Config{})
	return c
}

func (h *Holder) Fresh() { // want Fresh:"syncs"
	c := newCounter()
	cfg := c.active.Load()
	cfg.Timeout = 1
}

// ok: a mutex held by pointer names the same lock in every method.
type PtrLocked struct {
	mu    *sync.RWMutex
	stats *struct{ n int64 }
}

func (p *PtrLocked) bump() { atomic.AddInt64(&p.stats.n, 1) }

func (p *PtrLocked) Bump() { // want Bump:"syncs"
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bump()
}

func (p *PtrLocked) N() int64 { // want N:"syncs"
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.stats.n
}

// ok: an atomic add on one branch and a plain one on the other of a Write
// that its caller serializes.
type SizedWriter struct {
	rotating int32
	out      int64
}

func (w *SizedWriter) Write(p []byte) (int, error) { // want Write:"syncs"
	if atomic.LoadInt32(&w.rotating) == 0 {
		atomic.AddInt64(&w.out, int64(len(p)))
		return len(p), nil
	}
	w.out += int64(len(p))
	return len(p), nil
}

// A plain read, then a compare-and-swap, on one path.
type Peak struct{ max int64 }

func (p *Peak) Observe(v int64) { // want Observe:"syncs"
	for {
		old := p.max // want `p\.max read without sync/atomic`
		if v <= old || atomic.CompareAndSwapInt64(&p.max, old, v) {
			return
		}
	}
}

// ok: documented to be called before the goroutine body starts.
type Replay struct {
	done   chan struct{}
	offset int
}

func (r *Replay) Run() { // want Run:"mutates\\(r\\)"
	defer close(r.done)
	r.offset++
}

// Offset returns where Run starts. Call it before Run.
func (r *Replay) Offset() int { return r.offset } // want Offset:"reads\\(r\\.offset\\)"
