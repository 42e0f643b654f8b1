//go:build corpusrace

package loadmutate

import (
	"sync"
	"time"
)

// rounds is how many times each test repeats its pattern.
const rounds = 100

var epoch = time.Unix(1700000000, 0)

// readFirst runs mutate on a new goroutine and read on the test goroutine,
// and returns once both are done. The reader starts first, on a snapshot
// the mutator then loads as well.
func readFirst(read, mutate func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mutate()
	}()
	read()
	wg.Wait()
}

// times returns a function that calls f(i) for i in [0, rounds).
func times(f func(i int)) func() {
	return func() {
		for i := range rounds {
			f(i)
		}
	}
}
