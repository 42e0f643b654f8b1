//go:build corpusrace

package flagdata

import (
	"errors"
	"testing"
)

func TestBug_IntStateFlag(t *testing.T) {
	for range rounds {
		c := NewConn()
		concurrently(func() { c.CompleteHandshake("db-1", 3) }, func() { use(c.Peer()) })
	}
}

func TestBug_SetterStateFlag(t *testing.T) {
	errReset := errors.New("connection reset")
	for range rounds {
		c := NewConn()
		concurrently(func() { c.Fail(errReset) }, func() { use(c.Err()) })
	}
}

func TestOK_AtomicStateFlag(t *testing.T) {
	for range rounds {
		s := &Session{}
		concurrently(func() { s.Authenticate("ana", []string{"read"}) }, func() { use(s.User()) })
	}
}

func TestBug_StateStoreThenData(t *testing.T) {
	for range rounds {
		tn := &Tunnel{}
		concurrently(func() { tn.Open("10.0.0.7:22") }, func() {
			until(func() bool { return tn.Remote() != "" })
		})
	}
}
