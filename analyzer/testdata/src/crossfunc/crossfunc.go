// Package crossfunc exercises the checks where the publishing, loading or
// mutating happens in a called function of the same package.
package crossfunc

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Config struct {
	Timeout int
	Limits  map[string]int
}

type server struct {
	cur atomic.Pointer[Config]
	out chan *Config
}

func (s *server) handle() int { return s.cur.Load().Timeout }

func (s *server) Serve() { go s.handle() }

// publish stores cfg two calls down.
func (s *server) publish(cfg *Config) { s.store(cfg) }

func (s *server) store(cfg *Config) { s.cur.Store(cfg) }

func (s *server) reload() {
	cfg := &Config{}
	s.publish(cfg)
	cfg.Timeout = 5 // want `cfg\.Timeout modified after cfg was published by s\.publish \(concurrent Loads may see the change\)`
}

// current returns the loaded snapshot; applyDefaults mutates its argument.
func (s *server) current() *Config { return s.cur.Load() }

func applyDefaults(c *Config) {
	if c.Timeout == 0 {
		c.Timeout = 30
	}
}

func (s *server) defaults() {
	applyDefaults(s.current()) // want `s\.current\(\) modified by applyDefaults\(s\.current\(\)\) in a value loaded by s\.current`
}

func (s *server) bump() {
	c := s.current()
	c.Timeout++ // want `c\.Timeout modified in a value loaded by s\.current`
}

// ok: a helper that copies before publishing.
func (s *server) publishCopy(cfg *Config) {
	c := *cfg
	s.cur.Store(&c)
}

func (s *server) okCopy() {
	cfg := &Config{}
	s.publishCopy(cfg)
	cfg.Timeout = 5
}

// ok: a helper that only reads its argument.
func describe(c *Config) int { return c.Timeout }

func (s *server) okRead() int { return describe(s.current()) }

// ok: a helper that returns a fresh value, not the snapshot.
func (s *server) fresh() *Config {
	c := *s.cur.Load()
	return &c
}

func (s *server) okFresh() {
	c := s.fresh()
	c.Timeout = 1
}

// ok: the mutating helper takes the lock that guards the field.
type guarded struct {
	mu sync.Mutex
	n  int
}

func (g *guarded) inc() {
	g.mu.Lock()
	g.n++
	g.mu.Unlock()
}

var gp atomic.Pointer[guarded]

func okLockedHelper() {
	go func() { _ = gp.Load() }()
	gp.Load().inc()
}

// ok: a helper that publishes its argument only on some paths.
func (s *server) maybePublish(cfg *Config, ok bool) {
	if ok {
		s.cur.Store(cfg)
	}
}

func (s *server) okConditional() {
	cfg := &Config{}
	s.maybePublish(cfg, false)
	cfg.Timeout = 5
}

// A flag set by a method, after the data.
type client struct {
	cfg   *Config
	ready bool
}

func (c *client) markReady() { c.ready = true }

func (c *client) run() {
	for {
		if c.ready { // want `c\.ready polled in a loop`
			println(c.cfg.Timeout)
			return
		}
	}
}

func (c *client) Configure(cfg *Config) { // want Configure:"mutates\\(c\\) sets\\(c\\.cfg\\)"
	c.cfg = cfg
	c.markReady() // want `c\.ready set by plain write in c\.markReady\(\) after writing c\.cfg \(readers may see c\.ready before c\.cfg\)`
}

func startClient() *client {
	c := &client{}
	go c.run()
	return c
}

// ok: a method that sets the flag only on some paths.
func (c *client) maybeReady(ok bool) {
	if ok {
		c.ready = true
	}
}

func (c *client) okConfigureMaybe(cfg *Config) {
	c.cfg = cfg
	c.maybeReady(false)
}

// ok: a method that stores the flag atomically.
type aclient struct {
	cfg   *Config
	ready atomic.Bool
}

func (c *aclient) markReady() { c.ready.Store(true) }

func (c *aclient) run() {
	if c.ready.Load() {
		println(c.cfg.Timeout)
	}
}

func (c *aclient) Configure(cfg *Config) { // want Configure:"mutates\\(c\\) sets\\(c\\.cfg\\)"
	c.cfg = cfg
	c.markReady()
}

func startAClient() *aclient {
	c := &aclient{}
	go c.run()
	return c
}

// A loop polling a plain field through a getter.
type worker struct{ stop bool }

func (w *worker) stopped() bool { return w.stop }

func (w *worker) loop() {
	for !w.stopped() { // want `w\.stopped\(\) polled in a loop without synchronization \(the write in the other goroutine may never be observed\)`
	}
}

func (w *worker) Stop() { w.stop = true } // want Stop:"mutates\\(w\\) sets\\(w\\.stop\\)"

func (w *worker) Start() { go w.loop() } // want Start:`publishes\(w:go\)`

// ok: the getter loads an atomic.
type aworker struct{ stop atomic.Bool }

func (w *aworker) stopped() bool { return w.stop.Load() }

func (w *aworker) loop() {
	for !w.stopped() {
	}
}

func (w *aworker) Stop() { w.stop.Store(true) }

func (w *aworker) Start() { go w.loop() }

// ok: the getter reads under the mutex.
type mworker struct {
	mu   sync.Mutex
	stop bool
}

func (w *mworker) stopped() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stop
}

func (w *mworker) loop() {
	for !w.stopped() {
	}
}

func (w *mworker) Stop() { // want Stop:`syncs`
	w.mu.Lock()
	w.stop = true
	w.mu.Unlock()
}

func (w *mworker) Start() { go w.loop() }

// ok: getters that return constants or parameters are not reads.
func alwaysTrue() bool { return true }

func same(b bool) bool { return b }

func okConstGetter(b bool) {
	go fmt.Sprint()
	for alwaysTrue() && same(b) {
	}
}
