// Fixed with an atomic flag: main writes data and then ready.Store(true);
// the worker reads data only after ready.Load() returns true. The Load
// observes the Store, so the Store is synchronized before it, and the write
// to data (sequenced before the Store) happens before the read of data.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

var data string
var ready atomic.Bool

// worker waits until ready is set and stores what it then finds in data.
func worker(got *string, wg *sync.WaitGroup) {
	defer wg.Done()
	for !ready.Load() {
		time.Sleep(100 * time.Microsecond)
	}
	*got = data
}

// exchange starts a worker, publishes data to it and returns what the
// worker read.
func exchange(i int) string {
	var got string
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&got, &wg)

	time.Sleep(200 * time.Microsecond) // give the worker a head start
	data = fmt.Sprintf("hello from main (round %d)", i)
	ready.Store(true)

	wg.Wait()
	data = "" // for the next round
	ready.Store(false)
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
