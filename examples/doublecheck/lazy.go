// Package doublecheck uses double-checked locking on a plain pointer:
// pubcheck reports it.
package doublecheck

import "sync"

type T struct{ name string }

var (
	mu   sync.Mutex
	inst *T
)

func Instance() *T {
	if inst == nil {
		mu.Lock()
		if inst == nil {
			inst = &T{name: "singleton"}
		}
		mu.Unlock()
	}
	return inst
}
