// Package use exercises the checks where the publishing, loading, mutating,
// flag setting or polling happens in package lib.
package use

import "crosspkg/lib"

type server struct {
	reg  lib.Registry
	out  chan *lib.Config
	done chan bool
}

func (s *server) watch() {
	for {
		println(s.reg.Current().Timeout)
	}
}

func (s *server) Serve() { go s.watch() }

func (s *server) reload() {
	cfg := &lib.Config{}
	s.reg.Publish(cfg)
	cfg.Timeout = 5 // want `cfg\.Timeout modified after cfg was published by s\.reg\.Publish \(concurrent Loads may see the change\)`
}

func (s *server) send() {
	cfg := &lib.Config{}
	lib.Send(s.out, cfg)
	cfg.Timeout = 1 // want `cfg\.Timeout modified after cfg was sent on lib\.Send \(the receiver may see the change\)`
}

func (s *server) defaults() {
	lib.ApplyDefaults(s.reg.Current()) // want `s\.reg\.Current\(\) modified by lib\.ApplyDefaults\(s\.reg\.Current\(\)\) in a value loaded by s\.reg\.Current`
}

func (s *server) bump() {
	c := s.reg.Current()
	c.Timeout++ // want `c\.Timeout modified in a value loaded by s\.reg\.Current`
}

// ok: lib publishes a copy.
func (s *server) okCopy() {
	cfg := &lib.Config{}
	s.reg.PublishCopy(cfg)
	cfg.Timeout = 5
}

// ok: lib publishes only when asked.
func (s *server) okMaybe() {
	cfg := &lib.Config{}
	s.reg.MaybePublish(cfg, false)
	cfg.Timeout = 5
}

// ok: no loader in lib reads Name.
func (s *server) okUnread() {
	cfg := &lib.Config{}
	s.reg.Publish(cfg)
	cfg.Name = "x"
}

// ok: the receiver acknowledges before the change.
func (s *server) okAcked() {
	cfg := &lib.Config{}
	lib.Send(s.out, cfg)
	<-s.done
	cfg.Timeout = 1
}

// ok: a fresh copy of the snapshot.
func (s *server) okFresh() {
	c := s.reg.Fresh()
	c.Timeout = 1
}

// ok: defaults applied to a copy.
func (s *server) okDefaultsCopy() {
	c := *s.reg.Current()
	lib.ApplyDefaults(&c)
}

// ok: lib only reads the snapshot.
func (s *server) okDescribe() int { return lib.Describe(s.reg.Current()) }

// A flag set in lib after the data.
type client struct{ conn *lib.Conn }

func (cl *client) run() {
	if cl.conn.Ready {
		println(cl.conn.Cfg.Timeout)
	}
}

func (cl *client) Configure(cfg *lib.Config) {
	cl.conn.Cfg = cfg
	cl.conn.MarkReady() // want `cl\.conn\.Ready set by plain write in cl\.conn\.MarkReady\(\) after writing cl\.conn\.Cfg \(readers may see cl\.conn\.Ready before cl\.conn\.Cfg\)`
}

// ok: the flag is set on some paths only.
func (cl *client) ConfigureMaybe(cfg *lib.Config) {
	cl.conn.Cfg = cfg
	cl.conn.MaybeReady(false)
}

func startClient() *client {
	cl := &client{conn: &lib.Conn{}}
	go cl.run()
	return cl
}

// ok: the flag is atomic, and the goroutine reads Cfg only after loading
// it.
type aclient struct{ conn *lib.AConn }

func (cl *aclient) run() {
	if cl.conn.Ready.Load() {
		println(cl.conn.Cfg.Timeout)
	}
}

func (cl *aclient) Configure(cfg *lib.Config) {
	cl.conn.Cfg = cfg
	cl.conn.MarkReady()
}

func startA(cfg *lib.Config) {
	c := &lib.AConn{}
	go func() {
		if c.Ready.Load() {
			println(c.Cfg.Timeout)
		}
	}()
	c.Cfg = cfg
	c.MarkReady()
}

func startAClient() *aclient {
	cl := &aclient{conn: &lib.AConn{}}
	go cl.run()
	return cl
}

// A loop polling lib's plain flag through its getter.
type job struct{ w *lib.Worker }

func (j *job) loop() {
	for !j.w.Stopped() { // want `j\.w\.Stopped\(\) polled in a loop without synchronization \(the write in the other goroutine may never be observed\)`
	}
}

func (j *job) Stop() { j.w.Stop() }

func (j *job) Start() { go j.loop() } // want Start:`publishes\(j:go\)`

// ok: the flag is atomic.
type ajob struct{ w *lib.AWorker }

func (j *ajob) loop() {
	for !j.w.Stopped() {
	}
}

func (j *ajob) Stop() { j.w.Stop() }

func (j *ajob) Start() { go j.loop() } // want Start:`publishes\(j:go\)`

// ok: the flag is guarded by a mutex.
type mjob struct{ w *lib.MWorker }

func (j *mjob) loop() {
	for !j.w.Stopped() {
	}
}

func (j *mjob) Stop() { j.w.Stop() } // want Stop:`syncs`

func (j *mjob) Start() { go j.loop() } // want Start:`publishes\(j:go\)`

// ok: polled by one goroutine, never stopped while it runs.
type ljob struct{ w *lib.Worker }

func (j *ljob) wait() {
	for !j.w.Stopped() {
	}
}

// A value mutated after a function of lib handed it to a goroutine.
func watch() {
	cfg := &lib.Config{}
	lib.Watch(cfg)
	cfg.Timeout = 1 // want `cfg\.Timeout modified after cfg was passed to a goroutine by lib\.Watch \(the goroutine may see the change\)`
}

// ok: the goroutine does not read Name.
func okWatchName() {
	cfg := &lib.Config{}
	lib.Watch(cfg)
	cfg.Name = "x"
}

// ok: the goroutine reads only after the receive, which follows the change.
func okWatchAfter() {
	cfg := &lib.Config{}
	ready := make(chan bool)
	lib.WatchAfter(cfg, ready)
	cfg.Timeout = 1
	close(ready)
}

// ok: lib.Drain waits for the goroutine.
func okDrained() int {
	x := 0
	done := make(chan bool)
	go func() {
		x = 1
		done <- true
	}()
	lib.Drain(done)
	return x
}

// lib.Tick does not wait.
func notDrained() int {
	x := 0
	n := 0
	go func() {
		x = 1
	}()
	lib.Tick(&n)
	return x // want `x read while the goroutine that writes it may still run`
}

// A field read while the goroutine lib.Fill started may still write it.
func fill() int {
	r := &lib.Result{}
	lib.Fill(r)
	return r.Value // want `r\.Value read while the goroutine that lib\.Fill started may still write it \(nothing orders the goroutine's write before this read\)`
}

// ok: lib.FillWait joins its goroutine.
func okFillWait() int {
	r := &lib.Result{}
	lib.FillWait(r)
	return r.Value
}

// ok: the goroutine does not write Note.
func okFillNote() string {
	r := &lib.Result{}
	lib.Fill(r)
	return r.Note
}

// ok: a receive between the start and the read.
func okFillJoined(done chan bool) int {
	r := &lib.Result{}
	lib.Fill(r)
	<-done
	return r.Value
}

// ok: another object than the one handed to lib.Fill.
func okFillOther() int {
	r, other := &lib.Result{}, &lib.Result{}
	lib.Fill(r)
	return other.Value
}
