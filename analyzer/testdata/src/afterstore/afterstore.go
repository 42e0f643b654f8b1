// Package afterstore exercises the afterstore check: values mutated after
// they were published.
package afterstore

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type Config struct {
	Timeout int
	Hosts   []string
	Limits  map[string]int
}

type server struct {
	cur   atomic.Pointer[Config]
	val   atomic.Value
	cache sync.Map
	out   chan *Config
	mu    sync.Mutex
}

// Readers load the published values and read their fields.
func (s *server) handle() {
	c := s.cur.Load()
	println(c.Timeout, c.Limits["x"], c.Hosts[0])
	hosts := s.val.Load().([]string)
	println(hosts[0])
}

// The config hot-reload bug.
func (s *server) reload() {
	cfg := &Config{Timeout: 1}
	s.cur.Store(cfg)
	cfg.Timeout = 5 // want `cfg\.Timeout modified after cfg was published by s\.cur\.Store \(concurrent Loads may see the change\)`
}

// Swap and CompareAndSwap publish too; a map write through the value.
func (s *server) swap(cfg *Config) {
	old := s.cur.Swap(cfg)
	_ = old
	cfg.Limits["x"] = 1 // want `cfg\.Limits\["x"\] modified after cfg was published by s\.cur\.Swap`
}

func (s *server) cas(old, cfg *Config) {
	if s.cur.CompareAndSwap(old, cfg) {
		cfg.Hosts[0] = "a" // want `cfg\.Hosts\[0\] modified after cfg was published by s\.cur\.CompareAndSwap`
	}
}

// atomic.Value and append into the published slice's backing array.
func (s *server) value(hosts []string) {
	s.val.Store(hosts)
	hosts[1] = "b" // want `hosts\[1\] modified after hosts was published by s\.val\.Store`
}

// sync.Map.Store, then sorting in place.
func (s *server) mapStore(k string, hosts []string) {
	s.cache.Store(k, hosts)
	sort.Strings(hosts) // want `hosts sorted after hosts was published by s\.cache\.Store`
}

// A method that mutates its receiver, called after the send.
func (c *Config) setTimeout(t int) { c.Timeout = t }

func (s *server) send() {
	cfg := &Config{}
	s.out <- cfg
	cfg.setTimeout(3) // want `cfg modified by cfg\.setTimeout\(3\) after cfg was sent on s\.out \(the receiver may see the change\)`
}

// Capture by a go statement, then mutation of a field the goroutine reads.
func use(*Config) {}

func goCapture() {
	cfg := &Config{}
	go func() {
		println(cfg.Timeout)
	}()
	cfg.Timeout = 2 // want `cfg\.Timeout modified after cfg was passed to a goroutine \(the goroutine may see the change\)`
}

// Argument of a go statement, then append into a slice the goroutine reads.
type batch struct{ items []int }

func drain(b *batch) {
	for _, x := range b.items {
		println(x)
	}
}

func goArg() {
	b := &batch{items: make([]int, 0, 16)}
	go drain(b)
	b.items = append(b.items, 1) // want `b\.items appended to after b was passed to a goroutine`
}

// ok: the goroutine never reads the field modified after it starts.
func okUnreadField() {
	cfg := &Config{}
	go func() {
		println(cfg.Hosts)
	}()
	cfg.Timeout = 2
}

// ok: storing the result of time.AfterFunc in the object it will use.
type conn struct{ timer interface{ Stop() bool } }

func (c *conn) fire() { println(c.timer) }

func (c *conn) okAfterFunc() {
	c.timer = time.AfterFunc(time.Second, c.fire)
}

// ok: copy-on-write: copy, modify the copy, store the copy.
func (s *server) okCopyOnWrite() {
	n := *s.cur.Load()
	n.Timeout = 9
	s.cur.Store(&n)
}

// ok: mutation before publication.
func (s *server) okBefore() {
	cfg := &Config{}
	cfg.Timeout = 1
	s.cur.Store(cfg)
}

// ok: a fresh allocation after the send.
func (s *server) okFresh() {
	cfg := &Config{}
	s.out <- cfg
	cfg = &Config{}
	cfg.Timeout = 3
	_ = cfg
}

// ok: a value (non-pointer) send.
func okValueSend(ch chan Config) {
	c := Config{}
	ch <- c
	c.Timeout = 4
	_ = c
}

// ok: the goroutine is joined before the mutation.
func okJoined() {
	cfg := &Config{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		println(cfg.Timeout)
	}()
	wg.Wait()
	cfg.Timeout = 1
}

// ok: the receiver hands the value back before the mutation.
func okHandBack(ch chan *Config) {
	cfg := &Config{}
	ch <- cfg
	cfg = <-ch
	cfg.Timeout = 1
}

// ok: a local atomic.Pointer that nobody else sees.
func okLocalPointer() {
	var p atomic.Pointer[Config]
	cfg := &Config{}
	p.Store(cfg)
	cfg.Timeout = 1
}

// ok: a local buffered channel used only here.
func okLocalChan() {
	ch := make(chan *Config, 1)
	cfg := &Config{}
	ch <- cfg
	cfg.Timeout = 1
	<-ch
}

// ok: the mutation is guarded by the mutex.
func (s *server) okLocked(cfg *Config) {
	s.cur.Store(cfg)
	s.mu.Lock()
	cfg.Timeout = 1
	s.mu.Unlock()
}

// ok: publication in a loop of a fresh value each time.
func (s *server) okLoop() {
	for i := 0; i < 3; i++ {
		cfg := &Config{}
		cfg.Timeout = i
		s.cur.Store(cfg)
	}
}

// ok: written before the go statement.
func okBeforeGo() {
	cfg := &Config{}
	cfg.Timeout = 3
	go func() { println(cfg.Timeout) }()
}

// ok: no reader of ids ever looks at the field modified after the store.
type registry struct {
	ids atomic.Pointer[Config]
}

func (r *registry) okUnread(c *Config) {
	r.ids.Store(c)
	c.Timeout = 1
}

func (r *registry) get() int {
	return len(r.ids.Load().Hosts)
}

// ok: a method that does not mutate, after the store.
func (c *Config) timeout() int { return c.Timeout }

func (s *server) okReadOnly(cfg *Config) int {
	s.cur.Store(cfg)
	return cfg.timeout()
}

// ok: storing the result of time.AfterFunc in a map of the object it uses.
type scheduler struct{ timers map[string]*time.Timer }

func (s *scheduler) fire() { println(len(s.timers)) }

func (s *scheduler) okAfterFuncMap(k string) {
	s.timers[k] = time.AfterFunc(time.Second, s.fire)
}
