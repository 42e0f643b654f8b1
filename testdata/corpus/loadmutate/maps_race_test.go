//go:build corpusrace

package loadmutate

import (
	"fmt"
	"testing"
	"time"
)

func TestBug_TableMapWrite(t *testing.T) {
	m := NewMemo()
	readFirst(times(func(int) { m.Get("k0") }), times(func(i int) { m.Put(fmt.Sprint("k", i), i) }))
}

func TestOK_CloneMapStore(t *testing.T) {
	m := NewMemo()
	readFirst(times(func(int) { m.Get("k0") }), times(func(i int) { m.Set(fmt.Sprint("k", i), i) }))
}

func TestBug_ValueSliceElem(t *testing.T) {
	th := NewThresholds(make([]float64, 8))
	readFirst(times(func(i int) { th.Exceeds(i%8, 1) }), times(func(i int) { th.Disable(i % 8) }))
}

func TestOK_ValueSliceCloneSet(t *testing.T) {
	th := NewThresholds(make([]float64, 8))
	readFirst(times(func(i int) { th.Exceeds(i%8, 1) }), times(func(i int) { th.Set(i%8, float64(i)) }))
}

func TestOK_ValueTypeSnapshot(t *testing.T) {
	r := NewRetrier(RetryPolicy{Attempts: 3, Backoff: time.Millisecond})
	readFirst(times(func(int) { r.Policy(false) }), times(func(int) { r.Policy(true) }))
}

func leaseTables() []*LeaseTable {
	ts := make([]*LeaseTable, rounds)
	for i := range ts {
		ts[i] = NewLeaseTable(map[string]time.Time{
			"old":  epoch.Add(-time.Hour),
			"live": epoch.Add(time.Hour),
		})
	}
	return ts
}

func TestBug_MapDeleteExpired(t *testing.T) {
	ts := leaseTables()
	readFirst(times(func(i int) { ts[i].Held("live", epoch) }), times(func(i int) { ts[i].Sweep(epoch) }))
}

func TestOK_MapCopyOut(t *testing.T) {
	ts := leaseTables()
	readFirst(times(func(i int) { ts[i].Held("live", epoch) }), times(func(i int) { ts[i].Active(epoch) }))
}

func TestBug_SyncMapStatCount(t *testing.T) {
	var s Stats
	s.Observe("latency", 1)
	readFirst(times(func(int) { s.Mean("latency") }), times(func(i int) { s.Observe("latency", float64(i)) }))
}

func TestBug_SyncMapStatSum(t *testing.T) {
	var s Stats
	s.Observe("latency", 1)
	readFirst(times(func(int) { s.Mean("latency") }), times(func(i int) { s.Observe("latency", float64(i)) }))
}

func TestOK_SyncMapValueStruct(t *testing.T) {
	var g Gauges
	g.Add("queue", 1, epoch)
	readFirst(times(func(int) { g.Value("queue") }), times(func(i int) { g.Add("queue", 1, epoch.Add(time.Duration(i))) }))
}

func TestBug_RangeMarkIdle(t *testing.T) {
	p := NewPool(time.Minute)
	p.Track("10.0.0.1", epoch.Add(-time.Hour))
	p.Track("10.0.0.2", epoch)
	readFirst(times(func(int) { p.Usable("10.0.0.1") }), times(func(int) { p.Reap(epoch) }))
}

func TestOK_RangeAtomicIdle(t *testing.T) {
	p := NewConnTable(time.Minute)
	p.Track("10.0.0.1", epoch.Add(-time.Hour))
	p.Track("10.0.0.2", epoch)
	readFirst(times(func(int) { p.Usable("10.0.0.1") }), times(func(int) { p.Reap(epoch) }))
}

func TestBug_LoadOrStoreRefs(t *testing.T) {
	ins := make([]*Interner, rounds)
	for i := range ins {
		ins[i] = &Interner{}
	}
	acquire := times(func(i int) { ins[i].Acquire("tenant") })
	readFirst(acquire, acquire)
}

func TestOK_LoadOrStoreAtomicRefs(t *testing.T) {
	hs := make([]*Handles, rounds)
	for i := range hs {
		hs[i] = &Handles{}
	}
	acquire := times(func(i int) { hs[i].Acquire("tenant").Refs() })
	readFirst(acquire, acquire)
}
