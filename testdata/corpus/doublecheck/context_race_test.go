//go:build corpusrace

package doublecheck

import (
	"context"
	"testing"
)

func TestBug_ContextDoneLazyChan(t *testing.T) {
	for range rounds {
		ctx := NewStopContext(context.Background())
		concurrently(
			func() {
				for range 5 {
					select {
					case <-ctx.Done():
					default:
					}
				}
			},
			func() {
				for range 5 {
					select {
					case <-ctx.Done():
					default:
					}
				}
			},
			ctx.Stop,
		)
	}
}

func TestOK_ContextDoneAtomicValue(t *testing.T) {
	for range rounds {
		ctx := NewHaltContext(context.Background())
		concurrently(
			func() {
				for range 5 {
					select {
					case <-ctx.Done():
					default:
					}
				}
			},
			func() {
				for range 5 {
					select {
					case <-ctx.Done():
					default:
					}
				}
			},
			ctx.Halt,
		)
	}
}
