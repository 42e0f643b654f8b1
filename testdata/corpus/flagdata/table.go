package flagdata

import (
	"sync"
	"sync/atomic"
	"time"
)

// Table is a lookup table filled by a background loader.
type Table struct {
	name   string
	rows   [][]string
	index  map[string]int
	loaded bool
}

// NewTable returns an empty table.
func NewTable(name string) *Table { return &Table{name: name} }

// Load installs rows, keyed by their first column.
//
// Bug: markLoaded sets a plain flag after the rows and index are written;
// Lookup may see the flag and a nil index.
func (t *Table) Load(rows [][]string) {
	idx := make(map[string]int, len(rows))
	for i, r := range rows {
		idx[r[0]] = i
	}
	t.rows = rows
	t.index = idx
	t.markLoaded() // want:flagdata SetterFlag
}

func (t *Table) markLoaded() { t.loaded = true }

// Lookup returns the row for key.
func (t *Table) Lookup(key string) ([]string, bool) {
	if !t.loaded {
		return nil, false
	}
	i, ok := t.index[key]
	if !ok {
		return nil, false
	}
	return t.rows[i], true
}

// Index is an inverted index built once and then served.
type Index struct {
	loaded atomic.Bool
	terms  map[string][]int
}

// Publish installs the postings.
//
// Bug: terms is written after the Store; the atomic flag orders only what
// was written before it.
func (x *Index) Publish(terms map[string][]int) {
	x.loaded.Store(true)
	x.terms = terms // want:flagdata DataAfterStore
}

// Postings returns the documents containing term.
func (x *Index) Postings(term string) []int {
	if !x.loaded.Load() {
		return nil
	}
	return x.terms[term]
}

// Uptime reports how long a component has been running.
type Uptime struct {
	started atomic.Bool
	since   time.Time
}

// Start marks the component started; only the first call has an effect.
//
// Bug: the winner of the CompareAndSwap writes since after the flag is
// visible; Elapsed may read it concurrently.
func (u *Uptime) Start() bool {
	if !u.started.CompareAndSwap(false, true) {
		return false
	}
	u.since = time.Now() // want:flagdata StampAfterCAS
	return true
}

// Elapsed returns the time since Start, 0 before it.
func (u *Uptime) Elapsed() time.Duration {
	if !u.started.Load() {
		return 0
	}
	return time.Since(u.since)
}

// LoadStats describes a finished load.
type LoadStats struct {
	Rows int
	Took time.Duration
}

// Loader records the statistics of a bulk load.
type Loader struct {
	done  atomic.Bool
	mu    sync.Mutex
	stats LoadStats
}

// Finish marks the load done and records its statistics. Correct: stats is
// written after the Store, but under mu, which Stats also holds to read it.
func (l *Loader) Finish(rows int, took time.Duration) {
	l.done.Store(true)
	l.mu.Lock()
	l.stats = LoadStats{Rows: rows, Took: took} // ok:flagdata LockedAfterStore
	l.mu.Unlock()
}

// Stats returns the statistics of a finished load.
func (l *Loader) Stats() (LoadStats, bool) {
	if !l.done.Load() {
		return LoadStats{}, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats, true
}

// Plan is a query plan cache entry filled by the planner goroutine.
type Plan struct {
	ready   atomic.Bool
	steps   []string
	version int
}

func (p *Plan) publish() { p.ready.Store(true) }

// Install sets the plan steps.
//
// Bug: publish performs the atomic Store, and version is written after it.
func (p *Plan) Install(steps []string, version int) {
	p.steps = steps
	p.publish()
	p.version = version // want:flagdata StoreViaSetterThenData
}

// Version returns the version of an installed plan, -1 before Install.
func (p *Plan) Version() int {
	if !p.ready.Load() {
		return -1
	}
	return p.version
}
