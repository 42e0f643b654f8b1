// Fixed: sync.OnceValue runs newClient once and hands its result to every
// caller. The completion of the single call of f() from once.Do(f) is
// synchronized before the return of any call of once.Do(f) (OnceValue is
// built on sync.Once), so every caller sees a fully built Client.
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

var get = sync.OnceValue(newClient)

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
