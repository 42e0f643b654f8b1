package doublecheck

import (
	"strings"
	"sync"
)

// Pool is a process-wide pool of reusable buffers.
type Pool struct {
	size int
	bufs sync.Pool
}

// NewPool returns a pool of buffers of the given size.
func NewPool(size int) *Pool {
	p := &Pool{size: size}
	p.bufs.New = func() any { return make([]byte, size) }
	return p
}

// Size returns the size of the pool's buffers.
func (p *Pool) Size() int { return p.size }

var (
	defaultPoolMu sync.Mutex
	defaultPool   *Pool
)

// DefaultPool returns the shared pool, creating it on first use.
// Bug: the package variable is checked without the lock.
func DefaultPool() *Pool {
	if defaultPool == nil { // want:doublecheck PackageSingleton
		defaultPoolMu.Lock()
		if defaultPool == nil {
			defaultPool = NewPool(4096)
		}
		defaultPoolMu.Unlock()
	}
	return defaultPool
}

// Resolver maps service names to addresses.
type Resolver struct {
	suffix string
	static map[string]string
}

// Resolve returns the address of name.
func (r *Resolver) Resolve(name string) string {
	if a, ok := r.static[name]; ok {
		return a
	}
	return strings.ToLower(name) + r.suffix
}

var defaultResolver = sync.OnceValue(func() *Resolver {
	return &Resolver{suffix: ".svc.local", static: map[string]string{"metadata": "169.254.169.254"}}
})

// DefaultResolver returns the shared resolver.
// Look-alike: sync.OnceValue orders the construction before every return.
func DefaultResolver() *Resolver {
	return defaultResolver() // ok:doublecheck OnceValueSingleton
}

// Codec encodes values of one content type.
type Codec struct {
	Name      string
	MediaType string
}

var (
	codecsMu sync.RWMutex
	codecs   map[string]*Codec
)

func builtinCodecs() map[string]*Codec {
	return map[string]*Codec{
		"json": {Name: "json", MediaType: "application/json"},
		"xml":  {Name: "xml", MediaType: "application/xml"},
	}
}

// LookupCodec returns the codec registered under name, loading the
// built-in codecs on first use.
// Bug: the table is checked without the lock before it is built; the
// later RLock does not order that first read.
func LookupCodec(name string) (*Codec, bool) {
	if codecs == nil { // want:doublecheck PackageCodecTable
		codecsMu.Lock()
		if codecs == nil {
			codecs = builtinCodecs()
		}
		codecsMu.Unlock()
	}
	codecsMu.RLock()
	defer codecsMu.RUnlock()
	c, ok := codecs[name]
	return c, ok
}

// RegisterCodec adds or replaces a codec.
func RegisterCodec(c *Codec) {
	codecsMu.Lock()
	defer codecsMu.Unlock()
	if codecs == nil {
		codecs = builtinCodecs()
	}
	codecs[c.Name] = c
}

// Schema describes one message type.
type Schema struct {
	Name   string
	Fields []string
}

// SchemaCache compiles schemas on first use.
type SchemaCache struct {
	mu      sync.RWMutex
	m       map[string]*Schema
	compile func(name string) *Schema
}

// NewSchemaCache returns a cache that compiles schemas with compile.
func NewSchemaCache(compile func(string) *Schema) *SchemaCache {
	return &SchemaCache{m: make(map[string]*Schema), compile: compile}
}

// Schema returns the compiled schema for name.
// Look-alike: the fast path reads the map under RLock and checks a local.
func (c *SchemaCache) Schema(name string) *Schema {
	c.mu.RLock()
	s := c.m[name]
	c.mu.RUnlock()
	if s != nil { // ok:doublecheck RLockFastPath
		return s
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s = c.m[name]; s == nil {
		s = c.compile(name)
		c.m[name] = s
	}
	return s
}
