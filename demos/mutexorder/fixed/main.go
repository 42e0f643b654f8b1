// Fixed: the worker first waits for main to close ready, which main does
// after writing data. The close is synchronized before the receive that
// returns because the channel is closed, so the worker always reads the
// new value. The mutex still guards data but no longer carries the
// ordering. The order the broken program runs in is now impossible: the
// worker cannot hold mu before main has written, and a main that waited
// for it to, as the broken one does, would wait forever.
package main

import (
	"fmt"
	"sync"
)

var data string
var mu sync.Mutex

// worker waits until ready is closed and stores what it then finds in data.
func worker(ready <-chan struct{}, got *string, wg *sync.WaitGroup) {
	defer wg.Done()
	<-ready
	mu.Lock()
	*got = data
	mu.Unlock()
}

// exchange starts a worker, writes data for it and returns what the worker
// read.
func exchange(i int) string {
	var got string
	var wg sync.WaitGroup
	ready := make(chan struct{})
	wg.Add(1)
	go worker(ready, &got, &wg)

	mu.Lock()
	data = fmt.Sprintf("hello from main (round %d)", i)
	mu.Unlock()
	close(ready)

	wg.Wait()
	data = "" // for the next round
	return got
}

const rounds = 20

func main() {
	empty := 0
	var got string
	for i := range rounds {
		if got = exchange(i); got == "" {
			empty++
		}
	}
	fmt.Printf("worker read: %q\n", got)
	fmt.Printf("empty reads: %d of %d rounds\n", empty, rounds)
}
