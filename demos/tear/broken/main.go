// Broken: a goroutine keeps writing a two-field value while main reads it
// with no synchronization at all. Nothing orders main's two reads against
// the writer's two writes, so main can read a from one update and b from
// another: a torn value that was never written as a whole.
package main

import (
	"flag"
	"fmt"
	"sync/atomic"
	"time"
)

type pair struct{ a, b int }

var p pair

func main() {
	d := flag.Duration("d", 200*time.Millisecond, "how long to watch")
	flag.Parse()

	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			p.a = i
			p.b = i
			if stop.Load() {
				return
			}
		}
	}()

	reads, torn := 0, 0
	for deadline := time.Now().Add(*d); time.Now().Before(deadline); {
		for range 1000 {
			a, b := p.a, p.b
			if a != b {
				torn++
			}
			reads++
		}
	}
	stop.Store(true)
	<-done // after the racing reads: this join does not order them

	fmt.Printf("torn reads: %d of %d in %v (%.0f/s)\n", torn, reads, *d, float64(torn)/d.Seconds())
}
