//go:build corpusrace

package doublecheck

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// fakeTransport answers every request with status, without a network.
type fakeTransport struct{ status int }

func (f fakeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: f.status,
		Header:     make(http.Header),
		Body:       http.NoBody,
		Request:    req,
	}, nil
}

func roundTrip(rt http.RoundTripper) {
	req := httptest.NewRequest(http.MethodGet, "http://backend.example/v1/items", nil)
	if resp, err := rt.RoundTrip(req); err == nil {
		_ = resp.Body.Close()
	}
}

func TestBug_RoundTripLazyMap(t *testing.T) {
	for range rounds {
		rt := &RetryTransport{Base: fakeTransport{status: 503}, RetryOn: []int{502, 503, 504}}
		fanout(3, func() { roundTrip(rt) })
	}
}

func TestOK_RoundTripLockedInit(t *testing.T) {
	for range rounds {
		rt := &HeaderTransport{Base: fakeTransport{status: 200}, Pairs: []string{"X-Team", "core", "X-Env", "test"}}
		fanout(3, func() { roundTrip(rt) })
	}
}
