package analyzer

import (
	"fmt"

	"golang.org/x/tools/go/ssa"
)

// loadmutateCheck is the loadmutate entry of the registry.
var loadmutateCheck = &check{
	name:  "loadmutate",
	title: "a snapshot from an atomic Load mutated in place",
	text: `A value obtained from atomic.Pointer.Load, atomic.Value.Load or sync.Map.Load
is mutated in place. Every goroutine that loads the variable shares that
value, so the mutation races with their reads.`,
	rule: `The store that published a value happens before each load that observes
it, but nothing orders the loaders with each other: a value loaded from an
atomic.Pointer, atomic.Value or sync.Map is shared with every goroutine that
loads it, and writing into it races with their reads.`,
	wrong: `e := c.entry.Load()
e.hits++`,
	right: `old := c.entry.Load()
next := *old            // copy, modify the copy, publish the copy
next.hits++
c.entry.CompareAndSwap(old, &next)`,
	run: (*passCtx).loadmutate,
}

// loadmutate: a snapshot obtained from an atomic Load (or sync.Map.Load)
// mutated in place. Every goroutine that loads the variable shares the
// snapshot, so the mutation races with their reads.
func (pc *passCtx) loadmutate() {
	for _, ld := range pc.snapshots().all {
		pc.checkSnapshot(ld.call.Parent(), ld.call, ld.via)
	}
}

func (pc *passCtx) checkSnapshot(fn *ssa.Function, load *ssa.Call, via string) {
	// A variable of an object just made here (by a constructor) has no
	// other loaders yet.
	if len(load.Call.Args) > 0 && pc.snapshotLoad(load) != "" && pc.freshAt(pc.objOf(load.Call.Args[0], 0), load, 0) {
		return
	}
	alias := func(v ssa.Value) bool { return v == load }
	// A lock held at the mutation orders it only with loads that hold the
	// same lock (see loadedAlongside).
	for _, m := range pc.allMutations(fn, alias) {
		// append writes past the length every other holder of the slice
		// sees; storing its result back is the mutation that matters.
		if m.what == "appended to" {
			continue
		}
		if pc.generated(posOf(m.instr)) || pc.lockedBySnapshot(m, alias) || !pc.loadedAlongside(load, m.instr) {
			continue
		}
		pc.reportAt("loadmutate", m.instr,
			fmt.Sprintf("%s in a value loaded by %s (every goroutine that loads it shares the value)", pc.describe(m), via),
			pc.related(load, "loaded here"))
	}
}

// loadedAlongside reports whether another goroutine may load the same
// variable while mutation runs: a load of it in a function that may run at
// the same time, or in a goroutine started more than once. A value loaded
// and changed while nothing else runs (test setup, say) is not shared yet.
func (pc *passCtx) loadedAlongside(load *ssa.Call, mutation ssa.Instruction) bool {
	if f := pc.inPkg(load.Common()); f != nil {
		if inner := pc.returnsSnapshot(f); inner != nil {
			load = inner
		}
	}
	if pc.inPkg(load.Common()) == nil && pc.snapshotLoad(load) == "" {
		// A snapshot getter of another package: its other calls are the
		// other loads.
		for _, other := range pc.snapshots().ext[calleeFunc(load.Common()).Origin()] {
			if pc.concurrent(other, mutation) && !pc.commonLock(other, mutation) || pc.libLoads(other, mutation) {
				return true
			}
		}
		return pc.startedMoreThanOnce(mutation.Parent())
	}
	l, ok := pc.locOf(load.Call.Args[0])
	if !ok {
		return false
	}
	for _, other := range pc.snapshots().byVar[l] {
		if pc.concurrent(other, mutation) && !pc.commonLock(other, mutation) || pc.libLoads(other, mutation) {
			return true
		}
	}
	return pc.startedMoreThanOnce(mutation.Parent()) && !pc.locked(mutation)
}

// libLoads reports whether the package's callers may run the load other at
// the same time as mutation: the variable is loaded through an atomic or a
// sync.Map, which is itself the claim that it is shared, and both run in
// functions other packages can call (a function may run alongside itself).
func (pc *passCtx) libLoads(other, mutation ssa.Instruction) bool {
	ext := pc.model.external
	return ext[other.Parent()] && ext[mutation.Parent()] && !pc.commonLock(other, mutation)
}

// lockedBySnapshot reports whether m is made while holding a lock of the
// loaded value itself (x.mu.Lock(); x.n++): the value guards its own
// fields, and its readers take the same lock.
func (pc *passCtx) lockedBySnapshot(m mutation, alias func(ssa.Value) bool) bool {
	if !pc.locked(m.instr) {
		return false
	}
	for _, b := range m.instr.Parent().Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || len(call.Call.Args) == 0 {
				continue
			}
			if op, _ := pc.lockCall(call.Common()); op == acquire && reaches(call.Call.Args[0], alias) && pc.dominates(call, m.instr) {
				return true
			}
		}
	}
	return false
}
