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

// watch publishes the first config and then applies changes until done is
// closed.
func watch(done <-chan struct{}) {
	cfg := &Config{Version: 0, Timeout: timeoutFor(0)}
	cur.Store(cfg)
	for {
		next := *cfg
		next.Timeout = timeoutFor(next.Version + 1)
		next.Version++
		cur.Store(&next)
		cfg = &next
		runtime.Gosched()
		select {
		case <-done:
			return
		default:
		}
	}
}

// read loads the config n times and returns how many of those loads saw a
// Timeout that does not belong to the Version read just before it.
func read(n int) (mixed int) {
	for loaded := 0; loaded < n; {
		c := cur.Load()
		if c == nil { // not published yet
			runtime.Gosched()
			continue
		}
		v := c.Version
		runtime.Gosched()
		if c.Timeout != timeoutFor(v) {
			mixed++
		}
		loaded++
	}
	return mixed
}

const (
	readers = 2
	loads   = 2000 // per reader
)

// main publishes the first config, starts the readers and runs the watcher
// until every reader has made all its loads. The watcher keeps changing the
// config for as long as the readers read it, however the goroutines are
// scheduled, and however long a reader stops in a race report.
func main() {
	done := make(chan struct{})
	var mixed [readers]int
	var wg sync.WaitGroup
	for i := range readers {
		wg.Go(func() { mixed[i] = read(loads) })
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	watch(done)

	bad := 0
	for _, m := range mixed {
		bad += m
	}
	fmt.Printf("loads that saw a half-applied change: %d of %d\n", bad, readers*loads)
}
