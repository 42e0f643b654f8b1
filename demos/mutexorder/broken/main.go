// Broken, but race-free: the mutex "fix" from the article. Both sides hold
// mu while they touch data, so there is no data race, but nothing makes the
// worker wait for main's write. Whoever takes the lock first goes first, and
// with a head start that is usually the worker, which reads an empty string.
package main

import (
	"fmt"
	"sync"
	"time"
)

var data string
var mu sync.Mutex

// worker stores what it finds in data.
func worker(got *string, wg *sync.WaitGroup) {
	defer wg.Done()
	mu.Lock()
	*got = data
	mu.Unlock()
}

// exchange starts a worker, writes data for it and returns what the worker
// read.
func exchange(i int) string {
	var got string
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&got, &wg)

	time.Sleep(time.Millisecond) // give the worker a head start
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
