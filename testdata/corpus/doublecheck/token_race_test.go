//go:build corpusrace

package doublecheck

import (
	"testing"
	"time"
)

func fetchToken() (string, time.Duration, error) { return "tok-123", time.Hour, nil }

func TestBug_TokenExpiryRefresh(t *testing.T) {
	for range rounds {
		s := &TokenSource{Fetch: fetchToken}
		fanout(5, func() { _, _ = s.Token() })
	}
}

func TestOK_TokenAtomicSnapshot(t *testing.T) {
	for range rounds {
		c := &TokenCache{Fetch: fetchToken}
		fanout(5, func() { _, _ = c.Token() })
	}
}
