//go:build corpusrace

package doublecheck

import "sync"

// rounds is how many fresh objects each test races on.
const rounds = 100

// callers is how many goroutines call the object under test at once.
const callers = 4

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

// fanout runs fn in callers goroutines, each calling it n times, and waits.
func fanout(n int, fn func()) {
	fns := make([]func(), callers)
	for i := range fns {
		fns[i] = func() {
			for range n {
				fn()
			}
		}
	}
	concurrently(fns...)
}
