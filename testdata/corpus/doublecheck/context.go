package doublecheck

import (
	"context"
	"sync"
	"sync/atomic"
)

// closedchan is a reusable closed channel.
var closedchan = make(chan struct{})

func init() { close(closedchan) }

// StopContext is a context that is done when Stop is called. It carries
// the values and deadline of its parent. Like every context, its methods
// may be called from any goroutine.
type StopContext struct {
	context.Context

	mu   sync.Mutex
	done chan struct{} // created lazily
	err  error
}

// NewStopContext returns a StopContext carrying parent's values.
func NewStopContext(parent context.Context) *StopContext {
	return &StopContext{Context: parent}
}

// Done returns a channel closed by Stop.
// Bug: the fast path reads done without the lock under which it is created.
func (c *StopContext) Done() <-chan struct{} {
	if c.done != nil { // want:doublecheck ContextDoneLazyChan
		return c.done
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = make(chan struct{})
	}
	return c.done
}

// Err returns context.Canceled after Stop.
func (c *StopContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Stop cancels the context.
func (c *StopContext) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return
	}
	c.err = context.Canceled
	if c.done == nil {
		c.done = closedchan
	} else {
		close(c.done)
	}
}

// HaltContext is StopContext with the channel in an atomic.Value, as the
// standard library's cancelCtx keeps it.
type HaltContext struct {
	context.Context

	mu   sync.Mutex
	done atomic.Value // of chan struct{}, created lazily
	err  error
}

// NewHaltContext returns a HaltContext carrying parent's values.
func NewHaltContext(parent context.Context) *HaltContext {
	return &HaltContext{Context: parent}
}

// Done returns a channel closed by Halt.
// Look-alike: the fast path is an atomic load.
func (c *HaltContext) Done() <-chan struct{} {
	if d := c.done.Load(); d != nil { // ok:doublecheck ContextDoneAtomicValue
		return d.(chan struct{})
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.done.Load()
	if d == nil {
		d = make(chan struct{})
		c.done.Store(d)
	}
	return d.(chan struct{})
}

// Err returns context.Canceled after Halt.
func (c *HaltContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Halt cancels the context.
func (c *HaltContext) Halt() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return
	}
	c.err = context.Canceled
	d, _ := c.done.Load().(chan struct{})
	if d == nil {
		c.done.Store(closedchan)
	} else {
		close(d)
	}
}
