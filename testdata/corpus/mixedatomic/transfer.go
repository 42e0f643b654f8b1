package mixedatomic

import (
	"fmt"
	"sync/atomic"
)

// TransferStats counts bytes moved through a proxied connection, in both
// directions. The copy loops of each direction add to it.
type TransferStats struct {
	in  uint64
	out uint64
}

// AddIn records n bytes received.
func (t *TransferStats) AddIn(n int) { atomic.AddUint64(&t.in, uint64(n)) }

// AddOut records n bytes sent.
func (t *TransferStats) AddOut(n int) { atomic.AddUint64(&t.out, uint64(n)) }

// String formats the counters for logs.
// Bug: in is loaded atomically but out is read plainly.
func (t *TransferStats) String() string {
	return fmt.Sprintf("in=%d out=%d", atomic.LoadUint64(&t.in), t.out) // want:mixedatomic StringPlainRead
}

// ServerStats is a bag of counters updated atomically by request handlers.
type ServerStats struct {
	Accepted int64
	Rejected int64
	Bytes    int64
}

// Accept records an accepted request of n bytes.
func (s *ServerStats) Accept(n int64) {
	atomic.AddInt64(&s.Accepted, 1)
	atomic.AddInt64(&s.Bytes, n)
}

// Reject records a rejected request.
func (s *ServerStats) Reject() { atomic.AddInt64(&s.Rejected, 1) }

// Copy returns a copy for reporting.
// Bug: the struct copy reads every counter plainly.
func (s *ServerStats) Copy() ServerStats {
	return *s // want:mixedatomic StructCopyRead
}

// Sequencer hands out increasing sequence numbers.
type Sequencer struct {
	last uint64
}

// Next returns the next sequence number.
func (s *Sequencer) Next() uint64 { return atomic.AddUint64(&s.last, 1) }

// Peek returns the number Next would return now.
// Look-alike: the increment is of a local copy taken atomically.
func (s *Sequencer) Peek() uint64 {
	next := atomic.LoadUint64(&s.last)
	next++ // ok:mixedatomic LocalCopyIncrement
	return next
}
