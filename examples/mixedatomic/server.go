// Package mixedatomic counts requests atomically but reads the count
// plainly: pubcheck reports it and offers a fix.
package mixedatomic

import (
	"fmt"
	"sync/atomic"
)

type server struct {
	name     string
	requests int64
}

func (s *server) handle() {
	atomic.AddInt64(&s.requests, 1)
}

func (s *server) serve(n int) {
	for range n {
		go s.handle()
	}
}

func (s *server) String() string {
	return fmt.Sprintf("%s: %d requests", s.name, s.requests)
}
