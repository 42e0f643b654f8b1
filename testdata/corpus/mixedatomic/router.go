package mixedatomic

import (
	"strings"
	"sync/atomic"
	"unsafe"
)

// routeTable maps path prefixes to backend names. It is immutable once
// published.
type routeTable struct {
	prefixes []string
	backends []string
}

func newRouteTable(routes map[string]string) *routeTable {
	t := &routeTable{}
	for p, b := range routes {
		t.prefixes = append(t.prefixes, p)
		t.backends = append(t.backends, b)
	}
	return t
}

func (t *routeTable) lookup(path string) string {
	if t == nil {
		return ""
	}
	for i, p := range t.prefixes {
		if strings.HasPrefix(path, p) {
			return t.backends[i]
		}
	}
	return ""
}

// Router holds the current route table (a *routeTable) and swaps it on
// configuration reloads.
type Router struct {
	cur unsafe.Pointer
}

// Replace installs a new table.
func (r *Router) Replace(routes map[string]string) {
	atomic.StorePointer(&r.cur, unsafe.Pointer(newRouteTable(routes)))
}

// Backend returns the backend for path.
// Bug: the pointer is read plainly while Replace stores it atomically.
func (r *Router) Backend(path string) string {
	t := (*routeTable)(r.cur) // want:mixedatomic PointerPlainLoad
	return t.lookup(path)
}

// Balancer is Router with an atomic load of the table.
type Balancer struct {
	cur unsafe.Pointer
}

// Replace installs a new table.
func (b *Balancer) Replace(routes map[string]string) {
	atomic.StorePointer(&b.cur, unsafe.Pointer(newRouteTable(routes)))
}

// Backend returns the backend for path. Look-alike: atomic load.
func (b *Balancer) Backend(path string) string {
	t := (*routeTable)(atomic.LoadPointer(&b.cur)) // ok:mixedatomic PointerAtomicLoad
	return t.lookup(path)
}

// hitBlock is one epoch of hit counts.
type hitBlock struct {
	hits  int64
	epoch int
}

// EpochCounter counts hits per epoch; Rotate starts a new epoch that
// carries a share of the previous count over.
type EpochCounter struct {
	block unsafe.Pointer // *hitBlock
}

// NewEpochCounter returns a counter at epoch 0.
func NewEpochCounter() *EpochCounter {
	return &EpochCounter{block: unsafe.Pointer(&hitBlock{})}
}

func (c *EpochCounter) current() *hitBlock {
	return (*hitBlock)(atomic.LoadPointer(&c.block))
}

// Hit records one hit in the current epoch.
func (c *EpochCounter) Hit() { atomic.AddInt64(&c.current().hits, 1) }

// Hits returns the hits of the current epoch.
func (c *EpochCounter) Hits() int64 { return atomic.LoadInt64(&c.current().hits) }

// Rotate starts a new epoch seeded with half of the current count.
// Look-alike: the plain store is to a fresh block, before it is published.
func (c *EpochCounter) Rotate() {
	old := c.current()
	nb := &hitBlock{epoch: old.epoch + 1}
	nb.hits = atomic.LoadInt64(&old.hits) / 2 // ok:mixedatomic SeedBeforePublish
	atomic.StorePointer(&c.block, unsafe.Pointer(nb))
}
