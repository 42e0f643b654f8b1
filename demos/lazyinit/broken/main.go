// Broken: double-checked locking. get reads inst without the lock and, if
// it is set, uses it. The goroutine that created the Client wrote inst and
// the Client's fields under mu, but a goroutine that never takes mu has no
// happens-before edge to those writes: it can see inst set and the fields
// of *inst still unwritten.
package main

import (
	"fmt"
	"sync"
)

type Client struct {
	addr  string
	conns int
}

func newClient() *Client {
	return &Client{addr: "db.internal:5432", conns: 4}
}

var (
	mu   sync.Mutex
	inst *Client
)

func get() *Client {
	if inst == nil {
		mu.Lock()
		if inst == nil {
			inst = newClient()
		}
		mu.Unlock()
	}
	return inst
}

const callers = 8

func main() {
	start := make(chan struct{})
	var got [callers]*Client
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			<-start
			got[i] = get()
		})
	}
	close(start)
	wg.Wait()

	same := 0
	for _, c := range got {
		if c == got[0] {
			same++
		}
	}
	fmt.Printf("callers that got the same client: %d of %d (%s)\n", same, callers, got[0].addr)
}
