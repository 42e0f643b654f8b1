// Package recursion exercises summaries of mutually recursive functions:
// each is computed to a fixpoint over its component of the call graph, so
// none depends on the order of declarations.
package recursion

import "sync"

var mu sync.Mutex

// Sync calls Helper, which synchronizes only through Sync's lock: both
// synchronize.
func Sync(n int) { // want Sync:"syncs"
	if n > 0 {
		Helper(n - 1)
	}
	mu.Lock()
	mu.Unlock()
}

func Helper(n int) { // want Helper:"syncs"
	if n > 0 {
		Sync(n - 1)
	}
}

type node struct {
	next *node
	val  int
}

// Walk mutates its argument through Set, which calls Walk back.
func Walk(n *node) { // want Walk:"mutates\\(n\\)"
	if n.val == 0 {
		Set(n)
	}
}

func Set(n *node) { // want Set:"mutates\\(n\\)"
	n.val = 1
	Walk(n)
}
