//go:build corpusrace

package spinwait

import "time"

const (
	rounds = 50
	poll   = 50 * time.Microsecond
)

// background runs f in a new goroutine and returns a function that waits
// for it to return.
func background(f func()) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	return func() { <-done }
}

//go:noinline
func use(...any) {}
