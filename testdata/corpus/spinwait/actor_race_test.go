//go:build corpusrace

package spinwait

import (
	"errors"
	"testing"
	"time"
)

func TestOK_OwnLoopFlag(t *testing.T) {
	for range rounds {
		a := NewActor()
		wait := background(func() { a.Run(func(string) {}) })
		a.Send("hello")
		a.Shutdown()
		wait()
	}
}

func TestOK_StateMachine(t *testing.T) {
	for range rounds {
		lex := func() { use(NewLexer("  spin wait  loop ").Run()) }
		wait := background(lex)
		lex()
		wait()
	}
}

func TestOK_CounterLoop(t *testing.T) {
	errBusy := errors.New("busy")
	for range rounds {
		try := func() {
			r := &Retry{Max: 3, Delay: time.Microsecond}
			use(r.Do(func(n int) error {
				if n < 2 {
					return errBusy
				}
				return nil
			}))
		}
		wait := background(try)
		try()
		wait()
	}
}
