// Fixed: n is an atomic.Int64, so every access to it is atomic and there
// is no plain access left to race with the workers' Adds. The type makes a
// plain access impossible to write by accident.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

var n atomic.Int64

const (
	workers = 2
	adds    = 20000
)

func main() {
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range adds {
				n.Add(1)
			}
		})
	}

	for range 3 {
		time.Sleep(100 * time.Microsecond)
		fmt.Printf("progress: %d\n", n.Load())
	}

	wg.Wait()
	fmt.Printf("total: %d of %d\n", n.Load(), workers*adds)
}
