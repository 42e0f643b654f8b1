//go:build corpusrace

package mixedatomic

import "sync"

// rounds is how many fresh objects each test races on.
const rounds = 100

// concurrently runs each fn in its own goroutine and waits for all of them.
func concurrently(fns ...func()) {
	var wg sync.WaitGroup
	wg.Add(len(fns))
	for _, fn := range fns {
		go func() {
			defer wg.Done()
			fn()
		}()
	}
	wg.Wait()
}

// times returns a func that calls fn n times.
func times(n int, fn func()) func() {
	return func() {
		for range n {
			fn()
		}
	}
}
