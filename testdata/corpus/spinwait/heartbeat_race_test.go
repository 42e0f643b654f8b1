//go:build corpusrace

package spinwait

import (
	"testing"
	"time"
)

func TestBug_TickerLoop(t *testing.T) {
	for range rounds {
		h := NewHeartbeat(poll, func() {})
		wait := background(h.Run)
		h.Stop()
		wait()
	}
}

func TestBug_TimeZeroPoll(t *testing.T) {
	for range rounds {
		m := &Monitor{}
		wait := background(func() { use(m.AwaitFirst(poll)) })
		m.Beat(time.Now())
		wait()
	}
}
