//go:build corpusrace

package flagdata

import "testing"

func TestOK_BuilderSealed(t *testing.T) {
	for range rounds {
		build := func() {
			b := NewRequestBuilder("GET", "/v1/items")
			b.Header("Accept", "application/json")
			use(b.Build())
		}
		concurrently(build, build)
	}
}

func TestOK_ConstructorFlag(t *testing.T) {
	for range rounds {
		p := NewPool("conn", 4)
		concurrently(func() { use(p.Name(1)) }, func() { use(p.Name(2)) })
	}
}
