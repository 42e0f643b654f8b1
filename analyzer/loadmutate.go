package analyzer

import (
	"fmt"

	"golang.org/x/tools/go/ssa"
)

// loadmutate: a snapshot obtained from an atomic Load (or sync.Map.Load)
// mutated in place. Every goroutine that loads the variable shares the
// snapshot, so the mutation races with their reads.
func (pc *passCtx) loadmutate() {
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				if via := pc.snapshotLoad(call); via != "" {
					pc.checkSnapshot(fn, call, via)
				}
			}
		}
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
	for _, m := range pc.mutations(fn, alias) {
		if pc.guardedMutation(m) {
			continue
		}
		pc.reportAt("loadmutate", m.instr,
			fmt.Sprintf("%s in a value loaded by %s (every goroutine that loads it shares the value)", pc.describe(m), via),
			pc.related(load, "loaded here"))
	}
}

// guardedMutation reports whether m writes a field of a struct that holds a
// mutex: the mutex, not the publication, is then presumed to guard it.
func (pc *passCtx) guardedMutation(m mutation) bool {
	if st, ok := m.instr.(*ssa.Store); ok {
		if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
			return holdsMutex(fa.X.Type(), 0)
		}
	}
	return false
}
