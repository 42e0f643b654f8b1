// Broken: compute starts a goroutine to produce a result and reads the
// result after a pause. A pause is not a join: the exit of a goroutine is
// not guaranteed to be synchronized before any event, and sleeping orders
// nothing, so the read races with the write and may see nothing.
package main

import (
	"fmt"
	"time"
)

func square(n int) int { return n * n }

// compute returns n*n, worked out by another goroutine.
func compute(n int) int {
	var result int
	go func() {
		result = square(n)
	}()
	time.Sleep(50 * time.Microsecond) // "long enough"
	return result
}

const rounds = 50

func main() {
	missing := 0
	for i := 1; i <= rounds; i++ {
		if compute(i) != i*i {
			missing++
		}
	}
	fmt.Printf("results missing: %d of %d\n", missing, rounds)
}
