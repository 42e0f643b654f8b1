// Broken, but race-free: the mutex "fix" from the article. Both sides hold
// mu while they touch data, so there is no data race, but nothing makes the
// worker wait for main's write: whoever takes the lock first goes first.
// Each round runs the order that a head start for the worker makes likely
// and that nothing in the program rules out: main asks for the lock only
// once the worker holds it, so the worker reads before main writes.
package main

import (
	"fmt"
	"sync"
)

var data string
var mu sync.Mutex

// worker stores what it finds in data. It closes locked once it holds mu.
func worker(locked chan<- struct{}, got *string, wg *sync.WaitGroup) {
	defer wg.Done()
	mu.Lock()
	close(locked)
	*got = data
	mu.Unlock()
}

// exchange starts a worker, writes data for it and returns what the worker
// read.
func exchange(i int) string {
	var got string
	var wg sync.WaitGroup
	locked := make(chan struct{})
	wg.Add(1)
	go worker(locked, &got, &wg)

	<-locked // the worker won the race for mu, as it may in any run
	mu.Lock()
	data = fmt.Sprintf("hello from main (round %d)", i)
	mu.Unlock()

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
