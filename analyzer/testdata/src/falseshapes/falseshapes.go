// Package falseshapes holds correct code in shapes that pubcheck once
// reported, found on real modules; the model now orders each, or takes the
// documentation's word.
package falseshapes

import (
	"fmt"
	"sync"
	"time"
)

// ok: a local variable assigned before the go statement and read in the
// goroutine: the go statement orders both writes before the goroutine
// starts.
func beforeGo() {
	cfg := "x"
	ready := false
	cfg = "y"
	ready = true
	go func() {
		if ready {
			fmt.Println(cfg)
		}
	}()
}

// ok: the send case replaces the slice it sent, so the next append starts a
// new array (the values merge at the loop head).
func coalesce(in <-chan int, out chan<- []int) {
	var buf []int
	for {
		select {
		case out <- buf:
			buf = nil
		case x, ok := <-in:
			if !ok {
				return
			}
			buf = append(buf, x)
		}
	}
}

// ok: a field of a function argument, fresh per call, checked before
// taking an unrelated lock.
type request struct{ id string }

type server struct {
	mu sync.Mutex
	n  int
}

func (s *server) Handle(r *request) { // want Handle:"syncs"
	if r.id == "" {
		r.id = "anon"
	}
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

// ok: a timer stopped right after it is made never runs its function, so
// the writes that follow the Stop are seen by no goroutine.
type conn struct {
	timeout time.Duration
	closed  bool
}

func (c *conn) watch() {
	if !c.closed {
		fmt.Println(c.timeout)
	}
}

func (c *conn) Reset() { // want Reset:"mutates\\(c\\)"
	t := time.AfterFunc(time.Hour, c.watch)
	if !t.Stop() {
		return
	}
	c.timeout = time.Second
	c.closed = false
}

// ok: fields written in a function documented to run with the lock held,
// whose every caller holds it, and read under the lock by the goroutine.
type cache struct {
	mu     sync.Mutex
	data   map[string]int
	loaded bool
}

// load fills the cache. Lock should be held.
func (c *cache) load() {
	c.data = map[string]int{"a": 1}
	c.loaded = true
}

func (c *cache) Start() { // want Start:"syncs"
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.loaded {
			fmt.Println(c.data["a"])
		}
	}()
	c.mu.Lock()
	c.load()
	c.mu.Unlock()
}

// The same timer not stopped: its function may run while the fields
// change.
func (c *conn) Arm() { // want Arm:"publishes\\(c:go\\)"
	time.AfterFunc(time.Hour, func() { c.watch() })
	c.timeout = time.Second // want `c\.timeout modified after c was passed to a goroutine by time\.AfterFunc`
}

// ok: the same with the timer stopped first.
func (c *conn) Disarm() { // want Disarm:"publishes\\(c:go\\)"
	t := time.AfterFunc(time.Hour, func() { c.watch() })
	if !t.Stop() {
		return
	}
	c.timeout = time.Second
}

// ok: a batch sent through a helper when full, then replaced: the appends
// of the next iterations go to the new array.
func batches(items []int, out chan []int) {
	send := func(b []int) { out <- b }
	batch := make([]int, 0, 8)
	for _, it := range items {
		batch = append(batch, it)
		if len(batch) >= 8 {
			send(batch)
			batch = make([]int, 0, 8)
		}
	}
	if len(batch) > 0 {
		send(batch)
	}
}

// ok: the reader sets the flag itself, on every path, before it reads it
// (a parser's state, reset and then checked by the goroutine that owns it):
// the read sees its own write.
type parseState struct {
	subject string
	hdr     int
}

type parser struct {
	pa parseState
}

func (c *parser) processHeader(args []string) error {
	switch len(args) {
	case 2:
		c.pa.subject = args[0]
		c.pa.hdr = len(args[1])
	case 3:
		c.pa.subject = args[0]
		c.pa.hdr = len(args[2])
	default:
		return fmt.Errorf("bad header")
	}
	if c.pa.hdr > 0 {
		fmt.Println(c.pa.subject)
	}
	return nil
}

func (c *parser) readLoop(in <-chan []string) {
	for args := range in {
		c.pa.subject = ""
		c.pa.hdr = -1
		c.processHeader(args)
	}
}

func (c *parser) replay(in <-chan []string) {
	for args := range in {
		c.processHeader(args)
	}
}

func serveParsers(c, d *parser, in <-chan []string) {
	go c.readLoop(in)
	go d.replay(in)
}
// ok: fields documented as needing no synchronization (read and written
// in callbacks run one at a time) are the author's word that one
// goroutine uses them.
type filterChains struct{ n int }

// Listener serves connections with the filter chains the watcher sends.
type Listener struct {
	mu     sync.Mutex
	active *filterChains // guarded by mu

	// These fields are read and written in the watcher's callbacks, which
	// the client runs one at a time. Thus, they do not need further
	// synchronization.
	pending *filterChains
	count   int
}

// OnUpdate is the watcher's callback.
func (l *Listener) OnUpdate(fc *filterChains) { // want OnUpdate:"syncs"
	l.pending = fc
	l.count++
	l.maybeSwap()
}

func (l *Listener) maybeSwap() {
	if l.pending == nil {
		return
	}
	l.mu.Lock()
	l.active = l.pending
	l.pending = nil
	l.mu.Unlock()
}

// Active returns the filter chains in use.
func (l *Listener) Active() *filterChains { // want Active:"syncs"
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.active
}

// ok: a check before a call that takes the lock and writes the field
// unconditionally (it reads the old value, but does not check it again):
// no double-checked locking, and every write holds the lock.
type account struct{ name string }

// Conn is one connection.
type Conn struct {
	mu  sync.Mutex
	acc *account
	n   int
}

var globalAccount = &account{"$G"}

// HandleConnect handles the connect message.
func (c *Conn) HandleConnect() { // want HandleConnect:"syncs"
	if c.acc == nil {
		c.register(globalAccount)
	}
}

func (c *Conn) register(a *account) {
	c.mu.Lock()
	prev := c.acc
	c.mu.Unlock()
	if prev != nil {
		prev.name = ""
	}
	c.mu.Lock()
	if c.n < 0 { // closed: no account
		c.mu.Unlock()
		return
	}
	c.acc = a
	c.n++
	c.mu.Unlock()
}

// Acct returns the client's account.
func (c *Conn) Acct() *account { // want Acct:"syncs"
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.acc
}

// ok: the check decides a step before the lock, not whether to take it:
// both outcomes lock (only an error return on the way skips the lock).
type Balancer struct {
	mu    sync.Mutex
	cfg   *string
	child string
}

func (b *Balancer) switchTo(name string) error {
	if name == "" {
		return fmt.Errorf("no child")
	}
	b.child = name
	return nil
}

func (b *Balancer) UpdateConfig(cfg *string) error { // want UpdateConfig:"syncs"
	if b.cfg == nil || *b.cfg != *cfg {
		if err := b.switchTo(*cfg); err != nil {
			return err
		}
	}
	b.mu.Lock()
	b.cfg = cfg
	b.mu.Unlock()
	return nil
}

func (b *Balancer) Config() string { // want Config:"syncs"
	b.mu.Lock()
	defer b.mu.Unlock()
	return *b.cfg
}
