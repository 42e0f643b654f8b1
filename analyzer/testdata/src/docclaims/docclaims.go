// Package docclaims exercises documentation read as evidence of sharing:
// claims that are negated, or narrower than the type or function they
// document, next to claims that still count.
package docclaims

import (
	"sync"
	"sync/atomic"
)

// ok: "should not be called concurrently" claims no concurrent use
// (go-ethereum's beacon/light/api ApiServer.Unsubscribe).

type Server struct {
	mu          sync.Mutex
	unsubscribe func()
	n           int
}

// Subscribe subscribes.
func (s *Server) Subscribe(f func()) { // want Subscribe:"mutates\\(s\\)"
	s.unsubscribe = f
}

// Unsubscribe ends the subscription.
// Note: Unsubscribe should not be called concurrently with Subscribe.
func (s *Server) Unsubscribe() { // want Unsubscribe:"mutates\\(s\\)"
	if s.unsubscribe != nil {
		s.unsubscribe()
		s.unsubscribe = nil
	}
}

// The same shape, documented to be called from several goroutines: reported.

type Closer struct {
	stop func()
}

// Close stops. It may be called from several goroutines.
func (c *Closer) Close() { // want Close:"mutates\\(c\\)"
	if c.stop != nil { // want `c\.stop checked and initialized without synchronization in Closer\.Close`
		c.stop()
		c.stop = nil
	}
}

// ok: a type documented as not generally safe for concurrent use, with a
// narrower allowance (go-ethereum's p2p/rlpx Conn), and a method that
// cannot be called after the handshake.

// Conn is a connection. Before sending messages, a handshake must be
// performed by calling the Handshake method.
// This type is not generally safe for concurrent use, but reading and writing of messages
// may happen concurrently after the handshake.
type Conn struct {
	session  *session
	readBuf  []byte
	writeBuf []byte
}

type session struct{ key []byte }

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// Read reads a message.
func (c *Conn) Read(n int) []byte { // want Read:"mutates\\(c\\)"
	data := make([]byte, n)
	if c.readBuf != nil {
		c.readBuf = grow(c.readBuf, n)
		copy(c.readBuf, data)
		data = c.readBuf
	}
	return data
}

// Write writes a message.
func (c *Conn) Write(data []byte) int { // want Write:"mutates\\(c\\)"
	if c.session == nil {
		panic("can't Write before handshake")
	}
	if c.writeBuf != nil {
		c.writeBuf = grow(c.writeBuf, len(data))
		copy(c.writeBuf, data)
	}
	return len(data)
}

// Handshake performs the handshake. This must be called before any data is
// written or read from the connection.
func (c *Conn) Handshake(key []byte) { // want Handshake:"mutates\\(c\\)"
	c.InitWithSecrets(key)
}

// InitWithSecrets injects connection secrets as if a handshake had
// been performed. This cannot be called after the handshake.
func (c *Conn) InitWithSecrets(key []byte) { // want InitWithSecrets:"mutates\\(c\\)"
	if c.session != nil {
		panic("can't handshake twice")
	}
	c.session = &session{key: key}
}

// The same Read on a type documented as safe for concurrent use: reported.

// SharedConn is safe for concurrent use.
type SharedConn struct {
	readBuf []byte
}

// Read reads a message.
func (c *SharedConn) Read(n int) []byte { // want Read:"mutates\\(c\\)"
	data := make([]byte, n)
	if c.readBuf != nil { // want `c\.readBuf checked and initialized without synchronization in SharedConn\.Read`
		c.readBuf = grow(c.readBuf, n)
		copy(c.readBuf, data)
		data = c.readBuf
	}
	return data
}

// ok: Set must not be called concurrently, so its writes are not paired
// with Value's reads, although Value may be called concurrently with other
// readers (protobuf's internal/impl ExtensionField).

type Field struct {
	typ   string
	value int
	lazy  *lazyValue
}

type lazyValue struct {
	mu    sync.Mutex
	once  uint32
	value int
	raw   []byte
}

func (f *Field) lazyInit() {
	f.lazy.mu.Lock()
	defer f.lazy.mu.Unlock()
	if atomic.LoadUint32(&f.lazy.once) == 1 {
		return
	}
	f.lazy.value = len(f.lazy.raw)
	f.lazy.raw = nil
	atomic.StoreUint32(&f.lazy.once, 1)
}

// Set sets the type and value of the field.
// This must not be called concurrently.
func (f *Field) Set(t string, v int) { // want Set:"mutates\\(f\\)"
	f.typ = t
	f.value = v
	f.lazy = nil
}

// Value returns the value of the field.
// This may be called concurrently.
func (f *Field) Value() int { // want Value:"syncs"
	if f.lazy != nil {
		if atomic.LoadUint32(&f.lazy.once) == 0 {
			f.lazyInit()
		}
		return f.lazy.value
	}
	return f.value
}

// The same Field whose Set says nothing of concurrent use: Value's claim
// pairs it with Set's writes, reported.

type OpenField struct {
	typ   string
	value int
	lazy  *lazyValue
}

// Set sets the type and value of the field.
func (f *OpenField) Set(t string, v int) { // want Set:"mutates\\(f\\)"
	f.typ = t
	f.value = v
	f.lazy = nil // want `f\.lazy set by plain write after writing f\.value`
}

// Value returns the value of the field.
// This may be called concurrently.
func (f *OpenField) Value() int {
	if f.lazy != nil {
		return f.lazy.value
	}
	return f.value
}

// ok: only the Find and Range methods are documented as safe for
// concurrent use; Register is not, and initializes the map lazily
// (protobuf's reflect/protoregistry Types.RegisterExtension). FindByName,
// one of the Find methods, does the same: reported.

// Types is a registry for looking up or iterating over types.
// The Find and Range methods are safe for concurrent use.
type Types struct {
	byName map[string]int
	cache  map[string]int
	n      int
}

var (
	globalMutex sync.Mutex
	GlobalTypes = new(Types)
)

// Register registers a type.
func (r *Types) Register(name string, v int) { // want Register:"syncs"
	if r == GlobalTypes {
		globalMutex.Lock()
		defer globalMutex.Unlock()
	}
	if r.byName == nil {
		r.byName = make(map[string]int)
	}
	r.byName[name] = v
	r.n++
}

// FindByName looks a type up, caching misses.
func (r *Types) FindByName(name string) (int, bool) { // want FindByName:"mutates\\(r\\)"
	if r.cache == nil { // want `r\.cache checked and initialized without synchronization in Types\.FindByName`
		r.cache = make(map[string]int)
	}
	v, ok := r.byName[name]
	r.cache[name] = v
	return v, ok
}

// RangeNames calls f for each name.
func (r *Types) RangeNames(f func(string)) {
	for n := range r.byName {
		f(n)
	}
}

// ok: a claim of use from several goroutines, negated ("is not designed
// to be used from multiple goroutines").

// A Decoder is not designed to be used from multiple goroutines.
type Decoder struct {
	table map[string]int
}

// Decode decodes s.
func (d *Decoder) Decode(s string) int { // want Decode:"mutates\\(d\\)"
	if d.table == nil {
		d.table = make(map[string]int)
	}
	d.table[s]++
	return d.table[s]
}

// A type safe for concurrent use with methods that narrow it: Init runs
// before any other method (ok), Reload must not run concurrently with Get
// (ok), and Fill has no such restriction (reported).

// Cache is safe for concurrent use.
type Cache struct {
	index map[string]int
	data  map[string]string
	ready bool
}

// Init prepares the cache. It must be called before any other method.
func (c *Cache) Init() { // want Init:"mutates\\(c\\)"
	if c.index == nil {
		c.index = make(map[string]int)
	}
}

// Reload replaces the contents. It must not be called concurrently with Get.
func (c *Cache) Reload(d map[string]string) { // want Reload:"mutates\\(c\\) sets\\(c\\.ready\\)"
	c.data = d
	c.ready = true
}

// Fill fills the cache.
func (c *Cache) Fill(d map[string]string) { // want Fill:"mutates\\(c\\) sets\\(c\\.ready\\)"
	c.data = d
	c.ready = true // want `c\.ready set by plain write after writing c\.data`
}

// Get returns the value of k.
func (c *Cache) Get(k string) string {
	if c.ready {
		return c.data[k]
	}
	return ""
}

// A type's documentation that names methods when it says which goroutines
// call them is no limit to those methods: Quantiles is covered as much as
// Compute, reported.

// Histogram summarizes samples; Compute runs on the aggregation goroutine,
// Quantiles on the scrape handler.
type Histogram struct {
	p50   float64
	valid bool
}

// Compute summarizes samples.
func (h *Histogram) Compute(samples []float64) { // want Compute:"mutates\\(h\\)"
	if len(samples) == 0 {
		return
	}
	h.p50 = samples[len(samples)/2]
	h.valid = true // want `h\.valid set by plain write after writing h\.p50`
}

// Quantiles returns the last computed median.
func (h *Histogram) Quantiles() (float64, bool) {
	if !h.valid {
		return 0, false
	}
	return h.p50, true
}

// ok: a type documented as not safe for concurrent use (pgx's PgConn):
// its callers run its methods one at a time, so a method that closes a
// channel as it returns (Close) is no goroutine body running alongside
// the others.

// PgConn is a connection handle. It is not safe for concurrent usage.
type PgConn struct {
	status      int
	cleanupDone chan struct{}
}

// Close closes the connection.
func (c *PgConn) Close() { // want Close:"mutates\\(c\\)"
	if c.status == 1 {
		return
	}
	c.status = 1
	defer close(c.cleanupDone)
}

// Status returns the connection's status.
func (c *PgConn) Status() int { // want Status:"reads\\(c\\.status\\)"
	return c.status
}

// The same type with no such documentation: Close looks like a goroutine
// body that signals its end, and Status reads what it writes first.

// OpenConn is a connection handle.
type OpenConn struct {
	status      int
	cleanupDone chan struct{}
}

// Close closes the connection.
func (c *OpenConn) Close() { // want Close:"mutates\\(c\\)"
	if c.status == 1 {
		return
	}
	c.status = 1
	defer close(c.cleanupDone)
}

// Status returns the connection's status.
func (c *OpenConn) Status() int { // want Status:"reads\\(c\\.status\\)"
	return c.status // want `c\.status read while OpenConn\.Close may still write it`
}

// ok: "unsafe ... from concurrently running goroutines" takes the claim
// back, though a later sentence allows one method (fasthttp's RequestCtx).

// RequestCtx holds a request. It is unsafe modifying/reading RequestCtx
// instance from concurrently running goroutines. The only exception is
// TimeoutError, which may be called while other goroutines accessing
// RequestCtx.
type RequestCtx struct {
	logger *RequestCtx
}

// Logger returns the request's logger.
func (ctx *RequestCtx) Logger() *RequestCtx { // want Logger:"mutates\\(ctx\\)"
	if ctx.logger == nil {
		ctx.logger = ctx
	}
	return ctx.logger
}

// TimeoutError ends the request.
func (ctx *RequestCtx) TimeoutError() {}

// The same without the first sentence: the type is used while other
// goroutines access it, and the lazy logger races.

// SharedCtx holds a request. TimeoutError may be called while other
// goroutines access SharedCtx.
type SharedCtx struct {
	logger *SharedCtx
}

// Logger returns the request's logger.
func (ctx *SharedCtx) Logger() *SharedCtx { // want Logger:"mutates\\(ctx\\)"
	if ctx.logger == nil { // want `ctx\.logger checked and initialized without synchronization in SharedCtx\.Logger`
		ctx.logger = ctx
	}
	return ctx.logger
}

// TimeoutError ends the request.
func (ctx *SharedCtx) TimeoutError() {}
