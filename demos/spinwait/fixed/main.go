// Fixed: g is an atomic.Pointer. setup writes t.msg and then g.Store(t);
// main reads t.msg only after g.Load() returned t. The Load observes the
// Store, so the Store is synchronized before the Load, and the write to
// t.msg happens before main's read of it.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

type T struct {
	msg string
}

var g atomic.Pointer[T]

func setup() {
	t := new(T)
	t.msg = "hello, world"
	g.Store(t)
}

// round runs setup in a goroutine, waits for g and returns its message.
func round() string {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		setup()
	}()

	// The call in the loop body keeps the loop from spinning on a value
	// loaded once; see the README.
	for g.Load() == nil {
		runtime.Gosched()
	}
	msg := g.Load().msg

	wg.Wait()
	g.Store(nil) // for the next round
	return msg
}

const rounds = 10

func main() {
	empty := 0
	for range rounds {
		if round() == "" {
			empty++
		}
	}
	fmt.Printf("empty messages: %d of %d rounds\n", empty, rounds)
}
