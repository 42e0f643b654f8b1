package loadmutate

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type state struct {
	peers []string
	epoch int
}

// Group is a set of peers that is replaced as a whole on membership
// changes. All methods are safe for concurrent use.
type Group struct {
	p atomic.Pointer[state]
}

// NewGroup starts with peers, in the given order.
func NewGroup(peers ...string) *Group {
	g := &Group{}
	g.p.Store(&state{peers: peers})
	return g
}

func (g *Group) current() *state { return g.p.Load() }

// Peer returns the i-th peer in the current order.
func (g *Group) Peer(i int) string {
	st := g.current()
	return st.peers[i%len(st.peers)]
}

// SortedPeers returns the peers in lexical order.
// Bug: sorts the shared slice in place.
func (g *Group) SortedPeers() []string {
	st := g.current()
	sort.Strings(st.peers) // want:loadmutate GetterSortPeers
	return st.peers
}

// OrderedPeers returns the peers in lexical order, in a slice of the
// caller's own.
func (g *Group) OrderedPeers() []string {
	peers := slices.Clone(g.current().peers)
	sort.Strings(peers) // ok:loadmutate SortClonedPeers
	return peers
}

// FirstPeers returns at most n peers; the result is shared and must not be
// modified. Reslicing changes the local slice header only; the shared array
// is not written.
func (g *Group) FirstPeers(n int) []string {
	peers := g.current().peers
	if len(peers) > n {
		peers = peers[:n] // ok:loadmutate ReslicePeersLocal
	}
	return peers
}

type journal struct {
	entries []string
	seq     int
}

// Journal is an append-only log whose published state is immutable.
type Journal struct {
	mu sync.Mutex // serializes Record
	p  atomic.Pointer[journal]
}

// NewJournal returns an empty journal with room for capacity entries.
func NewJournal(capacity int) *Journal {
	j := &Journal{}
	j.p.Store(&journal{entries: make([]string, 0, capacity)})
	return j
}

func (j *Journal) current() *journal { return j.p.Load() }

// Len returns the number of entries.
func (j *Journal) Len() int { return len(j.current().entries) }

// Append adds e.
// Bug: reassigns the entries of the shared journal state.
func (j *Journal) Append(e string) {
	cur := j.current()
	cur.entries = append(cur.entries, e) // want:loadmutate GetterAppendLog
}

// Record adds e by publishing a new state. The full slice expression caps
// the old slice, so append always copies into a new array.
func (j *Journal) Record(e string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	cur := j.current()
	entries := append(cur.entries[:len(cur.entries):len(cur.entries)], e) // ok:loadmutate AppendFullSliceExpr
	j.p.Store(&journal{entries: entries, seq: cur.seq + 1})
}

type health struct {
	status   string
	checked  time.Time
	degraded bool
}

// Health is the health report served to probes.
type Health struct {
	mu sync.Mutex // serializes writers
	p  atomic.Pointer[health]
}

// NewHealth starts healthy.
func NewHealth(now time.Time) *Health {
	h := &Health{}
	h.p.Store(&health{status: "ok", checked: now})
	return h
}

func (h *Health) current() *health { return h.p.Load() }

// Status is what the probe endpoint returns.
func (h *Health) Status() string {
	c := h.current()
	if c.degraded {
		return "degraded"
	}
	return c.status
}

// Degrade flags the service as degraded.
// Bug: assigns a field of the shared report.
func (h *Health) Degrade() {
	h.current().degraded = true // want:loadmutate GetterAssignDirty
}

// MarkDegraded flags the service as degraded by publishing a new report.
func (h *Health) MarkDegraded() {
	h.mu.Lock()
	defer h.mu.Unlock()
	next := *h.current()
	next.degraded = true // ok:loadmutate GetterCopyAssign
	h.p.Store(&next)
}

type roster struct {
	members []string
	version int
}

// Roster is a team list. All methods are safe for concurrent use.
type Roster struct {
	p atomic.Pointer[roster]
}

// NewRoster starts with members.
func NewRoster(members ...string) *Roster {
	r := &Roster{}
	r.p.Store(&roster{members: members})
	return r
}

// snapshot returns a copy of the roster; the copy shares members.
func (r *Roster) snapshot() roster { return *r.p.Load() }

// clone returns a copy of the roster with its own members slice.
func (r *Roster) clone() roster {
	c := *r.p.Load()
	c.members = slices.Clone(c.members)
	return c
}

// Member returns the i-th member in roster order.
func (r *Roster) Member(i int) string {
	s := r.snapshot()
	return s.members[i%len(s.members)]
}

// Sorted returns the members in lexical order.
// Bug: the struct was copied but its slice still points at the shared array.
func (r *Roster) Sorted() []string {
	s := r.snapshot()
	slices.Sort(s.members) // want:loadmutate GetterCopyShallowSort
	return s.members
}

// Alphabetical returns the members in lexical order from a deep copy.
func (r *Roster) Alphabetical() []string {
	s := r.clone()
	slices.Sort(s.members) // ok:loadmutate GetterDeepCopySort
	return s.members
}
