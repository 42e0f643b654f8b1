//go:build corpusrace

package doublecheck

import "testing"

func TestOK_PooledObjectLazyInit(t *testing.T) {
	for range rounds {
		fanout(5, func() { _ = EncodeFields("svc", "billing", "status", "200") })
	}
}

func TestOK_CheckAfterReadyChan(t *testing.T) {
	for range rounds {
		l := NewManifestLoader()
		concurrently(
			func() {
				l.Load(func() (*Manifest, error) {
					return &Manifest{Version: "1.2.0", Files: []string{"bin/app"}}, nil
				})
			},
			func() {
				if m, err := l.Manifest(); err == nil {
					_ = m.Files
				}
			},
			func() {
				if m, err := l.Manifest(); err == nil {
					_ = m.Version
				}
			},
		)
	}
}

func TestOK_ConstructorDefaults(t *testing.T) {
	for range rounds {
		ch := make(chan *APIClient, 1)
		use := func(c *APIClient) {
			for range 5 {
				if _, ok := c.Acquire(); ok {
					c.Release()
				}
			}
		}
		concurrently(
			func() {
				c := NewAPIClient(Options{Timeout: 0, MaxConns: 2})
				ch <- c
				use(c)
			},
			func() { use(<-ch) },
		)
	}
}
