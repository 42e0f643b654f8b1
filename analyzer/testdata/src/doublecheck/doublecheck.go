// Package doublecheck exercises the doublecheck check: unsynchronized
// guards before a lock or once.Do.
package doublecheck

import (
	"sync"
	"sync/atomic"
)

// The memory model's example: if !done { once.Do(setup) }.
var (
	a    string
	done bool
	once sync.Once
)

func setup() {
	a = "hello, world"
	done = true
}

func doprint() {
	if !done { // want `done checked without synchronization before once\.Do \(a goroutine that sees it set skips once\.Do and may not see what the function wrote\)`
		once.Do(setup)
	}
	print(a)
}

// Double-checked locking on a plain pointer.
type T struct{ v int }

var (
	mu   sync.Mutex
	inst *T
)

func instance() *T {
	if inst == nil { // want `inst checked without holding the lock before mu\.Lock \(double-checked locking`
		mu.Lock()
		if inst == nil {
			inst = &T{v: 1}
		}
		mu.Unlock()
	}
	return inst
}

// The same on a field, with defer.
type lazy struct {
	mu  sync.Mutex
	val map[string]int
}

func (l *lazy) get() map[string]int {
	if l.val == nil { // want `l\.val checked without holding the lock before l\.mu\.Lock`
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.val == nil {
			l.val = map[string]int{}
		}
	}
	return l.val
}

// ok: the guard is an atomic.Pointer.
var instP atomic.Pointer[T]

func okAtomicPointer() *T {
	if p := instP.Load(); p != nil {
		return p
	}
	mu.Lock()
	defer mu.Unlock()
	if p := instP.Load(); p != nil {
		return p
	}
	p := &T{}
	instP.Store(p)
	return p
}

// ok: the guard is an atomic.Bool.
var ready atomic.Bool
var once2 sync.Once

func okAtomicBool() {
	if !ready.Load() {
		once2.Do(func() { ready.Store(true) })
	}
}

// ok: sync.Once alone.
var once3 sync.Once
var cfg map[string]int

func okOnce() map[string]int {
	once3.Do(func() { cfg = map[string]int{} })
	return cfg
}

// ok: sync.OnceValue.
var get = sync.OnceValue(func() *T { return &T{} })

func okOnceValue() *T { return get() }

// ok: both checks under the same lock.
var inst2 *T

func okLocked() *T {
	mu.Lock()
	defer mu.Unlock()
	if inst2 == nil {
		inst2 = &T{}
	}
	return inst2
}

// ok: a check before a lock that does not re-check the guard.
var count int

func okUnrelatedLock(n int) {
	if n > 0 {
		mu.Lock()
		count += n
		mu.Unlock()
	}
}

// ok: a local guard.
func okLocal() {
	var m sync.Mutex
	initialized := false
	if !initialized {
		m.Lock()
		initialized = true
		m.Unlock()
	}
}

// An unlocked check that only saves taking the lock: the fast path reads
// nothing the locked code writes, but the check races with the writes.
type node struct{ next *node }

var (
	poolMu sync.Mutex
	pool   *node
	local  []*node
)

func hint() {
	if pool != nil { // want `pool checked without holding the lock before poolMu\.Lock \(the check races with the writes made under the lock\)`
		poolMu.Lock()
		for pool != nil {
			n := pool
			pool = n.next
			local = append(local, n)
		}
		poolMu.Unlock()
	}
}

// Double-checked locking without the second check: the length check reads
// cols without the lock that guards its only write, and the fast path
// returns it unlocked.
type RowEncoder struct {
	mu   sync.Mutex
	typ  string
	cols []string
}

func (e *RowEncoder) Header() []string { // want Header:"syncs"
	if len(e.cols) == 0 { // want `e\.cols checked without holding the lock before e\.mu\.Lock \(double-checked locking`
		e.mu.Lock()
		e.cols = []string{e.typ}
		e.mu.Unlock()
	}
	return e.cols
}

// ok: the check reads a field set only when the encoder is made; cols is
// checked, written and read under the lock.
type lockedEncoder struct {
	mu   sync.Mutex
	typ  *string
	cols []string
}

func (e *lockedEncoder) Header() []string { // want Header:"syncs"
	if e.typ == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.cols) == 0 {
		e.cols = []string{*e.typ}
	}
	return e.cols
}

// A check without the lock that guards every write of the field in the
// package; the package's test sets the field up without the lock
// (doublecheck_test.go), which says nothing of the package's discipline.
type Stream struct {
	mu       sync.Mutex
	inflight map[string]int
}

func (s *Stream) Track(k string) { // want Track:"syncs"
	s.mu.Lock()
	if s.inflight == nil {
		s.inflight = make(map[string]int)
	}
	s.inflight[k]++
	s.mu.Unlock()
}

func (s *Stream) Reset() { // want Reset:"syncs"
	s.mu.Lock()
	s.inflight = nil
	s.mu.Unlock()
}

func (s *Stream) Apply(k string) { // want Apply:"syncs"
	if s.inflight != nil { // want `s\.inflight checked without holding the lock before s\.mu\.Lock \(the check races with the writes made under the lock\)`
		s.mu.Lock()
		delete(s.inflight, k)
		s.mu.Unlock()
	}
}
