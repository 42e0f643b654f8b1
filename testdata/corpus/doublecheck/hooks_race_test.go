//go:build corpusrace

package doublecheck

import "testing"

func TestBug_LazyMapInit(t *testing.T) {
	for range rounds {
		var r HookRegistry
		fanout(3, func() {
			r.On("deploy", func(string) {})
			_ = r.Fire("deploy", "v2")
		})
	}
}

func TestOK_LazyMapLocked(t *testing.T) {
	for range rounds {
		var b Broker
		fanout(3, func() {
			ch := make(chan string, 1)
			b.Subscribe("deploy", ch)
			_ = b.Publish("deploy", "v2")
		})
	}
}
