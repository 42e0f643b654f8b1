// Fixed by copy-on-write: the watcher never writes to a config it has
// published. For each change it copies the current config, modifies the
// copy and stores the copy. Every field of a published config is written
// before the Store that publishes it, and a Load that observes that Store
// is synchronized after it.
package main

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Config is read by request handlers; Timeout must always match Version.
type Config struct {
	Version int
	Timeout int // seconds
}

func timeoutFor(version int) int { return 30 + version }

var cur atomic.Pointer[Config]

// watch publishes the first config and then applies n changes.
func watch(n int) {
	cfg := &Config{Version: 0, Timeout: timeoutFor(0)}
	cur.Store(cfg)
	for range n {
		next := *cfg
		next.Timeout = timeoutFor(next.Version + 1)
		next.Version++
		cur.Store(&next)
		cfg = &next
		runtime.Gosched()
	}
}

// read loads the config until stop is set, counting loads that saw a
// Timeout that does not belong to the Version read just before it.
func read(stop *atomic.Bool, loads, mixed *int) {
	for {
		if c := cur.Load(); c != nil {
			v := c.Version
			runtime.Gosched()
			if c.Timeout != timeoutFor(v) {
				*mixed++
			}
			*loads++
		}
		if stop.Load() {
			return
		}
	}
}

const (
	readers = 2
	changes = 2000
)

func main() {
	var stop atomic.Bool
	var loads, mixed [readers]int
	var wg sync.WaitGroup
	for i := range readers {
		wg.Go(func() { read(&stop, &loads[i], &mixed[i]) })
	}
	watch(changes)
	stop.Store(true)
	wg.Wait()

	total, bad := 0, 0
	for i := range readers {
		total += loads[i]
		bad += mixed[i]
	}
	fmt.Printf("loads that saw a half-applied change: %d of %d\n", bad, total)
}
