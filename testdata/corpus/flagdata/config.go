// Package flagdata holds configuration, connection, cache and job types
// whose readers check a "ready" flag before using the data it guards.
package flagdata

import (
	"sync"
	"sync/atomic"
	"time"
)

// Config is a set of client settings.
type Config struct {
	Endpoint string
	Timeout  time.Duration
	Retries  int
}

// Holder keeps the configuration loaded by a watcher goroutine; request
// handlers call Current.
type Holder struct {
	cfg    Config
	loaded bool
}

// Reload installs cfg.
//
// Bug: loaded is a plain bool. A handler that sees it set is not guaranteed
// to see cfg.
func (h *Holder) Reload(cfg Config) {
	h.cfg = cfg
	h.loaded = true // want:flagdata FieldFlag
}

// Current returns the loaded config, or false before the first Reload.
func (h *Holder) Current() (Config, bool) {
	if h.loaded {
		return h.cfg, true
	}
	return Config{}, false
}

// Seed holds the bootstrap configuration. Set is called at most once.
type Seed struct {
	cfg   Config
	ready atomic.Bool
}

// Set publishes cfg. Correct: cfg is written before the atomic Store, and a
// reader that Loads true is synchronized after it.
func (s *Seed) Set(cfg Config) {
	s.cfg = cfg // ok:flagdata AtomicFlag
	s.ready.Store(true)
}

// Get returns the seed config once it is set.
func (s *Seed) Get() (Config, bool) {
	if !s.ready.Load() {
		return Config{}, false
	}
	return s.cfg, true
}

// Overrides holds per-tenant settings, replaced by an admin endpoint.
type Overrides struct {
	mu      sync.RWMutex
	byID    map[string]Config
	applied bool
}

// Apply replaces the overrides. Correct: the flag and the map are written
// under the write lock and read under the read lock.
func (o *Overrides) Apply(m map[string]Config) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.byID = m
	o.applied = true // ok:flagdata LockedFlag
}

// For returns the override for tenant, if any were applied.
func (o *Overrides) For(tenant string) (Config, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	if !o.applied {
		return Config{}, false
	}
	c, ok := o.byID[tenant]
	return c, ok
}
