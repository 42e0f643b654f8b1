package doublecheck

import (
	"sync"
	"sync/atomic"
	"time"
)

// FetchFunc obtains a fresh token and its lifetime.
type FetchFunc func() (token string, ttl time.Duration, err error)

// TokenSource caches an access token and refreshes it when it expires.
// Token is called by every outgoing request.
type TokenSource struct {
	Fetch FetchFunc

	mu     sync.Mutex
	tok    string
	expiry time.Time
}

// Token returns a valid token, refreshing it if needed.
// Bug: the validity check reads tok and expiry without the lock their
// refresh holds.
func (s *TokenSource) Token() (string, error) {
	if s.tok == "" || time.Now().After(s.expiry) { // want:doublecheck TokenExpiryRefresh
		s.mu.Lock()
		defer s.mu.Unlock()
		tok, ttl, err := s.Fetch()
		if err != nil {
			return "", err
		}
		s.tok, s.expiry = tok, time.Now().Add(ttl)
	}
	return s.tok, nil
}

type cachedToken struct {
	value  string
	expiry time.Time
}

// TokenCache is TokenSource with the token and its expiry published
// together through an atomic.Pointer.
type TokenCache struct {
	Fetch FetchFunc

	mu  sync.Mutex
	cur atomic.Pointer[cachedToken]
}

func (t *cachedToken) valid() bool { return t != nil && time.Now().Before(t.expiry) }

// Token returns a valid token, refreshing it if needed.
// Look-alike: the fast path loads an immutable snapshot atomically.
func (c *TokenCache) Token() (string, error) {
	if t := c.cur.Load(); t.valid() { // ok:doublecheck TokenAtomicSnapshot
		return t.value, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := c.cur.Load(); t.valid() {
		return t.value, nil
	}
	tok, ttl, err := c.Fetch()
	if err != nil {
		return "", err
	}
	c.cur.Store(&cachedToken{value: tok, expiry: time.Now().Add(ttl)})
	return tok, nil
}
