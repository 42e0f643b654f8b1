package flagdata

import (
	"errors"
	"sync/atomic"
)

const (
	stateIdle = iota
	stateHandshaking
	stateReady
	stateClosed
)

// Conn is a client connection. The reader goroutine drives the handshake;
// application goroutines ask for the peer and the error.
type Conn struct {
	state    int
	peer     string
	version  uint16
	closeErr error
}

// NewConn returns an idle connection.
func NewConn() *Conn { return &Conn{state: stateIdle} }

// CompleteHandshake records the negotiated peer and version.
//
// Bug: state is a plain int used as the ready flag.
func (c *Conn) CompleteHandshake(peer string, version uint16) {
	c.peer = peer
	c.version = version
	c.state = stateReady // want:flagdata IntStateFlag
}

// Peer returns the peer name once the handshake completed.
func (c *Conn) Peer() (string, uint16, bool) {
	if c.state == stateReady {
		return c.peer, c.version, true
	}
	return "", 0, false
}

// Fail closes the connection with err.
//
// Bug: the closed state is set through setState, still a plain write after
// closeErr; Err may see stateClosed and a nil error.
func (c *Conn) Fail(err error) {
	c.closeErr = err
	c.setState(stateClosed) // want:flagdata SetterStateFlag
}

func (c *Conn) setState(s int) { c.state = s }

// Err returns the error the connection was closed with.
func (c *Conn) Err() error {
	if c.state == stateClosed {
		return c.closeErr
	}
	return nil
}

// ErrNotReady is returned by Session.User before authentication.
var ErrNotReady = errors.New("flagdata: session not authenticated")

// Session tracks authentication with an atomic state.
type Session struct {
	state  atomic.Int32
	user   string
	scopes []string
}

// Authenticate records the user. Correct: the fields are written before the
// atomic Store of the state.
func (s *Session) Authenticate(user string, scopes []string) {
	s.user = user
	s.scopes = scopes
	s.state.Store(stateReady) // ok:flagdata AtomicStateFlag
}

// User returns the authenticated user and scopes.
func (s *Session) User() (string, []string, error) {
	if s.state.Load() != stateReady {
		return "", nil, ErrNotReady
	}
	return s.user, s.scopes, nil
}

// Tunnel is a forwarded port; Open is called by the dialer goroutine.
type Tunnel struct {
	state  atomic.Int32
	remote string
}

// Open marks the tunnel open and records the remote address.
//
// Bug: remote is written after the Store that publishes it; a reader that
// Loads stateReady is not synchronized with this write.
func (t *Tunnel) Open(addr string) {
	t.state.Store(stateReady)
	t.remote = addr // want:flagdata StateStoreThenData
}

// Remote returns the remote address of an open tunnel.
func (t *Tunnel) Remote() string {
	if t.state.Load() == stateReady {
		return t.remote
	}
	return ""
}
