// Package lib publishes, loads, mutates and sets flags for its callers in
// package use. The want comments assert the summaries it records.
package lib

import (
	"sync"
	"sync/atomic"
)

type Config struct {
	Timeout int
	Name    string
}

// Registry holds the current Config.
type Registry struct{ cur atomic.Pointer[Config] }

// Publish stores cfg one call down.
func (r *Registry) Publish(cfg *Config) { r.store(cfg) } // want Publish:"publishes\\(cfg:atomic\\)"

func (r *Registry) store(cfg *Config) { r.cur.Store(cfg) }

// Current returns the loaded snapshot.
func (r *Registry) Current() *Config { return r.cur.Load() } // want Current:"snapshot"

// Timeout is what loaders read: Timeout, not Name.
func (r *Registry) Timeout() int { return r.cur.Load().Timeout } // want Timeout:`syncs`

// PublishCopy publishes a copy, not cfg.
func (r *Registry) PublishCopy(cfg *Config) {
	c := *cfg
	r.cur.Store(&c)
}

// MaybePublish publishes cfg on some paths only.
func (r *Registry) MaybePublish(cfg *Config, ok bool) {
	if ok {
		r.cur.Store(cfg)
	}
}

// Fresh returns a copy of the snapshot.
func (r *Registry) Fresh() *Config { // want Fresh:`syncs`
	c := *r.cur.Load()
	return &c
}

// Send hands c to the receiver of ch.
func Send(ch chan<- *Config, c *Config) { ch <- c } // want Send:"publishes\\(c:send\\)"

// ApplyDefaults mutates its argument.
func ApplyDefaults(c *Config) { // want ApplyDefaults:"mutates\\(c\\)"
	if c.Timeout == 0 {
		c.Timeout = 30
	}
}

// Describe only reads: a getter of c.Timeout.
func Describe(c *Config) int { return c.Timeout } // want Describe:"reads\\(c\\.Timeout\\)"

// Conn is configured, then marked ready by a plain write.
type Conn struct {
	Cfg   *Config
	Ready bool
}

func (c *Conn) MarkReady() { c.Ready = true } // want MarkReady:"mutates\\(c\\) sets\\(c\\.Ready\\)"

// MaybeReady sets the flag on some paths only.
func (c *Conn) MaybeReady(ok bool) { // want MaybeReady:"mutates\\(c\\)"
	if ok {
		c.Ready = true
	}
}

// AConn's flag is atomic.
type AConn struct {
	Cfg   *Config
	Ready atomic.Bool
}

func (c *AConn) MarkReady() { c.Ready.Store(true) }

// Worker's stop flag is plain.
type Worker struct{ stop bool }

func (w *Worker) Stopped() bool { return w.stop } // want Stopped:"reads\\(w\\.stop\\)"

func (w *Worker) Stop() { w.stop = true } // want Stop:"mutates\\(w\\) sets\\(w\\.stop\\)"

// AWorker's is atomic.
type AWorker struct{ stop atomic.Bool }

func (w *AWorker) Stopped() bool { return w.stop.Load() } // want Stopped:`syncs`

func (w *AWorker) Stop() { w.stop.Store(true) }

// MWorker's is guarded by a mutex.
type MWorker struct {
	mu   sync.Mutex
	stop bool
}

func (w *MWorker) Stopped() bool { // want Stopped:`syncs`
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stop
}

func (w *MWorker) Stop() { // want Stop:`syncs`
	w.mu.Lock()
	w.stop = true
	w.mu.Unlock()
}

// Watch starts a goroutine that reads c.Timeout.
func Watch(c *Config) { // want Watch:`publishes\(c:go\)`
	go func() {
		for {
			println(c.Timeout)
		}
	}()
}

// WatchAfter's goroutine reads c only after a receive.
func WatchAfter(c *Config, ready <-chan bool) {
	go func() {
		<-ready
		println(c.Timeout)
	}()
}

// Drain waits for done.
func Drain(done <-chan bool) { <-done } // want Drain:`syncs`

// Tick neither waits nor touches its argument.
func Tick(n *int) int { return 1 }

// Result is filled by a goroutine that Fill starts.
type Result struct {
	Value int
	Note  string
}

func Fill(r *Result) { // want Fill:`publishes\(r:go\) writes\(r\.Value\)`
	go func() {
		r.Value = 42
	}()
}

// FillWait waits for its goroutine.
func FillWait(r *Result) { // want FillWait:`syncs`
	done := make(chan bool)
	go func() {
		r.Value = 42
		close(done)
	}()
	<-done
}
