//go:build corpusrace

package mixedatomic

import "testing"

func TestBug_StringPlainRead(t *testing.T) {
	for range rounds {
		var s TransferStats
		concurrently(
			times(10, func() { s.AddIn(3); s.AddOut(5) }),
			times(10, func() { _ = s.String() }),
		)
	}
}

func TestBug_StructCopyRead(t *testing.T) {
	for range rounds {
		var s ServerStats
		concurrently(
			times(10, func() { s.Accept(100); s.Reject() }),
			times(10, func() { _ = s.Copy() }),
		)
	}
}

func TestOK_LocalCopyIncrement(t *testing.T) {
	for range rounds {
		var s Sequencer
		concurrently(
			times(10, func() { _ = s.Next() }),
			times(10, func() { _ = s.Peek() }),
		)
	}
}
