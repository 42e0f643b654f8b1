package analyzer

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// The model of snapshots: which calls load a value published through an
// atomic or a sync.Map, directly or through a getter, and which goroutines
// may load it again.

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
	return memoized(pc.snapMemo, fn, pc.computeSnapshot)
}

func (pc *passCtx) computeSnapshot(fn *ssa.Function) *ssa.Call {
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
			case *ssa.UnOp:
				// A copy of the snapshot (return *s.p.Load()) still
				// shares the maps, slices and pointers in it.
				if x.Op == token.MUL {
					v = x.X
					continue
				}
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
	return res
}

// snapshotIndex lists the loads of snapshots in the package.
type snapshotIndex struct {
	all   []snapLoad
	byVar map[location][]*ssa.Call    // atomic and sync.Map loads, by variable
	ext   map[*types.Func][]*ssa.Call // calls of snapshot getters of other packages
}

// A snapLoad is a call that loads a snapshot: an atomic or sync.Map Load,
// or a call of a getter that returns one.
type snapLoad struct {
	call *ssa.Call
	via  string // the callee as written: "c.cur.Load", "h.Get"
}

// snapshots returns the package's snapshot loads, computed once.
func (pc *passCtx) snapshots() *snapshotIndex {
	if pc.snaps != nil {
		return pc.snaps
	}
	ix := &snapshotIndex{byVar: make(map[location][]*ssa.Call), ext: make(map[*types.Func][]*ssa.Call)}
	pc.snaps = ix
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				if via := pc.snapshotLoad(call); via != "" {
					if l, ok := pc.locOf(call.Call.Args[0]); ok {
						ix.byVar[l] = append(ix.byVar[l], call)
					}
					ix.all = append(ix.all, snapLoad{call, via})
				} else if f := pc.inPkg(call.Common()); f != nil && pc.returnsSnapshot(f) != nil {
					ix.all = append(ix.all, snapLoad{call, pc.calleeText(call)})
				} else if s := pc.summaryOf(call.Common()); s != nil && s.Snapshot {
					obj := calleeFunc(call.Common()).Origin()
					ix.ext[obj] = append(ix.ext[obj], call)
					ix.all = append(ix.all, snapLoad{call, pc.calleeText(call)})
				}
			}
		}
	}
	return ix
}
