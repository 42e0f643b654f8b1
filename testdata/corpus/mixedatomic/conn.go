package mixedatomic

import (
	"errors"
	"sync/atomic"
)

// ErrClosed is returned by operations on a closed connection or stream.
var ErrClosed = errors.New("mixedatomic: closed")

const (
	stateOpen int32 = iota
	stateDraining
	stateClosed
)

// Conn is a framed connection; Close may be called from any goroutine.
type Conn struct {
	state int32
	sent  int64
}

// Close marks the connection closed.
func (c *Conn) Close() error {
	atomic.StoreInt32(&c.state, stateClosed)
	return nil
}

// Write queues a frame.
// Bug: the state is read plainly while Close stores it atomically.
func (c *Conn) Write(p []byte) (int, error) {
	if c.state == stateClosed { // want:mixedatomic StateCheckPlain
		return 0, ErrClosed
	}
	atomic.AddInt64(&c.sent, int64(len(p)))
	return len(p), nil
}

// Stream is Conn with an atomic state check.
type Stream struct {
	state int32
	sent  int64
}

// Drain stops new writes once queued frames are flushed.
func (s *Stream) Drain() { atomic.CompareAndSwapInt32(&s.state, stateOpen, stateDraining) }

// Close marks the stream closed.
func (s *Stream) Close() error {
	atomic.StoreInt32(&s.state, stateClosed)
	return nil
}

// Send counts a frame unless the stream is closed.
// Look-alike: the state is loaded atomically.
func (s *Stream) Send(p []byte) error {
	if atomic.LoadInt32(&s.state) == stateClosed { // ok:mixedatomic StateCheckAtomic
		return ErrClosed
	}
	atomic.AddInt64(&s.sent, int64(len(p)))
	return nil
}

// Poller runs a polling loop driven by its caller; running is 1 while a
// Start call is active.
type Poller struct {
	running int32
	polls   int64
}

// Start claims the poller; it reports false if it is already running.
func (p *Poller) Start() bool {
	return atomic.CompareAndSwapInt32(&p.running, 0, 1)
}

// Poll records one poll if the poller is running.
func (p *Poller) Poll() {
	if atomic.LoadInt32(&p.running) == 1 {
		atomic.AddInt64(&p.polls, 1)
	}
}

// Stop releases the poller.
// Bug: a plain store to a word that Start and Poll access atomically.
func (p *Poller) Stop() {
	p.running = 0 // want:mixedatomic PlainStopWrite
}
