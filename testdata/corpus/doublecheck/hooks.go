package doublecheck

import "sync"

// Hook is called with an event's payload.
type Hook func(payload string)

// HookRegistry dispatches events to registered hooks. Its zero value is
// ready to use; all methods may be called concurrently.
type HookRegistry struct {
	mu    sync.Mutex
	hooks map[string][]Hook
}

// On registers fn for event.
// Bug: the lazy map initialization runs before the lock that every other
// access of hooks holds.
func (r *HookRegistry) On(event string, fn Hook) {
	if r.hooks == nil { // want:doublecheck LazyMapInit
		r.hooks = make(map[string][]Hook)
	}
	r.mu.Lock()
	r.hooks[event] = append(r.hooks[event], fn)
	r.mu.Unlock()
}

// Fire calls the hooks registered for event.
func (r *HookRegistry) Fire(event, payload string) int {
	r.mu.Lock()
	hs := append([]Hook(nil), r.hooks[event]...)
	r.mu.Unlock()
	for _, h := range hs {
		h(payload)
	}
	return len(hs)
}

// Broker is HookRegistry with the lazy initialization under the lock.
type Broker struct {
	mu   sync.Mutex
	subs map[string][]chan<- string
}

// Subscribe delivers messages on topic to ch (without blocking: a full
// channel misses messages).
// Look-alike: the nil check holds b.mu.
func (b *Broker) Subscribe(topic string, ch chan<- string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil { // ok:doublecheck LazyMapLocked
		b.subs = make(map[string][]chan<- string)
	}
	b.subs[topic] = append(b.subs[topic], ch)
}

// Publish delivers msg to the subscribers of topic and returns how many
// received it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, ch := range b.subs[topic] {
		select {
		case ch <- msg:
			n++
		default:
		}
	}
	return n
}
