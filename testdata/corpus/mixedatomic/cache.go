package mixedatomic

import (
	"sync"
	"sync/atomic"
)

// LookupCache is a small string cache that counts its hits for a metrics
// endpoint.
type LookupCache struct {
	mu      sync.Mutex
	entries map[string]string
	hits    int64
	misses  int64
}

// NewLookupCache returns an empty cache.
func NewLookupCache() *LookupCache {
	return &LookupCache{entries: make(map[string]string)}
}

// Set stores v under k.
func (c *LookupCache) Set(k, v string) {
	c.mu.Lock()
	c.entries[k] = v
	c.mu.Unlock()
}

// Get returns the value stored under k.
// Bug: hits is incremented plainly (under c.mu) but Hits loads it
// atomically without the lock.
func (c *LookupCache) Get(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[k]
	if ok {
		c.hits++ // want:mixedatomic PlainIncrement
	} else {
		c.misses++
	}
	return v, ok
}

// Hits returns the number of hits, for a lock-free metrics scrape.
func (c *LookupCache) Hits() int64 { return atomic.LoadInt64(&c.hits) }

// Misses returns the number of misses.
func (c *LookupCache) Misses() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.misses
}

// CacheEntry is a value stamped with the generation it was computed in.
type CacheEntry struct {
	Value string
	gen   uint64
}

// TemplateCache invalidates all its entries at once by bumping a
// generation number.
type TemplateCache struct {
	gen uint64
}

// Invalidate makes every existing entry stale.
func (c *TemplateCache) Invalidate() { atomic.AddUint64(&c.gen, 1) }

// Stamp returns an entry for value in the current generation.
func (c *TemplateCache) Stamp(value string) *CacheEntry {
	return &CacheEntry{Value: value, gen: atomic.LoadUint64(&c.gen)}
}

// Fresh reports whether e is from the current generation.
// Bug: gen is read plainly while Invalidate bumps it atomically.
func (c *TemplateCache) Fresh(e *CacheEntry) bool {
	return e.gen == c.gen // want:mixedatomic GenerationPlainRead
}
