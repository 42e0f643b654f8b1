//go:build corpusrace

package mixedatomic

import "testing"

func TestBug_PlainIncrement(t *testing.T) {
	for range rounds {
		c := NewLookupCache()
		c.Set("k", "v")
		concurrently(
			times(10, func() { _, _ = c.Get("k") }),
			times(10, func() { _ = c.Hits() }),
		)
	}
}

func TestBug_GenerationPlainRead(t *testing.T) {
	for range rounds {
		c := &TemplateCache{}
		e := c.Stamp("page")
		concurrently(
			times(10, c.Invalidate),
			times(10, func() { _ = c.Fresh(e) }),
		)
	}
}
