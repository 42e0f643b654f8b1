// Fixed: the goroutine closes done after writing result, and compute
// receives from done before reading it. The close is synchronized before
// the receive that returns because the channel is closed, so the write to
// result happens before the read.
package main

import (
	"fmt"
)

func square(n int) int { return n * n }

// compute returns n*n, worked out by another goroutine.
func compute(n int) int {
	var result int
	done := make(chan struct{})
	go func() {
		result = square(n)
		close(done)
	}()
	<-done
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
