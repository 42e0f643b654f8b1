// Broken: a hand-rolled cell with a plain pointer and a plain set flag.
// Store writes v and then set; Load checks set and then reads v. That is
// the ready-flag pattern again: a reader that sees set == true has no
// happens-before edge to the writes before it.
package main

import (
	"fmt"
	"runtime"
	"sync"
)

type cell[T any] struct {
	v   *T
	set bool
}

func (c *cell[T]) Store(v T) {
	c.v = &v
	c.set = true
}

func (c *cell[T]) Load() (T, bool) {
	if !c.set {
		var zero T
		return zero, false
	}
	return *c.v, true
}

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
	var c cell[snapshot]

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
