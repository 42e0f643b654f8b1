// Broken: the "subtler variant" from the memory model's Incorrect
// synchronization section. setup publishes a pointer by a plain write and
// main polls it with for g == nil, then dereferences it. Even when main sees
// g != nil, nothing guarantees it sees the initialized g.msg.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type T struct {
	msg string
}

var g *T

func setup() {
	t := new(T)
	t.msg = "hello, world"
	g = t
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
	for g == nil {
		runtime.Gosched()
	}
	msg := g.msg

	wg.Wait()
	g = nil // for the next round
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
