package library

import (
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
)

// A config holder whose getter hands out the published snapshot, and a
// method that changes the snapshot in place.
type Config struct {
	Hosts   []string
	Timeout int
}

type Holder struct{ cur atomic.Pointer[Config] }

func (h *Holder) Get() *Config { return h.cur.Load() } // want Get:"snapshot syncs"

func (h *Holder) Bump() { // want Bump:"syncs"
	c := h.cur.Load()
	c.Timeout++ // want `c\.Timeout modified in a value loaded by h\.cur\.Load`
}

func (h *Holder) SortHosts() { // want SortHosts:"syncs"
	sort.Strings(h.Get().Hosts) // want `h\.Get\(\)\.Hosts sorted in a value loaded by h\.Get`
}

// ok: copy, change the copy, publish the copy.
func (h *Holder) SetTimeout(t int) { // want SetTimeout:"syncs"
	next := *h.cur.Load()
	next.Timeout = t
	h.cur.Store(&next)
}

// ok: a snapshot changed under the lock every reader of it takes.
type locked struct {
	mu sync.Mutex
	n  int
}

type LockedHolder struct{ cur atomic.Pointer[locked] }

func (h *LockedHolder) Inc() { // want Inc:"syncs"
	x := h.cur.Load()
	x.mu.Lock()
	x.n++
	x.mu.Unlock()
}

func (h *LockedHolder) N() int { // want N:"syncs"
	x := h.cur.Load()
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.n
}

// A client that publishes through a plain flag; its other methods lock its
// mutex, so the type is used concurrently.
type Client struct {
	mu    sync.Mutex
	addr  string
	ready bool
	calls int
}

func (c *Client) Configure(addr string) { // want Configure:"mutates\\(c\\) sets\\(c\\.ready\\)"
	c.addr = addr
	c.ready = true // want `c\.ready set by plain write after writing c\.addr \(readers may see c\.ready before c\.addr\)`
}

func (c *Client) Addr() string {
	if c.ready {
		return c.addr
	}
	return ""
}

func (c *Client) Call() { // want Call:"syncs"
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
}

// ok: the same flag protocol on a type nothing marks as shared (a builder
// used by one goroutine).
type Builder struct {
	name string
	set  bool
}

func (b *Builder) SetName(n string) { // want SetName:"mutates\\(b\\) sets\\(b\\.set\\)"
	b.name = n
	b.set = true
}

func (b *Builder) Name() string {
	if b.set {
		return b.name
	}
	return "default"
}

// ok: flag and data under the lock on both sides.
type SafeClient struct {
	mu    sync.Mutex
	addr  string
	ready bool
}

func (c *SafeClient) Configure(addr string) { // want Configure:"syncs"
	c.mu.Lock()
	c.addr = addr
	c.ready = true
	c.mu.Unlock()
}

func (c *SafeClient) Addr() string { // want Addr:"syncs"
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ready {
		return c.addr
	}
	return ""
}

// Lazy initialization in a handler: ServeHTTP runs concurrently with
// itself by http.Handler's contract.
type Handler struct {
	greeting *string
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"mutates\\(h\\)"
	if h.greeting == nil { // want `h\.greeting checked and initialized without synchronization in Handler\.ServeHTTP`
		s := "hello"
		h.greeting = &s
	}
	w.Write([]byte(*h.greeting))
}

// ok: initialized once under sync.Once.
type OnceHandler struct {
	once     sync.Once
	greeting *string
}

func (h *OnceHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"syncs"
	h.once.Do(func() {
		s := "hello"
		h.greeting = &s
	})
	w.Write([]byte(*h.greeting))
}

// ok: lazy initialization in a type nothing marks as shared.
type Lazy struct{ m map[string]int }

func (l *Lazy) Add(k string) { // want Add:"mutates\\(l\\)"
	if l.m == nil {
		l.m = make(map[string]int)
	}
	l.m[k]++
}

// Lazy map initialization before the lock every other access of the map
// holds, in a type documented as shared.
//
// Registry is safe for concurrent use.
type Registry struct {
	mu    sync.Mutex
	names map[string]bool
	n     int
}

func (r *Registry) Register(name string) { // want Register:"syncs"
	if r.names == nil { // want `r\.names checked and initialized without synchronization in Registry\.Register`
		r.names = make(map[string]bool)
	}
	r.mu.Lock()
	r.names[name] = true
	r.mu.Unlock()
}

func (r *Registry) Has(name string) bool { // want Has:"syncs"
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.names[name]
}

func (r *Registry) Count() int { // want Count:"syncs"
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// ok: the check of a field of an argument, fresh per call, before taking
// an unrelated lock.
type Request struct{ ID string }

func (r *Registry) Handle(req *Request) { // want Handle:"syncs"
	if req.ID == "" {
		req.ID = "anon"
	}
	r.mu.Lock()
	r.n++
	r.mu.Unlock()
}

// ok: a lazily made map that only some accesses lock is not known to be
// guarded by that lock.
type Table struct {
	mu   sync.Mutex
	rows map[string]int
}

func (t *Table) Put(k string) { // want Put:"mutates\\(t\\)"
	if t.rows == nil {
		t.rows = make(map[string]int)
	}
	t.rows[k]++
}

func (t *Table) Locked(k string) int { // want Locked:"syncs"
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rows[k]
}

// A package variable published through a plain flag by exported functions,
// which any goroutine may call.
var (
	defaultName string
	nameSet     bool
)

func SetDefaultName(n string) {
	defaultName = n
	nameSet = true // want `nameSet set by plain write after writing defaultName`
}

func DefaultName() string {
	if nameSet {
		return defaultName
	}
	return "none"
}

// ok: set during package initialization, before any goroutine runs.
var (
	initName string
	initSet  bool
)

func init() {
	initName = "x"
	initSet = true
}

func InitName() string {
	if initSet {
		return initName
	}
	return ""
}

// A type whose documentation says other goroutines call its methods.
//
// Cache is safe for concurrent use.
type Cache struct {
	data  map[string]string
	ready bool
}

func (c *Cache) Fill(d map[string]string) { // want Fill:"mutates\\(c\\) sets\\(c\\.ready\\)"
	c.data = d
	c.ready = true // want `c\.ready set by plain write after writing c\.data`
}

func (c *Cache) Get(k string) string {
	if c.ready {
		return c.data[k]
	}
	return ""
}

// ok: documented as owned by one goroutine.
//
// Scratch is not safe for concurrent use.
type Scratch struct {
	data  map[string]string
	ready bool
}

func (c *Scratch) Fill(d map[string]string) { // want Fill:"mutates\\(c\\) sets\\(c\\.ready\\)"
	c.data = d
	c.ready = true
}

func (c *Scratch) Get(k string) string {
	if c.ready {
		return c.data[k]
	}
	return ""
}

// A copy of the snapshot still shares its map: the write lands in the map
// every loader reads.
type Labels struct {
	Names map[string]string
	N     int
}

type LabelHolder struct{ cur atomic.Pointer[Labels] }

func (h *LabelHolder) Set(k, v string) { // want Set:"syncs"
	next := *h.cur.Load()
	next.Names[k] = v // want `next\.Names\[k\] modified in a value loaded by h\.cur\.Load`
	h.cur.Store(&next)
}

// ok: the copy gets a map of its own first.
func (h *LabelHolder) Put(k, v string) { // want Put:"syncs"
	old := h.cur.Load()
	next := *old
	next.Names = make(map[string]string, len(old.Names)+1)
	for a, b := range old.Names {
		next.Names[a] = b
	}
	next.Names[k] = v
	h.cur.Store(&next)
}

// ok: a field of the copy that is not shared.
func (h *LabelHolder) Bump() { // want Bump:"syncs"
	next := *h.cur.Load()
	next.N++
	h.cur.Store(&next)
}

// A getter that returns a copy of the snapshot: the copy still shares its
// slice.
type team struct{ members []string }

type Team struct{ p atomic.Pointer[team] }

func (t *Team) snapshot() team { return *t.p.Load() }

func (t *Team) Sorted() []string { // want Sorted:"syncs"
	s := t.snapshot()
	sort.Strings(s.members) // want `s\.members sorted in a value loaded by t\.snapshot`
	return s.members
}

// ok: sorting a clone of the slice.
func (t *Team) SortedClone() []string { // want SortedClone:"syncs"
	s := t.snapshot()
	m := append([]string(nil), s.members...)
	sort.Strings(m)
	return m
}

// A package variable written by a loop that runs until told to stop, and
// read by a package function: nothing joins the loop.
var lastCount int

// Sweeper counts in the background until Stop.
type Sweeper struct{ quit chan struct{} }

func (s *Sweeper) Run(tick <-chan int) { // want Run:"syncs"
	for {
		select {
		case <-s.quit:
			return
		case n := <-tick:
			lastCount = n
		}
	}
}

func (s *Sweeper) Stop() { close(s.quit) }

func LastCount() int {
	return lastCount // want `lastCount read while Sweeper\.Run may still write it \(it signals nothing when it returns`
}

// ok: the loop writes the package variable under a lock its reader takes.
var (
	lockedCount int
	countMu     sync.Mutex
)

type LockedSweeper struct{ quit chan struct{} }

func (s *LockedSweeper) Run(tick <-chan int) { // want Run:"syncs"
	for {
		select {
		case <-s.quit:
			return
		case n := <-tick:
			countMu.Lock()
			lockedCount = n
			countMu.Unlock()
		}
	}
}

func LockedCount() int { // want LockedCount:"syncs"
	countMu.Lock()
	defer countMu.Unlock()
	return lockedCount
}

// Indexer counts documents in the background. Call Run in its own
// goroutine.
type Indexer struct {
	started chan struct{}
	docs    int
}

func (x *Indexer) Run(docs [][]byte) { // want Run:"mutates\\(x\\)"
	close(x.started)
	for range docs {
		x.docs++
	}
}

// Totals waits on started, which Run closes before it counts.
func (x *Indexer) Totals() int { // want Totals:"reads\\(x\\.docs\\) syncs"
	<-x.started
	return x.docs // want `x\.docs read while Indexer\.Run may still write it \(it writes it after close\(x\.started\), so waiting for that orders nothing\)`
}

// Scanner scans in the background. Call Run in its own goroutine.
type Scanner struct {
	done  chan struct{}
	lines int
}

// ok: Run closes done when it has counted, and Lines waits for it.
func (x *Scanner) Run(lines []string) { // want Run:"mutates\\(x\\)"
	defer close(x.done)
	for range lines {
		x.lines++
	}
}

func (x *Scanner) Lines() int { // want Lines:"reads\\(x\\.lines\\) syncs"
	<-x.done
	return x.lines
}

// Deferred calls run last in, first out: done is closed before save
// writes saved.
type Recorder struct {
	quit   chan struct{}
	done   chan struct{}
	events []string
	saved  int
}

func (r *Recorder) save() { r.saved = len(r.events) }

func (r *Recorder) Run(in <-chan string) { // want Run:"syncs"
	defer r.save()
	defer close(r.done)
	for {
		select {
		case <-r.quit:
			return
		case e := <-in:
			r.events = append(r.events, e)
		}
	}
}

func (r *Recorder) Stop() int { // want Stop:"syncs"
	close(r.quit)
	<-r.done
	return r.saved // want `r\.saved read while Recorder\.Run may still write it \(it writes it after close\(r\.done\), so waiting for that orders nothing\)`
}

// ok: the same with the defers in the order that saves first.
type Journal struct {
	quit    chan struct{}
	done    chan struct{}
	entries []string
	saved   int
}

func (j *Journal) save() { j.saved = len(j.entries) }

func (j *Journal) Run(in <-chan string) { // want Run:"syncs"
	defer close(j.done)
	defer j.save()
	for {
		select {
		case <-j.quit:
			return
		case e := <-in:
			j.entries = append(j.entries, e)
		}
	}
}

func (j *Journal) Stop() int { // want Stop:"syncs"
	close(j.quit)
	<-j.done
	return j.saved
}
