package loadmutate

import (
	"sync"
	"sync/atomic"
	"time"
)

type snapshot struct {
	data     map[string]string
	lastUsed time.Time
}

func (s *snapshot) touch(t time.Time) { s.lastUsed = t }

// Cache serves lookups from an immutable snapshot that Refresh replaces.
// Get and LastUsed are called concurrently.
type Cache struct {
	cur atomic.Pointer[snapshot]
}

// NewCache serves data.
func NewCache(data map[string]string) *Cache {
	c := &Cache{}
	c.cur.Store(&snapshot{data: data})
	return c
}

// Refresh replaces the served data.
func (c *Cache) Refresh(data map[string]string) { c.cur.Store(&snapshot{data: data}) }

// Get returns the value for k and records the use.
// Bug: touch writes lastUsed in the snapshot every caller shares.
func (c *Cache) Get(k string, now time.Time) string {
	snap := c.cur.Load()
	snap.touch(now) // want:loadmutate CallMutatingMethod
	return snap.data[k]
}

// LastUsed returns when the snapshot was last read.
func (c *Cache) LastUsed() time.Time { return c.cur.Load().lastUsed }

type bucketSet struct {
	mu     sync.Mutex
	counts map[string]int
}

// Counter counts events per key in a window that Rotate replaces.
type Counter struct {
	cur atomic.Pointer[bucketSet]
}

// NewCounter opens the first window.
func NewCounter() *Counter {
	c := &Counter{}
	c.cur.Store(&bucketSet{counts: map[string]int{}})
	return c
}

// Inc counts one event for k. The window's own mutex guards its map.
func (c *Counter) Inc(k string) {
	b := c.cur.Load()
	b.mu.Lock()
	b.counts[k]++ // ok:loadmutate MutexInSnapshot
	b.mu.Unlock()
}

// Get returns the count for k.
func (c *Counter) Get(k string) int {
	b := c.cur.Load()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.counts[k]
}

// Rotate opens a new window.
func (c *Counter) Rotate() {
	c.cur.Store(&bucketSet{counts: map[string]int{}})
}

type catalog struct {
	items []string
	once  sync.Once
	index map[string]int // built on first use
}

// Catalog finds items by name in a published item list. Find is called
// concurrently.
type Catalog struct {
	cur atomic.Pointer[catalog]
}

// NewCatalog publishes items.
func NewCatalog(items ...string) *Catalog {
	c := &Catalog{}
	c.cur.Store(&catalog{items: items})
	return c
}

// Find returns the position of name. The index is built once per list,
// inside once.Do, which every Find passes through before reading it.
func (c *Catalog) Find(name string) (int, bool) {
	cat := c.cur.Load()
	cat.once.Do(func() {
		cat.index = indexOf(cat.items) // ok:loadmutate OnceDerivedIndex
	})
	i, ok := cat.index[name]
	return i, ok
}

func indexOf(items []string) map[string]int {
	m := make(map[string]int, len(items))
	for i, it := range items {
		m[it] = i
	}
	return m
}

type route struct {
	name   string
	events chan string
}

// Notifier delivers events to the current subscriber's channel.
type Notifier struct {
	cur atomic.Pointer[route]
}

// Subscribe routes events to a new channel of depth n and returns it.
func (n *Notifier) Subscribe(name string, depth int) <-chan string {
	ch := make(chan string, depth)
	n.cur.Store(&route{name: name, events: ch})
	return ch
}

// Notify delivers ev without blocking, reporting whether it was taken.
func (n *Notifier) Notify(ev string) bool {
	r := n.cur.Load()
	select {
	case r.events <- ev: // ok:loadmutate ChannelInSnapshot
		return true
	default:
		return false
	}
}

// Subscriber returns the name of the current subscriber.
func (n *Notifier) Subscriber() string { return n.cur.Load().name }
