package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// spinwaitCheck is the spinwait entry of the registry.
var spinwaitCheck = &check{
	name:  "spinwait",
	title: "a loop polling a plain variable another goroutine writes",
	text: `A loop waits for a plain variable that another goroutine sets. The write
need never become visible to the loop, and seeing a pointer set does not
mean seeing what was written through it.`,
	rule: `Without synchronization there is no guarantee that a write in one goroutine
is ever observed by a plain read in another: the memory model's example
for !done {} may loop forever, and a loop that sees the variable set still
has no edge to what the writer did before. A channel, a sync primitive or an
atomic load creates the edge.`,
	wrong: `for !done {
	time.Sleep(time.Millisecond)
}`,
	right: `<-doneCh                // or done.Load() on an atomic.Bool`,
	run:   (*passCtx).spinwait,
}

// spinwait: a loop that polls a plain variable another goroutine writes.
// Without synchronization the write need never become visible to the loop
// (the compiler may hoist the load), and seeing a pointer set does not mean
// seeing what was written through it before.
func (pc *passCtx) spinwait() {
	for _, fn := range pc.funcs {
		for _, loop := range loops(fn) {
			pc.checkLoop(fn, loop)
		}
	}
}

// checkLoop reports the plain reads that decide whether loop exits.
func (pc *passCtx) checkLoop(fn *ssa.Function, loop []bool) {
	reads, waits, recvs := pc.pollReads(fn, loop)
	for _, r := range reads {
		if pc.generated(posOf(r.instr)) {
			continue
		}
		var related analysis.RelatedInformation
		if w := pc.concurrentWrite(r); w != nil && !pc.releasesOn(w.fn, recvs, 0) {
			related = pc.writtenBy(w)
		} else if w := pc.libWrite(r); w != nil && waits && !pc.releasesOn(w.fn, recvs, 0) {
			// No goroutine in sight, but the loop cannot end unless
			// another goroutine writes the variable, and the package
			// has such a write where its callers may run it.
			related = pc.related(w.instr, fmt.Sprintf("%s written in %s, the only way the loop ends (another goroutine must call it)",
				pc.nameAt(posOf(w.instr), w.loc), funcName(w.fn)))
		} else {
			continue
		}
		name := pc.nameAt(posOf(r.instr), r.loc)
		if r.getter {
			name = pc.operandText(posOf(r.instr))
		}
		consequence := "the write in the other goroutine may never be observed"
		if _, ok := r.loc.typ().Underlying().(*types.Pointer); ok {
			consequence = fmt.Sprintf("the write may never be observed, and seeing %s set does not mean seeing what was written through it", name)
		}
		pc.reportAt("spinwait", r.instr,
			fmt.Sprintf("%s polled in a loop without synchronization (%s)", name, consequence),
			related)
	}
}

// libWrite returns a plain write of r's location, or a call that sets it,
// that the package's callers may run at the same time as r (see
// libConcurrent).
func (pc *passCtx) libWrite(r *access) *access {
	for _, w := range pc.acc.byLoc[r.loc] {
		if w.kind == plainWrite && w.fn != r.fn && pc.libConcurrent(w, r) {
			return w
		}
	}
	for _, w := range pc.setterCalls() {
		if w.loc == r.loc && w.fn != r.fn && pc.libConcurrent(w, r) {
			return w
		}
	}
	return nil
}

// writtenBy describes the write w made by another goroutine.
func (pc *passCtx) writtenBy(w *access) analysis.RelatedInformation {
	if w.setter {
		call := pc.enclosing(posOf(w.instr), (*ast.CallExpr)(nil))
		if call != nil {
			return analysis.RelatedInformation{Pos: call.Pos(), End: call.End(),
				Message: fmt.Sprintf("%s sets %s in another goroutine", types.ExprString(call.(ast.Expr)), w.loc)}
		}
	}
	return pc.related(w.instr, pc.nameAt(posOf(w.instr), w.loc)+" written by another goroutine")
}

// concurrentWrite returns a plain write of r's location made by a goroutine
// that may run at the same time as r.
func (pc *passCtx) concurrentWrite(r *access) *access {
	for _, w := range pc.acc.byLoc[r.loc] {
		if w.kind == plainWrite && !pc.guarded(w) && pc.sameObject(w, r) && pc.concurrent(w.instr, r.instr) {
			return w
		}
	}
	// The write may be made inside a function of another package
	// (w.Stop() setting w.stop).
	for _, w := range pc.setterCalls() {
		if w.loc == r.loc && pc.inPkg(w.instr.(*ssa.Call).Common()) == nil && pc.sameObject(w, r) && pc.concurrent(w.instr, r.instr) {
			return w
		}
	}
	return nil
}

// releasesOn reports whether fn, or a function of the package it calls,
// sends on or closes one of the channel fields chans.
func (pc *passCtx) releasesOn(fn *ssa.Function, chans []location, depth int) bool {
	if len(chans) == 0 || depth > 3 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Send:
				if l, ok := pc.chanLoc(x.Chan); ok && slices.Contains(chans, l) {
					return true
				}
			case *ssa.Select:
				for _, st := range x.States {
					if l, ok := pc.chanLoc(st.Chan); ok && st.Dir == types.SendOnly && slices.Contains(chans, l) {
						return true
					}
				}
			case ssa.CallInstruction:
				c := x.Common()
				if b, ok := c.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(c.Args) == 1 {
					if l, ok := pc.chanLoc(c.Args[0]); ok && slices.Contains(chans, l) {
						return true
					}
				}
				if f := pc.inPkg(c); f != nil && pc.releasesOn(f, chans, depth+1) {
					return true
				}
			}
		}
	}
	return false
}
