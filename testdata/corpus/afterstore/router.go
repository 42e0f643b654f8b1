package afterstore

import (
	"maps"
	"sync"
	"sync/atomic"
)

const fallbackBackend = "fallback:80"

// Table maps request paths to backends.
type Table struct {
	Routes  map[string]string
	Default string
}

// Router picks backends from a route table that can be swapped at run time.
type Router struct {
	v atomic.Value // *Table
}

// NewRouter starts with t.
func NewRouter(t *Table) *Router {
	r := &Router{}
	r.v.Store(t)
	return r
}

// Backend returns the backend for path.
func (r *Router) Backend(path string) string {
	t := r.v.Load().(*Table)
	if b, ok := t.Routes[path]; ok {
		return b
	}
	return t.Default
}

// Install swaps in t, giving it the fallback backend if it has none.
// Bug: Default is written after Backend can see t.
func (r *Router) Install(t *Table) {
	r.v.Store(t)
	if t.Default == "" {
		t.Default = fallbackBackend // want:afterstore ValueStoreDefault
	}
}

// InstallCopy installs a copy of t with the fallback filled in; t itself is
// never published.
func (r *Router) InstallCopy(t *Table) {
	n := *t
	if n.Default == "" {
		n.Default = fallbackBackend // ok:afterstore ValueDefaultOnClone
	}
	r.v.Store(&n)
}

// Aliases maps host names to canonical names. Resolve is safe for
// concurrent use; Replace and Add are called by one goroutine at a time.
type Aliases struct {
	mu sync.Mutex // serializes writers
	v  atomic.Value
}

// NewAliases starts with an empty alias map.
func NewAliases() *Aliases {
	a := &Aliases{}
	a.v.Store(map[string]string{})
	return a
}

// Resolve returns the canonical name of host.
func (a *Aliases) Resolve(host string) string {
	m := a.v.Load().(map[string]string)
	if c, ok := m[host]; ok {
		return c
	}
	return host
}

// Replace installs m and makes sure localhost resolves.
// Bug: the map is written after Resolve can read it.
func (a *Aliases) Replace(m map[string]string) {
	a.v.Store(m)
	m["localhost"] = "127.0.0.1" // want:afterstore ValueStoreMapAdd
}

// Add publishes a copy of the alias map with one more entry.
func (a *Aliases) Add(host, canonical string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	next := maps.Clone(a.v.Load().(map[string]string))
	next[host] = canonical // ok:afterstore AliasAddClone
	a.v.Store(next)
}
