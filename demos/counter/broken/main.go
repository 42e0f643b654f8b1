// Broken: workers count with atomic.AddInt64(&n, 1), but main reads n with
// a plain read to report progress while they run. Atomic operations
// synchronize only with other atomic operations; a plain read of n racing
// with them is a data race like any other.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

var n int64

const (
	workers = 2
	adds    = 20000
)

func main() {
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range adds {
				atomic.AddInt64(&n, 1)
			}
		})
	}

	for range 3 {
		time.Sleep(100 * time.Microsecond)
		fmt.Printf("progress: %d\n", n)
	}

	wg.Wait()
	fmt.Printf("total: %d of %d\n", atomic.LoadInt64(&n), workers*adds)
}
