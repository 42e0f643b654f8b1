//go:build corpusrace

package mixedatomic

import "testing"

var testRoutes = map[string]string{"/api/": "api", "/static/": "cdn"}

func TestBug_PointerPlainLoad(t *testing.T) {
	for range rounds {
		r := &Router{}
		concurrently(
			times(10, func() { r.Replace(testRoutes) }),
			times(10, func() { _ = r.Backend("/api/users") }),
		)
	}
}

func TestOK_PointerAtomicLoad(t *testing.T) {
	for range rounds {
		b := &Balancer{}
		concurrently(
			times(10, func() { b.Replace(testRoutes) }),
			times(10, func() { _ = b.Backend("/api/users") }),
		)
	}
}

func TestOK_SeedBeforePublish(t *testing.T) {
	for range rounds {
		c := NewEpochCounter()
		concurrently(
			times(10, func() { c.Hit(); _ = c.Hits() }),
			times(10, c.Rotate),
		)
	}
}
