package spinwait

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Link is an established transport.
type Link struct {
	Addr string
	RTT  time.Duration
}

// Session waits for the dialer goroutine to attach a link.
type Session struct {
	link *Link
}

// Attach is called by the dialer.
func (s *Session) Attach(l *Link) { s.link = l }

// Link waits for Attach.
//
// Bug: link is polled without synchronization; seeing it non-nil does not
// even mean seeing the Link's fields.
func (s *Session) Link() *Link {
	for s.link == nil { // want:spinwait ConnNil
		runtime.Gosched()
	}
	return s.link
}

// Channel is a Session whose link is an atomic pointer.
type Channel struct {
	link atomic.Pointer[Link]
}

// Attach is called by the dialer.
func (c *Channel) Attach(l *Link) { c.link.Store(l) }

// Link waits for Attach. Correct: polls an atomic.Pointer.
func (c *Channel) Link() *Link {
	for c.link.Load() == nil { // ok:spinwait AtomicPointerPoll
		runtime.Gosched()
	}
	return c.link.Load()
}

// Client is used by one goroutine; the dialer hands it links over a channel.
type Client struct {
	dialed chan *Link
	link   *Link
}

// NewClient returns a client without a link.
func NewClient() *Client { return &Client{dialed: make(chan *Link)} }

// Deliver is called by the dialer goroutine.
func (c *Client) Deliver(l *Link) { c.dialed <- l }

// Await returns the client's link, waiting for the dialer if needed.
// Correct: link is read and written only by the goroutine using the client,
// and the value comes through a channel receive.
func (c *Client) Await() *Link {
	for c.link == nil { // ok:spinwait ReceiveEachIteration
		c.link = <-c.dialed
	}
	return c.link
}

// Resolver maps names to addresses.
type Resolver struct {
	Servers []string
}

var defaultResolver *Resolver

// InstallResolver sets the process-wide resolver.
func InstallResolver(r *Resolver) { defaultResolver = r }

// WaitResolver returns the resolver, waiting for InstallResolver.
//
// Bug: the memory model's own example: a plain package pointer polled.
func WaitResolver() *Resolver {
	for defaultResolver == nil { // want:spinwait PackagePointer
		runtime.Gosched()
	}
	return defaultResolver
}

// Snapshot is an immutable view of remote state.
type Snapshot struct {
	Rev  int
	Keys []string
}

// Mirror follows a remote store.
type Mirror struct {
	cur *Snapshot
}

func (m *Mirror) current() *Snapshot { return m.cur }

// Replace is called by the sync goroutine.
func (m *Mirror) Replace(s *Snapshot) { m.cur = s }

// First waits for the first snapshot.
//
// Bug: current is a plain field read; the getter does not synchronize.
func (m *Mirror) First(poll time.Duration) *Snapshot {
	for m.current() == nil { // want:spinwait GetterPointer
		time.Sleep(poll)
	}
	return m.current()
}

// Feed is a Mirror with an atomic current snapshot.
type Feed struct {
	cur atomic.Pointer[Snapshot]
}

func (f *Feed) latest() *Snapshot { return f.cur.Load() }

// Replace is called by the sync goroutine.
func (f *Feed) Replace(s *Snapshot) { f.cur.Store(s) }

// First waits for the first snapshot. Correct: the getter Loads an atomic.
func (f *Feed) First(poll time.Duration) *Snapshot {
	for f.latest() == nil { // ok:spinwait AtomicGetter
		time.Sleep(poll)
	}
	return f.latest()
}
