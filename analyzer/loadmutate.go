package analyzer

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// loadmutate: a snapshot obtained from an atomic Load (or sync.Map.Load)
// mutated in place. Every goroutine that loads the variable shares the
// snapshot, so the mutation races with their reads.
func (pc *passCtx) loadmutate() {
	pc.snapLoads = make(map[location][]*ssa.Call)
	pc.extLoads = make(map[*types.Func][]*ssa.Call)
	var loads []*ssa.Call
	var vias []string
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok {
					if via := pc.snapshotLoad(call); via != "" {
						if l, ok := pc.locOf(call.Call.Args[0]); ok {
							pc.snapLoads[l] = append(pc.snapLoads[l], call)
						}
						loads = append(loads, call)
						vias = append(vias, via)
					} else if f := pc.inPkg(call.Common()); f != nil && pc.returnsSnapshot(f) != nil {
						loads = append(loads, call)
						vias = append(vias, pc.calleeText(call))
					} else if s := pc.summaryOf(call.Common()); s != nil && s.Snapshot {
						obj := calleeFunc(call.Common()).Origin()
						pc.extLoads[obj] = append(pc.extLoads[obj], call)
						loads = append(loads, call)
						vias = append(vias, pc.calleeText(call))
					}
				}
			}
		}
	}
	for i, call := range loads {
		pc.checkSnapshot(call.Parent(), call, vias[i])
	}
}

// snapshotLoad returns the rendered callee when call loads a shared snapshot:
// atomic.Pointer.Load, atomic.Value.Load, sync.Map.Load or LoadOrStore.
func (pc *passCtx) snapshotLoad(call *ssa.Call) string {
	c := call.Common()
	obj := calleeFunc(c)
	if obj == nil || c.IsInvoke() || len(c.Args) == 0 {
		return ""
	}
	switch {
	case isFunc(obj, "sync/atomic", "Pointer", "Load"),
		isFunc(obj, "sync/atomic", "Value", "Load"),
		isFunc(obj, "sync", "Map", "Load"),
		isFunc(obj, "sync", "Map", "LoadOrStore"):
	default:
		return ""
	}
	if !pc.sharedAddr(c.Args[0]) {
		return ""
	}
	return pc.calleeText(call)
}

func (pc *passCtx) checkSnapshot(fn *ssa.Function, load *ssa.Call, via string) {
	alias := func(v ssa.Value) bool { return v == load }
	// A lock held at the mutation orders it only with loads that hold the
	// same lock (see loadedAlongside).
	for _, m := range pc.allMutations(fn, alias) {
		if pc.lockedBySnapshot(m, alias) || !pc.loadedAlongside(load, m.instr) {
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
		for _, other := range pc.extLoads[calleeFunc(load.Common()).Origin()] {
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
	for _, other := range pc.snapLoads[l] {
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

// startedMoreThanOnce reports whether fn runs in a goroutine that may be
// started several times: from several go statements, or from one in a loop.
func (pc *passCtx) startedMoreThanOnce(fn *ssa.Function) bool {
	for _, r := range pc.gor.rootsOf[fn] {
		sites := pc.gor.roots[r]
		if len(sites) > 1 {
			return true
		}
		for _, s := range sites {
			if b := s.Block(); pc.reach(b)[b.Index] {
				return true
			}
		}
	}
	return false
}

// returnsSnapshot returns the load whose result fn returns (func (c *C)
// current() *T { return c.cur.Load() }), itself or through a function of the
// package it calls, or nil.
func (pc *passCtx) returnsSnapshot(fn *ssa.Function) *ssa.Call {
	if r, ok := pc.snapMemo[fn]; ok {
		return r
	}
	pc.snapMemo[fn] = nil // recursion: nothing known yet
	var res *ssa.Call
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		v := ret.Results[0]
		for range 4 {
			switch x := v.(type) {
			case *ssa.TypeAssert:
				v = x.X
				continue
			case *ssa.Extract:
				v = x.Tuple
				continue
			}
			break
		}
		call, ok := v.(*ssa.Call)
		if !ok {
			continue
		}
		if pc.snapshotLoad(call) != "" {
			res = call
		} else if f := pc.inPkg(call.Common()); f != nil && f != fn {
			res = pc.returnsSnapshot(f)
		} else if s := pc.summaryOf(call.Common()); s != nil && s.Snapshot {
			res = call
		}
		if res != nil {
			break
		}
	}
	pc.snapMemo[fn] = res
	return res
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
