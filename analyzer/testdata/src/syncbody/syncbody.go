// Package syncbody exercises which functions unjoined presumes to be
// goroutine bodies in library code, where the callers start the goroutines,
// and which reads run on a body's own goroutine.
package syncbody

import (
	"context"
	"sync"
)

// ok: a drain loop that the package calls with a plain call (go-ethereum's
// p2p/discover lookup.shutdown). It loops until a receive, but it runs on
// its caller's goroutine: what it writes is ordered before whatever its
// caller, or anything after the call, reads.

type lookup struct {
	queryfn  func(int) []int
	replyCh  chan []int
	cancelCh <-chan struct{}
	seen     map[int]bool
	result   []int
	buf      []int
	queries  int
}

func newLookup(ctx context.Context, q func(int) []int, start []int) *lookup {
	it := &lookup{queryfn: q, replyCh: make(chan []int, 3), cancelCh: ctx.Done(), seen: make(map[int]bool)}
	it.addNodes(start)
	return it
}

func (it *lookup) run() []int {
	for it.advance() {
	}
	return it.result
}

func (it *lookup) empty() bool {
	return len(it.buf) == 0
}

func (it *lookup) advance() bool {
	for it.startQueries() {
		select {
		case nodes := <-it.replyCh:
			it.queries--
			it.addNodes(nodes)
			if !it.empty() {
				return true
			}
		case <-it.cancelCh:
			it.shutdown()
		}
	}
	return false
}

func (it *lookup) addNodes(nodes []int) {
	it.buf = it.buf[:0]
	for _, n := range nodes {
		if !it.seen[n] {
			it.seen[n] = true
			it.result = append(it.result, n)
			it.buf = append(it.buf, n)
		}
	}
}

func (it *lookup) shutdown() {
	for it.queries > 0 {
		<-it.replyCh
		it.queries--
	}
	it.queryfn = nil
	it.buf = nil
}

func (it *lookup) startQueries() bool {
	if it.queryfn == nil {
		return false
	}
	for i := 0; i < len(it.result) && it.queries < 3; i++ {
		it.queries++
		go it.query(it.result[i], it.replyCh)
	}
	return it.queries > 0
}

func (it *lookup) query(n int, reply chan<- []int) {
	reply <- it.queryfn(n)
}

// Iterator runs lookups one after another.
type Iterator struct {
	ctx    context.Context
	q      func(int) []int
	lookup *lookup
	buf    []int
}

func (i *Iterator) Next() bool { // want Next:"syncs"
	if len(i.buf) > 0 {
		i.buf = i.buf[1:]
	}
	for len(i.buf) == 0 {
		if i.lookup == nil {
			i.lookup = newLookup(i.ctx, i.q, []int{1})
			if i.lookup.empty() {
				return false
			}
			i.buf = i.lookup.buf
			continue
		}
		if !i.lookup.advance() {
			i.lookup = nil
			return false
		}
		i.buf = i.lookup.buf
	}
	return true
}

// Run runs one lookup to the end.
func Run(ctx context.Context, q func(int) []int) []int { // want Run:"syncs"
	return newLookup(ctx, q, []int{1}).run()
}

// A loop that runs until told to stop, which the package starts only in a
// goroutine of its own (go func() { m.loop() }()): the call in the
// goroutine is no synchronous use, and loop stays a goroutine body for the
// readers of other methods.

type Monitor struct {
	quit chan struct{}
	tick chan int
	last int
}

func (m *Monitor) Start() { // want Start:"publishes\\(m:go\\) writes\\(m\\.last\\)"
	go func() {
		m.loop()
	}()
}

func (m *Monitor) loop() {
	for {
		select {
		case <-m.quit:
			return
		case n := <-m.tick:
			m.last = n
		}
	}
}

func (m *Monitor) Stop() { close(m.quit) }

func (m *Monitor) Last() int { // want Last:"reads\\(m\\.last\\)"
	return m.last // want `m\.last read while Monitor\.loop may still write it \(it signals nothing when it returns`
}

// A loop that runs until told to stop that the package never calls: its
// callers start it, and Last reads what it writes without a join.

type Poller struct {
	quit chan struct{}
	tick chan int
	last int
}

func (p *Poller) Run() { // want Run:"syncs"
	for {
		select {
		case <-p.quit:
			return
		case n := <-p.tick:
			p.last = n
		}
	}
}

func (p *Poller) Stop() { close(p.quit) }

func (p *Poller) Last() int { // want Last:"reads\\(p\\.last\\)"
	return p.last // want `p\.last read while Poller\.Run may still write it \(it signals nothing when it returns`
}

// ok: reads on the body's own goroutine (Prometheus discovery/file). Run
// writes d.watcher, then calls refresh, which calls watchFiles: refresh is
// called only by Run and watchFiles only by refresh, so every call path to
// watchFiles starts in Run and its reads run on Run's goroutine, after the
// write.

type Discovery struct {
	paths   []string
	watcher *Watcher
}

// Watcher delivers file events.
type Watcher struct {
	Events chan string
	Errors chan error
	dirs   []string
}

func NewWatcher() *Watcher {
	return &Watcher{Events: make(chan string), Errors: make(chan error)}
}

func (w *Watcher) Add(dir string) { w.dirs = append(w.dirs, dir) } // want Add:"mutates\\(w\\)"

func (d *Discovery) watchFiles() {
	if d.watcher == nil {
		panic("no watcher configured")
	}
	for _, p := range d.paths {
		d.watcher.Add(p)
	}
}

func (d *Discovery) refresh(ctx context.Context, ch chan<- []string) {
	d.watchFiles()
	select {
	case ch <- d.paths:
	case <-ctx.Done():
	}
}

func (d *Discovery) Run(ctx context.Context, ch chan<- []string) { // want Run:"syncs"
	d.watcher = NewWatcher()
	d.refresh(ctx, ch)
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-d.watcher.Events:
			if ev == "" {
				break
			}
			d.refresh(ctx, ch)
		case <-d.watcher.Errors:
		}
	}
}

// A helper that the body calls and an exported method calls too: the call
// from Rescan does not run on Run's goroutine, so the helper's read races
// with Run's write.

type Tracker struct {
	quit    chan struct{}
	events  chan string
	current string
	size    int
}

func (t *Tracker) Run() { // want Run:"syncs"
	for {
		select {
		case <-t.quit:
			return
		case e := <-t.events:
			t.current = e
			t.measure()
		}
	}
}

func (t *Tracker) measure() {
	t.size = len(t.current) // want `t\.current read while Tracker\.Run may still write it \(it signals nothing when it returns`
}

func (t *Tracker) Rescan() { t.measure() } // want Rescan:"mutates\\(t\\)"

// The body's write read by an exported method: reported.
func (d *Discovery) Watcher() *Watcher { // want Watcher:"reads\\(d\\.watcher\\)"
	return d.watcher // want `d\.watcher read while Discovery\.Run may still write it \(it signals nothing when it returns`
}

// ok: the same helper as Tracker's, called by Run directly and through
// another helper only Run calls: every call path to it starts in Run.
type Tracker2 struct {
	quit    chan struct{}
	events  chan string
	current string
	size    int
}

func (t *Tracker2) Run() { // want Run:"syncs"
	for {
		select {
		case <-t.quit:
			return
		case e := <-t.events:
			t.current = e
			t.measure()
			t.step()
		}
	}
}

func (t *Tracker2) measure() { t.size = len(t.current) }

func (t *Tracker2) step() { t.measure() }

// ok: Poller's loop, signalling its end, read by a method that stops it and
// waits for that signal first.
type Poller2 struct {
	quit chan struct{}
	done chan struct{}
	tick chan int
	last int
}

func (p *Poller2) Run() { // want Run:"syncs"
	defer close(p.done)
	for {
		select {
		case <-p.quit:
			return
		case n := <-p.tick:
			p.last = n
		}
	}
}

func (p *Poller2) Final() int { // want Final:"syncs"
	close(p.quit)
	<-p.done
	return p.last
}

// The body's write made in a helper it calls, read by an exported method:
// the helper runs on the body's goroutine, so the read races with it.
type Gauge struct {
	quit    chan struct{}
	events  chan string
	current string
	size    int
}

func (g *Gauge) Run() { // want Run:"syncs"
	for {
		select {
		case <-g.quit:
			return
		case e := <-g.events:
			g.current = e
			g.measure()
		}
	}
}

func (g *Gauge) measure() { g.size = len(g.current) }

func (g *Gauge) Size() int { // want Size:"reads\\(g\\.size\\)"
	return g.size // want `g\.size read while Gauge\.Run may still write it \(it signals nothing when it returns`
}

// ok: the same, with a reader that waits for the body's end first.
type DoneGauge struct {
	quit   chan struct{}
	done   chan struct{}
	events chan string
	size   int
}

func (g *DoneGauge) Run() { // want Run:"syncs"
	defer close(g.done)
	for {
		select {
		case <-g.quit:
			return
		case e := <-g.events:
			g.measure(e)
		}
	}
}

func (g *DoneGauge) measure(e string) { g.size = len(e) }

func (g *DoneGauge) Size() int { // want Size:"syncs"
	<-g.done
	return g.size
}

// The helper called after the body's last signal: waiting for the signal
// orders nothing.
type LateGauge struct {
	quit   chan struct{}
	wg     sync.WaitGroup
	events chan string
	size   int
}

func (g *LateGauge) Run() { // want Run:"syncs"
	for {
		select {
		case <-g.quit:
			g.wg.Done()
			g.measure("")
			return
		case e := <-g.events:
			g.measure(e)
		}
	}
}

func (g *LateGauge) measure(e string) { g.size = len(e) }

func (g *LateGauge) Size() int { // want Size:"syncs"
	g.wg.Wait()
	return g.size // want `g\.size read while LateGauge\.Run may still write it`
}

// ok: the helper's write read by a method the body reaches itself (the
// read loop parses, then processes what it parsed): one goroutine makes
// both, as NATS's client.readLoop does through parse.
type Reader struct {
	quit chan struct{}
	in   chan []byte
	hdr  int
}

func (r *Reader) Run() { // want Run:"syncs"
	for {
		select {
		case <-r.quit:
			return
		case b := <-r.in:
			r.parse(b)
		}
	}
}

func (r *Reader) parse(b []byte) {
	r.hdr = len(b)
	r.Process()
}

func (r *Reader) Process() int { // want Process:"reads\\(r\\.hdr\\)"
	return r.hdr
}
