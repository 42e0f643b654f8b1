//go:build corpusrace

package flagdata

import (
	"runtime"
	"sync"
)

const rounds = 100

// concurrently runs read in a new goroutine while write runs in the calling
// one, and returns when both are done.
func concurrently(write, read func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		read()
	}()
	write()
	wg.Wait()
}

// until calls f, yielding between calls, until it returns true or a bounded
// number of attempts ran out.
func until(f func() bool) {
	for i := 0; i < 10000 && !f(); i++ {
		runtime.Gosched()
	}
}

//go:noinline
func use(...any) {}
