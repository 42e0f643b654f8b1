// Broken: a lock-free cache entry is read with cache.Load and then updated
// in place. Every goroutine that loads the entry gets the same pointer, so
// the hits++ of one goroutine races with the hits++ of the others, and
// increments are lost.
package main

import (
	"flag"
	"fmt"
	"sync"
	"sync/atomic"
)

type entry struct {
	value string
	hits  int
}

var cache atomic.Pointer[entry]

// get returns the cached value and counts the hit.
func get() string {
	e := cache.Load()
	e.hits++
	return e.value
}

const workers = 4

func main() {
	var gets int
	flag.IntVar(&gets, "gets", 5000, "calls of get per worker")
	flag.Parse()

	cache.Store(&entry{value: "rendered page"})

	start := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			<-start
			for range gets {
				get()
			}
		})
	}
	close(start)
	wg.Wait()

	fmt.Printf("hits: %d of %d\n", cache.Load().hits, workers*gets)
}
