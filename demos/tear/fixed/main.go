// Fixed: the writer and the reader hold mu around their two accesses. For
// a sync.Mutex, call n of Unlock is synchronized before call m of Lock
// returns (n < m), so each read of the pair happens entirely before or
// entirely after each update: main never sees half of one.
package main

import (
	"flag"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type pair struct{ a, b int }

var (
	mu sync.Mutex
	p  pair
)

func main() {
	d := flag.Duration("d", 200*time.Millisecond, "how long to watch")
	flag.Parse()

	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			mu.Lock()
			p.a = i
			p.b = i
			mu.Unlock()
			if stop.Load() {
				return
			}
		}
	}()

	reads, torn := 0, 0
	for deadline := time.Now().Add(*d); time.Now().Before(deadline); {
		for range 1000 {
			mu.Lock()
			a, b := p.a, p.b
			mu.Unlock()
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
