package loadmutate

import (
	"sync"
	"sync/atomic"
	"time"
)

// Stat accumulates observations of one metric.
type Stat struct {
	Count int
	Sum   float64
}

// Stats keeps named metrics. Observe and Mean are called concurrently.
type Stats struct {
	m sync.Map // name -> *Stat
}

// Observe records v for name.
// Bug: the loaded *Stat is shared by every caller and updated in place.
func (s *Stats) Observe(name string, v float64) {
	if e, ok := s.m.Load(name); ok {
		st := e.(*Stat)
		st.Count++  // want:loadmutate SyncMapStatCount
		st.Sum += v // want:loadmutate SyncMapStatSum
		return
	}
	s.m.Store(name, &Stat{Count: 1, Sum: v})
}

// Mean returns the mean of the observations of name.
func (s *Stats) Mean(name string) float64 {
	e, ok := s.m.Load(name)
	if !ok {
		return 0
	}
	st := e.(*Stat)
	return st.Sum / float64(st.Count)
}

// Gauge is the last value of a metric.
type Gauge struct {
	Value   float64
	Updated time.Time
}

// Gauges keeps gauges by value: a Load returns a copy.
type Gauges struct {
	mu sync.Mutex // serializes Add
	m  sync.Map   // name -> Gauge
}

// Add moves gauge name by delta.
func (g *Gauges) Add(name string, delta float64, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	cur, _ := g.m.Load(name)
	gv, _ := cur.(Gauge)
	gv.Value += delta // ok:loadmutate SyncMapValueStruct
	gv.Updated = now
	g.m.Store(name, gv)
}

// Value returns gauge name.
func (g *Gauges) Value(name string) float64 {
	cur, _ := g.m.Load(name)
	gv, _ := cur.(Gauge)
	return gv.Value
}

type conn struct {
	addr     string
	lastUsed time.Time
	idle     bool
}

// Pool tracks open connections by address. Usable and Reap are called
// concurrently.
type Pool struct {
	idleAfter time.Duration
	conns     sync.Map // addr -> *conn
}

// NewPool returns a pool that considers connections idle after d.
func NewPool(d time.Duration) *Pool { return &Pool{idleAfter: d} }

// Track adds a connection last used at t.
func (p *Pool) Track(addr string, t time.Time) {
	p.conns.Store(addr, &conn{addr: addr, lastUsed: t})
}

// Usable reports whether the connection to addr may be used.
func (p *Pool) Usable(addr string) bool {
	v, ok := p.conns.Load(addr)
	return ok && !v.(*conn).idle
}

// Reap marks connections unused since before now-idleAfter as idle.
// Bug: the flag is written in conns that Usable reads.
func (p *Pool) Reap(now time.Time) {
	p.conns.Range(func(_, v any) bool {
		c := v.(*conn)
		if now.Sub(c.lastUsed) > p.idleAfter {
			c.idle = true // want:loadmutate RangeMarkIdle
		}
		return true
	})
}

type peerConn struct {
	addr     string
	lastUsed time.Time
	idle     atomic.Bool
}

// ConnTable is Pool with an atomic idle flag.
type ConnTable struct {
	idleAfter time.Duration
	conns     sync.Map // addr -> *peerConn
}

// NewConnTable returns a table that considers connections idle after d.
func NewConnTable(d time.Duration) *ConnTable { return &ConnTable{idleAfter: d} }

// Track adds a connection last used at t.
func (p *ConnTable) Track(addr string, t time.Time) {
	p.conns.Store(addr, &peerConn{addr: addr, lastUsed: t})
}

// Usable reports whether the connection to addr may be used.
func (p *ConnTable) Usable(addr string) bool {
	v, ok := p.conns.Load(addr)
	return ok && !v.(*peerConn).idle.Load()
}

// Reap marks connections unused since before now-idleAfter as idle.
func (p *ConnTable) Reap(now time.Time) {
	p.conns.Range(func(_, v any) bool {
		c := v.(*peerConn)
		if now.Sub(c.lastUsed) > p.idleAfter {
			c.idle.Store(true) // ok:loadmutate RangeAtomicIdle
		}
		return true
	})
}

// Entry is an interned key with a reference count.
type Entry struct {
	key  string
	refs int
}

// Interner shares one Entry per key among its users.
type Interner struct {
	m sync.Map // key -> *Entry
}

// Acquire returns the entry for key and takes a reference.
// Bug: the count lives in an entry other callers loaded too.
func (in *Interner) Acquire(key string) *Entry {
	v, _ := in.m.LoadOrStore(key, &Entry{key: key})
	e := v.(*Entry)
	e.refs++ // want:loadmutate LoadOrStoreRefs
	return e
}

// Handle is an interned key with an atomic reference count.
type Handle struct {
	key  string
	refs atomic.Int64
}

// Handles shares one Handle per key among its users.
type Handles struct {
	m sync.Map // key -> *Handle
}

// Acquire returns the handle for key and takes a reference.
func (hs *Handles) Acquire(key string) *Handle {
	v, _ := hs.m.LoadOrStore(key, &Handle{key: key})
	h := v.(*Handle)
	h.refs.Add(1) // ok:loadmutate LoadOrStoreAtomicRefs
	return h
}

// Refs returns the reference count of h.
func (h *Handle) Refs() int64 { return h.refs.Load() }
