//go:build corpusrace

package flagdata

import (
	"io"
	"testing"
)

func TestBug_PointerFlag(t *testing.T) {
	for range rounds {
		c := &Call{Method: "GET"}
		concurrently(func() {
			c.Complete(200, map[string]string{"Content-Type": "text/plain"}, []byte("ok"))
		}, func() { use(c.Response()) })
	}
}

func TestOK_AtomicPointerFlag(t *testing.T) {
	for range rounds {
		e := &Exchange{Method: "GET"}
		concurrently(func() { e.Complete(200, []byte("ok")) }, func() { use(e.Response()) })
	}
}

func TestBug_SinkPointerFlag(t *testing.T) {
	for range rounds {
		l := &Logger{}
		concurrently(func() { l.Attach(io.Discard, "svc: ", 1) }, func() { l.Printf(2, "started %d", 1) })
	}
}
