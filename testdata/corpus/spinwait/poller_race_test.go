//go:build corpusrace

package spinwait

import (
	"context"
	"testing"
)

func TestBug_StoppedFlag(t *testing.T) {
	for range rounds {
		p := NewPoller(poll, func() error { return nil })
		wait := background(p.Run)
		p.Stop()
		wait()
	}
}

func TestOK_AtomicBoolPoll(t *testing.T) {
	for range rounds {
		r := NewRefresher(poll, func() {})
		wait := background(r.Run)
		r.Stop()
		wait()
	}
}

func TestOK_CtxErrPoll(t *testing.T) {
	for range rounds {
		ctx, cancel := context.WithCancel(context.Background())
		w := NewWarmer(poll, func(int) {})
		wait := background(func() { use(w.Run(ctx)) })
		cancel()
		wait()
	}
}

func TestBug_SelectTimeAfter(t *testing.T) {
	for range rounds {
		w := NewWatcher(func() {})
		wait := background(func() { w.Run(poll) })
		w.Close()
		wait()
	}
}

func TestOK_TimeAfterAtomic(t *testing.T) {
	for range rounds {
		s := NewScanner(func() {})
		wait := background(func() { s.Run(poll) })
		s.Close()
		wait()
	}
}
