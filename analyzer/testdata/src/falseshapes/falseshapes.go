// Package falseshapes holds correct code in five shapes that pubcheck once
// reported, found on real modules; the model now orders each.
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
