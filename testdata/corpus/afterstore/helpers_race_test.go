//go:build corpusrace

package afterstore

import (
	"runtime"
	"sync"
)

// rounds is how many times each test repeats its pattern.
const rounds = 100

// pair runs write on the test goroutine and read on a new goroutine, and
// returns once both are done.
func pair(write, read func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		read()
	}()
	write()
	wg.Wait()
}

// readUntil calls read, yielding between calls, until done reports true,
// then calls read once more.
func readUntil(done func() bool, read func()) {
	for !done() {
		read()
		runtime.Gosched()
	}
	read()
}

// consume runs run on a new goroutine and returns a function that waits for it.
func consume(run func()) (wait func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		run()
	}()
	return wg.Wait
}
