// Package loadmutate modifies a snapshot it loaded: pubcheck reports it.
package loadmutate

import "sync/atomic"

type entry struct {
	value string
	hits  int
}

type Cache struct{ cur atomic.Pointer[entry] }

func (c *Cache) Get() string {
	e := c.cur.Load()
	e.hits++
	return e.value
}

// Serve answers n lookups concurrently.
func (c *Cache) Serve(n int) {
	for range n {
		go c.Get()
	}
}
