// Package generics exercises the checks on generic code: atomic.Pointer[T],
// generic holders, and methods of generic types, matched through their
// origin whatever the instantiation.
package generics

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// A generic cell with a plain flag: flagdata through methods of a generic
// type, instantiated in the caller.
type cell[T any] struct {
	v   *T
	set bool
}

func (c *cell[T]) Store(v T) { // want Store:"mutates\\(c\\) sets\\(c\\.v\\) sets\\(c\\.set\\)"
	c.v = &v
	c.set = true // want `c\.set set by plain write after writing c\.v \(readers may see c\.set before c\.v\)`
}

func (c *cell[T]) Load() (T, bool) {
	if !c.set {
		var zero T
		return zero, false
	}
	return *c.v, true
}

func useCell() {
	var c cell[int]
	var wg sync.WaitGroup
	wg.Go(func() { fmt.Println(c.Load()) })
	c.Store(1)
	wg.Wait()
}

// afterstore and loadmutate on atomic.Pointer of a generic holder.
type holder[T any] struct {
	items []T
	n     int
}

type registry[T any] struct {
	cur atomic.Pointer[holder[T]]
}

func (r *registry[T]) publish(h *holder[T]) {
	r.cur.Store(h)
	h.n = len(h.items) // want `h\.n modified after h was published by r\.cur\.Store`
}

func (r *registry[T]) count() int {
	return r.cur.Load().n
}

func (r *registry[T]) Watch() { go r.count() }

func (r *registry[T]) bump() {
	h := r.cur.Load()
	h.n++ // want `h\.n modified in a value loaded by r\.cur\.Load`
}

// ok: copy-on-write in a generic method.
func (r *registry[T]) okAdd(x T) {
	old := r.cur.Load()
	next := &holder[T]{items: append(append([]T(nil), old.items...), x), n: old.n + 1}
	r.cur.Store(next)
}

// ok: a generic cell over atomic.Pointer, the right way.
type safeCell[T any] struct{ p atomic.Pointer[T] }

func (c *safeCell[T]) Store(v T) { c.p.Store(&v) }

func (c *safeCell[T]) Load() (T, bool) { // want Load:`syncs`
	p := c.p.Load()
	if p == nil {
		var zero T
		return zero, false
	}
	return *p, true
}

func useSafeCell() {
	var c safeCell[string]
	var wg sync.WaitGroup
	wg.Go(func() { fmt.Println(c.Load()) })
	c.Store("x")
	wg.Wait()
}

// ok: same field names in two instantiations of different generic types.
type pair[K comparable, V any] struct {
	k     K
	v     V
	ready bool
}

func (p *pair[K, V]) set(k K, v V) {
	p.k, p.v = k, v
}

// ok: a generic function that only reads.
func sum[T int | float64](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func okGenericRead() {
	var wg sync.WaitGroup
	xs := []int{1, 2}
	wg.Go(func() { fmt.Println(sum(xs)) })
	wg.Wait()
}
