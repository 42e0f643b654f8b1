// Fixed: the same driver on publishedcell.PublishedCell, which publishes
// each value as a fresh snapshot through an atomic.Pointer. A Load that
// observes a Store is synchronized after it, and the snapshot was written
// before the Store, so every reader sees a whole value.
package main

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/pubcheck/pubcheck/demos/publishedcell"
)

// A snapshot repeats its version in every word of its body, so a reader can
// tell a whole value from a mixture of two.
type snapshot struct {
	version int
	body    [4]int
}

func (s snapshot) whole() bool {
	return s.body == [4]int{s.version, s.version, s.version, s.version}
}

const (
	readers  = 2
	versions = 1000
)

func main() {
	var c publishedcell.PublishedCell[snapshot]

	var loads, mixed [readers]int
	var wg sync.WaitGroup
	for i := range readers {
		wg.Go(func() {
			for {
				v, ok := c.Load()
				if !ok {
					runtime.Gosched()
					continue
				}
				loads[i]++
				if !v.whole() {
					mixed[i]++
				}
				if v.version == versions {
					return
				}
			}
		})
	}

	for n := 1; n <= versions; n++ {
		c.Store(snapshot{version: n, body: [4]int{n, n, n, n}})
	}
	wg.Wait()

	total, bad := 0, 0
	for i := range readers {
		total += loads[i]
		bad += mixed[i]
	}
	fmt.Printf("mixed values: %d of %d loads\n", bad, total)
}
