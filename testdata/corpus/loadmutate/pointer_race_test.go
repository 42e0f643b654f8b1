//go:build corpusrace

package loadmutate

import (
	"fmt"
	"testing"
	"time"
)

func TestBug_RoundRobinIncrement(t *testing.T) {
	r := NewResolver("10.0.0.1", "10.0.0.2", "10.0.0.3")
	lookup := times(func(int) { r.Lookup() })
	readFirst(lookup, lookup)
}

func TestOK_AtomicCounterPointer(t *testing.T) {
	r := NewRotor("10.0.0.1", "10.0.0.2", "10.0.0.3")
	lookup := times(func(int) { r.Lookup() })
	readFirst(lookup, lookup)
}

func TestBug_CASSamePointer(t *testing.T) {
	b := NewBudget(1 << 20)
	bal := b.Balance() // a caller holding the balance it loaded
	readFirst(times(func(int) { bal.Remaining() }), times(func(int) { b.Spend(1) }))
}

func TestOK_CopyOnWriteCAS(t *testing.T) {
	b := NewBudget(1 << 20)
	bal := b.Balance() // a caller holding the balance it loaded
	readFirst(times(func(int) { bal.Remaining() }), times(func(int) { b.Charge(1) }))
}

func unsorted() []string { return []string{"delta", "alpha", "echo", "charlie", "bravo"} }

func groups() []*Group {
	gs := make([]*Group, rounds)
	for i := range gs {
		gs[i] = NewGroup(unsorted()...)
	}
	return gs
}

func TestBug_GetterSortPeers(t *testing.T) {
	gs := groups()
	readFirst(times(func(i int) { gs[i].Peer(i) }), times(func(i int) { gs[i].SortedPeers() }))
}

func TestOK_SortClonedPeers(t *testing.T) {
	gs := groups()
	readFirst(times(func(i int) { gs[i].Peer(i) }), times(func(i int) { gs[i].OrderedPeers() }))
}

func TestOK_ReslicePeersLocal(t *testing.T) {
	gs := groups()
	readFirst(times(func(i int) { gs[i].Peer(i) }), times(func(i int) { gs[i].FirstPeers(2) }))
}

func TestBug_GetterAppendLog(t *testing.T) {
	j := NewJournal(rounds)
	readFirst(times(func(int) { j.Len() }), times(func(i int) { j.Append(fmt.Sprint("event ", i)) }))
}

func TestOK_AppendFullSliceExpr(t *testing.T) {
	j := NewJournal(rounds)
	readFirst(times(func(int) { j.Len() }), times(func(i int) { j.Record(fmt.Sprint("event ", i)) }))
}

func TestBug_GetterAssignDirty(t *testing.T) {
	h := NewHealth(epoch)
	readFirst(times(func(int) { h.Status() }), times(func(int) { h.Degrade() }))
}

func TestOK_GetterCopyAssign(t *testing.T) {
	h := NewHealth(epoch)
	readFirst(times(func(int) { h.Status() }), times(func(int) { h.MarkDegraded() }))
}

func rosters() []*Roster {
	rs := make([]*Roster, rounds)
	for i := range rs {
		rs[i] = NewRoster(unsorted()...)
	}
	return rs
}

func TestBug_GetterCopyShallowSort(t *testing.T) {
	rs := rosters()
	readFirst(times(func(i int) { rs[i].Member(i) }), times(func(i int) { rs[i].Sorted() }))
}

func TestOK_GetterDeepCopySort(t *testing.T) {
	rs := rosters()
	readFirst(times(func(i int) { rs[i].Member(i) }), times(func(i int) { rs[i].Alphabetical() }))
}

func newStore() *Store {
	return NewStore(&Settings{
		Name:    "api",
		Limits:  &Limits{MaxConns: 10, MaxBody: 1 << 20},
		Labels:  map[string]string{"env": "prod"},
		Retries: 3,
	})
}

func TestBug_NestedLimitsPointer(t *testing.T) {
	s := newStore()
	readFirst(times(func(int) { s.MaxConns() }), times(func(i int) { s.SetMaxConns(i) }))
}

func TestOK_NestedLimitsCopy(t *testing.T) {
	s := newStore()
	readFirst(times(func(int) { s.MaxConns() }), times(func(i int) { s.ResizeConns(i) }))
}

func TestBug_WriterLockOnly(t *testing.T) {
	s := newStore()
	readFirst(times(func(int) { s.Retries() }), times(func(i int) { s.SetRetries(i) }))
}

func TestOK_LockedBothSides(t *testing.T) {
	tu := NewTunables(64, 5)
	readFirst(times(func(int) { tu.Batch() }), times(func(i int) { tu.SetBatch(i) }))
}

func TestBug_ShallowCopyMap(t *testing.T) {
	s := newStore()
	cfg := s.Current() // a request handler holding the settings it loaded
	readFirst(times(func(int) { cfg.Label("env") }), times(func(i int) { s.SetLabel("build", fmt.Sprint(i)) }))
}

func TestOK_DeepCopyMapCOW(t *testing.T) {
	s := newStore()
	cfg := s.Current() // a request handler holding the settings it loaded
	readFirst(times(func(int) { cfg.Label("env") }), times(func(i int) { s.PutLabel("build", fmt.Sprint(i)) }))
}

func TestOK_DerefCopy(t *testing.T) {
	s := newStore()
	readFirst(times(func(int) { s.Retries() }), times(func(i int) { s.Effective(i) }))
}

func TestBug_CallMutatingMethod(t *testing.T) {
	c := NewCache(map[string]string{"k": "v"})
	readFirst(times(func(int) { c.LastUsed() }), times(func(i int) { c.Get("k", epoch.Add(time.Duration(i))) }))
}

func TestOK_MutexInSnapshot(t *testing.T) {
	c := NewCounter()
	readFirst(times(func(int) { c.Get("hits") }), times(func(int) { c.Inc("hits") }))
}

func TestOK_OnceDerivedIndex(t *testing.T) {
	cs := make([]*Catalog, rounds)
	for i := range cs {
		cs[i] = NewCatalog("disk", "cpu", "net")
	}
	find := times(func(i int) { cs[i].Find("net") })
	readFirst(find, find)
}

func TestOK_ChannelInSnapshot(t *testing.T) {
	var n Notifier
	ch := n.Subscribe("audit", 2*rounds)
	notify := times(func(i int) { n.Notify(fmt.Sprint("event ", i)); n.Subscriber() })
	readFirst(notify, notify)
	if len(ch) != 2*rounds {
		t.Fatalf("delivered %d events, want %d", len(ch), 2*rounds)
	}
}

func TestBug_DecayWeights(t *testing.T) {
	s := NewScorer([]float64{0.5, 0.25, 0.125, 1})
	features := []float64{1, 2, 3, 4}
	readFirst(times(func(int) { s.Score(features) }), times(func(int) { s.Decay(0.99) }))
}

func TestOK_AtomicSliceElems(t *testing.T) {
	c := NewShardedCounter(4)
	readFirst(times(func(int) { c.Total() }), times(func(i int) { c.Add(i, 1) }))
}

func TestBug_PointerToSliceAppend(t *testing.T) {
	h := NewHooks()
	readFirst(times(func(i int) { h.Fire(fmt.Sprint("event ", i)) }), times(func(int) { h.Add(func(string) {}) }))
}

func TestOK_PointerToSliceCOW(t *testing.T) {
	h := NewHooks()
	readFirst(times(func(i int) { h.Fire(fmt.Sprint("event ", i)) }), times(func(int) { h.Register(func(string) {}) }))
}
