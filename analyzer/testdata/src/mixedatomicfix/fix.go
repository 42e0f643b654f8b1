// Package mixedatomicfix exercises the typed-atomic fix of mixedatomic.
package mixedatomicfix

import (
	"fmt"
	"sync/atomic"
)

type server struct {
	requests int64
	name     string
}

func (s *server) handle() {
	atomic.AddInt64(&s.requests, 1)
}

func (s *server) serve() {
	for i := 0; i < 4; i++ {
		go s.handle()
	}
}

func (s *server) swap() int64 {
	return atomic.SwapInt64(&s.requests, 0)
}

func (s *server) String() string {
	return fmt.Sprintf("%s: %d", s.name, s.requests) // want `s\.requests read without sync/atomic`
}

func (s *server) reset() {
	s.requests = 0 // want `s\.requests written without sync/atomic`
}

func (s *server) bump() {
	s.requests++   // want `s\.requests written without sync/atomic`
	s.requests += 2 // want `s\.requests written without sync/atomic`
}

// A plain read nested in an atomic call: the edits would overlap, so the
// finding comes with no fix and the code stays as it is.
type seq struct{ n uint64 }

func (q *seq) next() { atomic.StoreUint64(&q.n, q.n+1) } // want `q\.n read without sync/atomic`

func (q *seq) run() {
	for i := 0; i < 2; i++ {
		go q.next()
	}
}
