// Package checksflag is analyzed with -checks=-doublecheck: the flagdata
// bug is reported, the double-checked locking is not, and a directive for
// the check that does not run is not reported as silencing nothing.
package checksflag

import (
	"sync"
	"time"
)

var data string
var ready bool

func worker() {
	for !ready { // want `ready polled in a loop without synchronization`
		time.Sleep(10 * time.Millisecond)
	}
	println(data)
}

func seed() {
	go worker()
	data = "hello"
	ready = true // want `ready set by plain write after writing data`
}

var (
	mu   sync.Mutex
	inst *int
)

func get() *int {
	//pubcheck:ignore doublecheck the check does not run: no report that this silences nothing
	if inst == nil {
		mu.Lock()
		if inst == nil {
			inst = new(int)
		}
		mu.Unlock()
	}
	return inst
}

func use() {
	go get()
	go get()
}

var other *int

// get2 is double-checked locking too, without a directive: silent only
// because the check does not run.
func get2() *int {
	if other == nil {
		mu.Lock()
		if other == nil {
			other = new(int)
		}
		mu.Unlock()
	}
	return other
}

func use2() {
	go get2()
	go get2()
}
