// Package loadmutate exercises the loadmutate check: snapshots from an
// atomic Load mutated in place.
package loadmutate

import (
	"maps"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

type entry struct {
	hits  int
	tags  map[string]string
	items []int
	count atomic.Int64
}

type cache struct {
	cur atomic.Pointer[entry]
	val atomic.Value
	m   sync.Map
}

// Readers load the snapshots in a goroutine.
func (c *cache) reader() {
	e := c.cur.Load()
	_ = e.hits
	_ = c.val.Load()
	_, _ = c.m.Load("k")
	_ = g.Load()
}

func (c *cache) Run() { go c.reader() }

// A field write into the loaded snapshot.
func (c *cache) hit() {
	e := c.cur.Load()
	e.hits++ // want `e\.hits modified in a value loaded by c\.cur\.Load \(every goroutine that loads it shares the value\)`
}

// A map write into the loaded snapshot.
func (c *cache) tag(k, v string) {
	e := c.cur.Load()
	e.tags[k] = v // want `e\.tags\[k\] modified in a value loaded by c\.cur\.Load`
}

// append into the loaded snapshot's slice, and sorting it.
func (c *cache) add(x int) {
	e := c.cur.Load()
	e.items = append(e.items, x) // want `e\.items modified in a value loaded by c\.cur\.Load`
	sort.Ints(e.items)           // want `e\.items sorted in a value loaded by c\.cur\.Load`
}

// atomic.Value after a type assertion to a pointer.
func (c *cache) fromValue() {
	e := c.val.Load().(*entry)
	e.hits = 0 // want `e\.hits modified in a value loaded by c\.val\.Load`
}

// sync.Map.Load.
func (c *cache) fromMap(k string) {
	v, ok := c.m.Load(k)
	if ok {
		s := v.([]int)
		slices.Sort(s) // want `s sorted in a value loaded by c\.m\.Load`
	}
}

// A method that mutates its receiver.
func (e *entry) reset() { e.hits = 0 }

func (c *cache) viaMethod() {
	c.cur.Load().reset() // want `c\.cur\.Load\(\) modified by c\.cur\.Load\(\)\.reset\(\) in a value loaded by c\.cur\.Load`
}

// ok: copy, modify the copy, Store it.
func (c *cache) okCopy() {
	old := c.cur.Load()
	n := &entry{hits: old.hits + 1, tags: old.tags, items: old.items}
	c.cur.Store(n)
}

// ok: copy by dereference, CompareAndSwap loop.
func (c *cache) okCAS() {
	for {
		old := c.cur.Load()
		n := entry{hits: old.hits, items: old.items}
		n.hits++
		if c.cur.CompareAndSwap(old, &n) {
			return
		}
	}
}

// ok: maps.Clone and slices.Clone produce fresh values.
func (c *cache) okClone(k, v string) {
	e := c.cur.Load()
	tags := maps.Clone(e.tags)
	tags[k] = v
	items := slices.Clone(e.items)
	sort.Ints(items)
	c.cur.Store(&entry{tags: tags, items: items})
}

// ok: a value type copied by the type assertion.
type config struct{ n int }

func (c *cache) okValueType() {
	v := c.val.Load().(config)
	v.n = 2
	_ = v
}

// ok: the field is itself atomic.
func (c *cache) okAtomicField() {
	c.cur.Load().count.Add(1)
}

// ok: the field is guarded by the snapshot's mutex.
type guarded struct {
	mu sync.Mutex
	n  int
}

var g atomic.Pointer[guarded]

func okMutexField() {
	x := g.Load()
	x.mu.Lock()
	x.n++
	x.mu.Unlock()
}

// ok: a snapshot changed before any goroutine runs (test setup).
var setup atomic.Pointer[entry]

func TestSetup() { // want TestSetup:`syncs`
	e := setup.Load()
	e.hits = 1
}

// ok: a local atomic.Pointer nobody else sees.
func okLocal() {
	var p atomic.Pointer[entry]
	p.Store(&entry{})
	p.Load().hits++
}

// ok: reading the snapshot.
func (c *cache) okRead() int {
	e := c.cur.Load()
	return e.hits + len(e.items)
}
