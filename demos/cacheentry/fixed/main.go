// Fixed: a loaded entry is never written. get copies it, counts the hit in
// the copy and installs the copy with CompareAndSwap, retrying if another
// goroutine installed a newer entry in between. Each entry's fields are
// written before the atomic operation that publishes it, and a Load that
// observes that operation is synchronized after it.
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
	for {
		e := cache.Load()
		next := *e
		next.hits++
		if cache.CompareAndSwap(e, &next) {
			return next.value
		}
	}
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
