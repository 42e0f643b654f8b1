// Package allchecks is analyzed with the plugin's default settings: the
// flagdata bug and the double-checked locking are both reported.
package allchecks

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
	if inst == nil { // want `inst checked without holding the lock before mu\.Lock`
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
