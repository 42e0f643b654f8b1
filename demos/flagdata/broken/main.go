// Broken: the worker polls a plain ready flag and then reads data. Nothing
// orders the worker's reads after main's writes, so this is a data race and
// the worker may see ready set without seeing data.
package main

import (
	"fmt"
	"sync"
	"time"
)

var data string
var ready bool

// worker waits until ready is set and stores what it then finds in data.
func worker(got *string, wg *sync.WaitGroup) {
	defer wg.Done()
	for !ready {
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
	ready = true

	wg.Wait()
	data, ready = "", false // for the next round
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
