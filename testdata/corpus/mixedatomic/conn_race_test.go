//go:build corpusrace

package mixedatomic

import "testing"

func TestBug_StateCheckPlain(t *testing.T) {
	frame := []byte("frame")
	for range rounds {
		c := &Conn{}
		concurrently(
			times(10, func() { _, _ = c.Write(frame) }),
			times(10, func() { _ = c.Close() }),
		)
	}
}

func TestOK_StateCheckAtomic(t *testing.T) {
	frame := []byte("frame")
	for range rounds {
		s := &Stream{}
		concurrently(
			times(10, func() { _ = s.Send(frame) }),
			times(10, func() { s.Drain(); _ = s.Close() }),
		)
	}
}

func TestBug_PlainStopWrite(t *testing.T) {
	for range rounds {
		p := &Poller{}
		concurrently(
			times(10, func() { p.Start(); p.Poll() }),
			times(10, p.Stop),
		)
	}
}
