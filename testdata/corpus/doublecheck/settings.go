package doublecheck

import (
	"strings"
	"sync"
	"sync/atomic"
)

// parseSettings parses "key=value" lines.
func parseSettings(src string) map[string]string {
	m := make(map[string]string)
	for line := range strings.SplitSeq(src, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

// Config parses its source on first lookup.
type Config struct {
	src    string
	once   sync.Once
	inited bool
	values map[string]string
}

// NewConfig returns a config for src; nothing is parsed yet.
func NewConfig(src string) *Config { return &Config{src: src} }

func (c *Config) load() {
	c.values = parseSettings(c.src)
	c.inited = true
}

// Get returns the value of key.
// Bug: the plain inited check lets a caller skip once.Do, and with it the
// edge that orders load before the map read.
func (c *Config) Get(key string) string {
	if !c.inited { // want:doublecheck OnceGuardFlag
		c.once.Do(c.load)
	}
	return c.values[key]
}

// Settings is Config without the pre-check.
type Settings struct {
	src    string
	once   sync.Once
	values map[string]string
}

// NewSettings returns settings for src; nothing is parsed yet.
func NewSettings(src string) *Settings { return &Settings{src: src} }

func (s *Settings) load() { s.values = parseSettings(s.src) }

// Get returns the value of key.
// Look-alike: once.Do is called every time; its fast path is atomic.
func (s *Settings) Get(key string) string {
	s.once.Do(s.load) // ok:doublecheck OnceWithoutPrecheck
	return s.values[key]
}

// Item is one catalog entry.
type Item struct {
	SKU   string
	Price int
}

// Catalog loads its items from a source on first use.
type Catalog struct {
	mu     sync.Mutex
	loaded bool
	items  []Item
	src    func() []Item
}

// NewCatalog returns a catalog that loads from src.
func NewCatalog(src func() []Item) *Catalog { return &Catalog{src: src} }

// Items returns the catalog's items.
// Bug: the loaded flag is read without the lock; a caller that sees it set
// reads items with nothing ordering it after the load.
func (c *Catalog) Items() []Item {
	if !c.loaded { // want:doublecheck LoadedFlag
		c.mu.Lock()
		if !c.loaded {
			c.items = c.src()
			c.loaded = true
		}
		c.mu.Unlock()
	}
	return c.items
}

// PriceList is Catalog with an atomic loaded flag.
type PriceList struct {
	mu     sync.Mutex
	loaded atomic.Bool
	prices map[string]int
	src    func() map[string]int
}

// NewPriceList returns a price list that loads from src.
func NewPriceList(src func() map[string]int) *PriceList { return &PriceList{src: src} }

// Price returns the price of sku.
// Look-alike: the flag is an atomic.Bool stored after the data, so a caller
// that loads true is ordered after the load.
func (p *PriceList) Price(sku string) int {
	if !p.loaded.Load() { // ok:doublecheck AtomicBoolPrecheck
		p.mu.Lock()
		if !p.loaded.Load() {
			p.prices = p.src()
			p.loaded.Store(true)
		}
		p.mu.Unlock()
	}
	return p.prices[sku]
}
