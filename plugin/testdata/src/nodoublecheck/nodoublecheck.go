// Package nodoublecheck is analyzed with doublecheck turned off in the
// plugin's settings: the flagdata bug is reported, the double-checked
// locking is not.
package nodoublecheck

import "sync"

var data string
var ready bool

func reader() {
	if ready {
		println(data)
	}
}

func seed() {
	go reader()
	data = "hello"
	ready = true // want `ready set by plain write after writing data`
}

var (
	mu   sync.Mutex
	inst *int
)

func get() *int {
	if inst == nil { // ok: doublecheck does not run
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
