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
