// Package publishedcell holds one value that goroutines share without
// locks: writers publish a new immutable snapshot, readers get a complete
// copy of the latest one.
//
// Each Store or Swap copies its argument into a fresh allocation that the
// cell never writes again and publishes a pointer to it with one atomic
// operation. By the Go memory model, an atomic operation whose effect is
// observed by another is synchronized before it, so a Load that sees the
// pointer also sees every write made to the snapshot before it was
// published: a reader gets a whole value, never a mixture of two.
//
// The snapshot is a shallow copy. If T holds pointers, slices or maps, the
// data they refer to is shared with the caller and must not be modified
// after the Store; build a new value instead.
package publishedcell

import "sync/atomic"

// A PublishedCell holds at most one value of type T. The zero value is an
// empty cell ready to use. It is safe for concurrent use by multiple
// goroutines and must not be copied after first use.
type PublishedCell[T any] struct {
	p atomic.Pointer[T]
}

// Store publishes v, replacing any previous value.
func (c *PublishedCell[T]) Store(v T) {
	c.p.Store(&v)
}

// Load returns the latest published value and true, or the zero value and
// false if nothing has been stored yet.
func (c *PublishedCell[T]) Load() (T, bool) {
	return deref(c.p.Load())
}

// Swap publishes v and returns the value it replaced and true, or the zero
// value and false if the cell was empty.
func (c *PublishedCell[T]) Swap(v T) (old T, ok bool) {
	return deref(c.p.Swap(&v))
}

func deref[T any](p *T) (T, bool) {
	if p == nil {
		var zero T
		return zero, false
	}
	return *p, true
}
