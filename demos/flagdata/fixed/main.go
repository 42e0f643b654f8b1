// Fixed: main closes a channel after writing data, and the worker receives
// from it before reading data. The close is synchronized before the receive
// that returns because the channel is closed, so the write to data happens
// before the worker's read.
package main

import (
	"fmt"
	"sync"
	"time"
)

var data string

// worker waits until ready is closed and stores what it then finds in data.
func worker(ready <-chan struct{}, got *string, wg *sync.WaitGroup) {
	defer wg.Done()
	<-ready
	*got = data
}

// exchange starts a worker, publishes data to it and returns what the
// worker read.
func exchange(i int) string {
	var got string
	var wg sync.WaitGroup
	ready := make(chan struct{})
	wg.Add(1)
	go worker(ready, &got, &wg)

	time.Sleep(200 * time.Microsecond) // give the worker a head start
	data = fmt.Sprintf("hello from main (round %d)", i)
	close(ready)

	wg.Wait()
	data = "" // for the next round
	return got
}

const rounds = 10

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
