package doublecheck

import (
	"net/http"
	"sync"
)

// RetryTransport marks responses whose status is listed in RetryOn as
// retryable, for a caller's retry loop. An http.Client uses its transport
// from many goroutines.
type RetryTransport struct {
	Base    http.RoundTripper
	RetryOn []int

	retryable map[int]bool
}

// RoundTrip sends req through Base.
// Bug: the status set is built lazily with no synchronization in a method
// that runs concurrently.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.retryable == nil { // want:doublecheck RoundTripLazyMap
		m := make(map[int]bool, len(t.RetryOn))
		for _, code := range t.RetryOn {
			m[code] = true
		}
		t.retryable = m
	}
	resp, err := t.Base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if t.retryable[resp.StatusCode] {
		resp.Header.Set("X-Retryable", "1")
	}
	return resp, nil
}

// HeaderTransport adds fixed headers to every request; the header set is
// built on first use under a lock.
type HeaderTransport struct {
	Base  http.RoundTripper
	Pairs []string // key, value, key, value...

	mu  sync.Mutex
	hdr http.Header
}

// RoundTrip sends a copy of req with the headers added.
// Look-alike: the lazy check and the build both hold t.mu, and the header
// set is never written after it is built.
func (t *HeaderTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	if t.hdr == nil { // ok:doublecheck RoundTripLockedInit
		t.hdr = make(http.Header)
		for i := 0; i+1 < len(t.Pairs); i += 2 {
			t.hdr.Add(t.Pairs[i], t.Pairs[i+1])
		}
	}
	hdr := t.hdr
	t.mu.Unlock()

	req = req.Clone(req.Context())
	for k, vs := range hdr {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return t.Base.RoundTrip(req)
}
