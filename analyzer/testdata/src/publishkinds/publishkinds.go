// Package publishkinds uses every correct way to hand data between
// goroutines: nothing here may be reported.
package publishkinds

import (
	"fmt"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

type config struct{ n int }

// ok: close of a channel.
var closed string

func okClose() {
	done := make(chan struct{})
	go func() { <-done; fmt.Println(closed) }()
	closed = "x"
	close(done)
}

// ok: a channel handoff of a fresh value per send.
func okHandoff(out chan *config) {
	for i := 0; i < 3; i++ {
		c := &config{n: i}
		out <- c
	}
}

// ok: sync.Once.
var (
	once sync.Once
	inst *config
)

func get() *config {
	once.Do(func() { inst = &config{n: 1} })
	return inst
}

func okOnce() { go func() { fmt.Println(get().n) }() }

// ok: sync.OnceValue.
var load = sync.OnceValue(func() *config { return &config{n: 2} })

func okOnceValue() { go func() { fmt.Println(load().n) }() }

// ok: mutex.
type guarded struct {
	mu    sync.Mutex
	ready bool
	data  int
}

func (g *guarded) set() {
	g.mu.Lock()
	g.data = 1
	g.ready = true
	g.mu.Unlock()
}

func (g *guarded) okMutex() {
	go g.set()
	g.mu.Lock()
	if g.ready {
		fmt.Println(g.data)
	}
	g.mu.Unlock()
}

// ok: WaitGroup join.
func okWaitGroup() {
	var wg sync.WaitGroup
	var result int
	wg.Add(1)
	go func() { defer wg.Done(); result = 1 }()
	wg.Wait()
	fmt.Println(result)
}

// ok: WaitGroup.Go join.
func okWaitGroupGo() {
	var wg sync.WaitGroup
	var result int
	wg.Go(func() { result = 1 })
	wg.Wait()
	fmt.Println(result)
}

// ok: errgroup join.
func okErrgroup() error {
	var g errgroup.Group
	var result int
	g.Go(func() error { result = 1; return nil })
	err := g.Wait()
	fmt.Println(result)
	return err
}

// ok: sync.Cond.
func okCond() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		mu.Unlock()
		c.Signal()
	}()
	mu.Lock()
	for !ready {
		c.Wait()
	}
	mu.Unlock()
}

// ok: atomic.Pointer with copy-on-write.
var cur atomic.Pointer[config]

func okCopyOnWrite() {
	go func() { fmt.Println(cur.Load().n) }()
	next := &config{}
	if old := cur.Load(); old != nil {
		*next = *old
	}
	next.n++
	cur.Store(next)
}
