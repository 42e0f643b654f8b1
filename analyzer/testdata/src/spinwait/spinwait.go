// Package spinwait exercises the spinwait check: loops that poll a plain
// variable another goroutine writes.
package spinwait

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The memory model's busy-wait: for !done {}.
var a string
var done bool

func setup() {
	a = "hello, world"
	done = true // want `done set by plain write after writing a`
}

func busyWait() {
	go setup()
	for !done { // want `done polled in a loop without synchronization \(the write in the other goroutine may never be observed\)`
	}
	fmt.Println(a)
}

// Polling with a sleep is still polling.
var stop bool

func sleepPoll() {
	go func() {
		time.Sleep(time.Millisecond)
		stop = true
	}()
	for !stop { // want `stop polled in a loop without synchronization`
		time.Sleep(time.Millisecond)
	}
}

// The memory model's pointer publication: for g == nil {} then use g.
type T struct{ msg string }

var g *T

func setupT() {
	t := new(T)
	t.msg = "hello, world"
	g = t
}

func pointerPoll() {
	go setupT()
	for g == nil { // want `g polled in a loop without synchronization \(the write may never be observed, and seeing g set does not mean seeing what was written through it\)`
		runtime.Gosched()
	}
	fmt.Println(g.msg)
}

// A goroutine polls a field the spawner sets later.
type server struct {
	quit bool
}

func (s *server) loop() {
	for !s.quit { // want `s\.quit polled in a loop`
	}
}

func (s *server) Stop() { // want Stop:"mutates\\(s\\) sets\\(s\\.quit\\)"
	s.quit = true
}

func startServer() *server {
	s := &server{}
	go s.loop()
	return s
}

// A captured local variable polled by the spawner.
func capturedPoll() {
	finished := false
	go func() {
		finished = true
	}()
	for !finished { // want `finished polled in a loop`
	}
}

// ok: the flag is an atomic.Bool.
var done2 atomic.Bool

func okAtomic() {
	go func() { done2.Store(true) }()
	for !done2.Load() {
		runtime.Gosched()
	}
}

// ok: the poll is made under the mutex that guards the flag.
var (
	mu    sync.Mutex
	done3 bool
)

func okMutex() {
	go func() {
		mu.Lock()
		done3 = true
		mu.Unlock()
	}()
	for {
		mu.Lock()
		d := done3
		mu.Unlock()
		if d {
			break
		}
	}
}

// ok: sync.Cond wait loop.
var (
	cmu   sync.Mutex
	cond  = sync.NewCond(&cmu)
	done4 bool
)

func okCond() {
	go func() {
		cmu.Lock()
		done4 = true
		cmu.Unlock()
		cond.Broadcast()
	}()
	cmu.Lock()
	for !done4 {
		cond.Wait()
	}
	cmu.Unlock()
}

// ok: a select on a ticker and a channel.
func okSelect(quit chan struct{}) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-quit:
			return
		case <-t.C:
		}
	}
}

// ok: polling len(ch) reads no shared variable.
func okLenChan(ch chan int) {
	go func() { ch <- 1 }()
	for len(ch) == 0 {
		runtime.Gosched()
	}
}

// ok: the loop owns its flag: nobody else writes it.
var owned bool

func okOwnFlag() {
	go fmt.Println()
	for !owned {
		owned = true
	}
}

// ok: goroutine-local variable.
func okLocal() {
	go func() {
		n := 0
		for n < 10 {
			n++
		}
	}()
}

// ok: each check follows a receive from a channel, which synchronizes.
var done5 bool

func okRecvInLoop(ch chan int) {
	go func() {
		done5 = true
		ch <- 1
	}()
	for {
		<-ch
		if done5 {
			break
		}
	}
}

// ok: the flag is written before the goroutine starts.
var done6 bool

func okBeforeGo() {
	done6 = true
	go func() {
		for !done6 {
		}
	}()
}

// ok: a hash table probed at an index the loop advances reads another
// element each time round; the loop ends by itself.
type Table struct {
	slots [64]uint32
}

func (t *Table) Reset() { // want Reset:"mutates\\(t\\)"
	for i := range t.slots {
		t.slots[i] = 0
	}
}

func (t *Table) Insert(key uint32) { // want Insert:"mutates\\(t\\)"
	h := key & 63
	for {
		if t.slots[h] == 0 {
			t.slots[h] = key
			break
		}
		h = (h + 1) & 63
	}
}
