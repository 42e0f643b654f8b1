package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// flagdataCheck is the flagdata entry of the registry.
var flagdataCheck = &check{
	name:  "flagdata",
	title: "data published through a plain flag",
	text: `Data is written, then a plain (non-atomic) flag is set, and another goroutine
reads the flag and then the data. Nothing orders the two writes for the
reader: seeing the flag set does not mean seeing the data. Also reported:
data written after the atomic store of the flag that was meant to publish it.`,
	rule: `A read is guaranteed to observe a write only if the write happens before
it. Two plain writes in one goroutine are not ordered for a plain reader in
another: without synchronization it may observe them in either order. An
unlock, channel send or close, or atomic store after the data write, paired
with the lock, receive or atomic load before the reads, creates the edge.`,
	wrong: `c.cfg = cfg
c.ready = true          // goroutine: if c.ready { use(c.cfg) }`,
	right: `c.cfg = cfg
c.ready.Store(true)     // ready is an atomic.Bool; the goroutine uses c.ready.Load()`,
	run: (*passCtx).flagdata,
}

// flagdata: data written, then a plain flag set that another goroutine reads
// before reading the data. Nothing orders the two writes for the reader: it
// may see the flag set and the data not yet written. Also: data written after
// the atomic store of the flag that was meant to publish it.
func (pc *passCtx) flagdata() {
	for _, fl := range pc.acc.locs {
		accs := pc.acc.byLoc[fl]
		if isFlagType(fl.typ()) {
			for _, w := range accs {
				if w.kind == plainWrite && !pc.guarded(w) && !freshInit(w.instr) {
					pc.plainFlag(w, accs)
				}
			}
		}
		for _, w := range accs {
			if w.kind == atomicWrite && !isZeroConst(w.val) {
				pc.atomicFlag(w, accs)
			}
		}
	}
	pc.flagSetters()
}

// flagSetters treats a call of a function that sets a flag field of one of
// its arguments on every path (c.markReady()) as the flag write at the call.
func (pc *passCtx) flagSetters() {
	for _, w := range pc.setterCalls() {
		pc.plainFlag(w, pc.acc.byLoc[w.loc])
	}
}

// plainFlag reports the flag write w if data written before it is read by a
// goroutine under a plain read of the flag.
func (pc *passCtx) plainFlag(w *access, flagAccs []*access) {
	if pc.generated(posOf(w.instr)) || pc.unpublished(w) {
		return
	}
	var data []*access
	for _, dw := range pc.acc.byFn[w.fn] {
		if dw.kind == plainWrite && dw.loc != w.loc && dw.base == w.base && pc.dominates(dw.instr, w.instr) && !pc.guarded(dw) {
			data = append(data, dw)
		}
	}
	if len(data) == 0 {
		return
	}
	for _, r := range flagAccs {
		if r.kind != plainRead || r.fn == w.fn || len(pc.guardsOf(r)) == 0 || pc.guarded(r) || pc.syncedBefore(r.instr) || pc.readsOwnWrite(r) {
			continue
		}
		dw, dr := pc.guardedRead(r, data)
		if dr == nil {
			continue
		}
		// A goroutine of the package reads the flag, or the package's
		// callers may call the writer and the reader at once and the
		// object says it is shared.
		var ev *evidence
		if !pc.sameObject(w, r) || !pc.concurrent(w.instr, r.instr) {
			if !pc.libConcurrent(w, r) || !pc.entryPoint(w.fn) || !pc.entryPoint(r.fn) {
				continue
			}
			if ev = pc.evidenceOf(r, w.fn, evLocked, evPolled, evContract, evDoc, evGlobal); ev == nil {
				continue
			}
		}
		flag, d := pc.nameAt(posOf(w.instr), w.loc), pc.nameAt(posOf(dw.instr), dw.loc)
		how := "by plain write"
		if w.setter {
			// The flag is set inside the called function: name it as the
			// reader sees it, and the call as the way it is set.
			how = "by plain write in " + pc.operandText(posOf(w.instr))
			flag = pc.nameAt(posOf(r.instr), r.loc)
		}
		rel := []analysis.RelatedInformation{
			pc.related(dw.instr, "write to "+d),
			pc.related(r.instr, pc.nameAt(posOf(r.instr), r.loc)+" read by another goroutine"),
			pc.related(dr.instr, pc.nameAt(posOf(dr.instr), dr.loc)+" read after the check"),
		}
		if ev != nil {
			rel[1].Message = pc.nameAt(posOf(r.instr), r.loc) + " read in " + funcName(r.fn) + ", which callers may run concurrently"
			rel = append(rel, pc.evidenceRelated(ev))
		}
		pc.reportAt("flagdata", w.instr,
			fmt.Sprintf("%s set %s after writing %s (readers may see %s before %s)", flag, how, d, flag, d), rel...)
		return
	}
}

// atomicFlag reports plain writes made after the atomic store w of a flag
// that goroutines load before reading that data.
func (pc *passCtx) atomicFlag(w *access, flagAccs []*access) {
	var data []*access
	for _, dw := range pc.acc.byFn[w.fn] {
		if dw.kind == plainWrite && dw.loc != w.loc && dw.base == w.base && pc.dominates(w.instr, dw.instr) && !pc.guarded(dw) && !pc.republished(dw, flagAccs) {
			data = append(data, dw)
		}
	}
	if len(data) == 0 {
		return
	}
	for _, r := range flagAccs {
		if r.kind != atomicRead || r.fn == w.fn {
			continue
		}
		dw, dr := pc.guardedRead(r, data)
		// The flag is atomic: that is the claim that the reader runs in
		// another goroutine, which the package's callers may start.
		if dr == nil || pc.generated(posOf(dw.instr)) || !(pc.sameObject(w, r) && pc.concurrent(dw.instr, r.instr)) && !pc.libConcurrent(dw, dr) {
			continue
		}
		flag, d := pc.atomicTarget(w), pc.nameAt(posOf(dw.instr), dw.loc)
		pc.reportAt("flagdata", dw.instr,
			fmt.Sprintf("%s written after the atomic store to %s that publishes it (a reader that sees %s may not see this write)", d, flag, flag),
			pc.related(w.instr, "atomic store to "+flag),
			pc.related(r.instr, flag+" loaded by another goroutine"),
			pc.related(dr.instr, pc.nameAt(posOf(dr.instr), dr.loc)+" read after the check"))
	}
}

// republished reports whether the flag is stored again after the data write dw.
func (pc *passCtx) republished(dw *access, flagAccs []*access) bool {
	for _, a := range flagAccs {
		if a.kind == atomicWrite && a.fn == dw.fn && pc.reachable(dw.instr, a.instr) && !isZeroConst(a.val) {
			return true
		}
	}
	return false
}

// readsOwnWrite reports whether r's function writes r's location before r
// on every path: the read sees that write (or races with another writer,
// which is not a flag set after data), not another goroutine's flag.
func (pc *passCtx) readsOwnWrite(r *access) bool {
	own := make(map[ssa.Instruction]bool)
	for _, w := range pc.acc.byFn[r.fn] {
		if w.kind == plainWrite && w.loc == r.loc && w.base == r.base {
			own[w.instr] = true
		}
	}
	if len(own) == 0 || len(r.fn.Blocks) == 0 {
		return false
	}
	return !pc.pathWithout(r.fn.Blocks[0], 0, r.instr, func(instr ssa.Instruction) bool { return own[instr] })
}

// guardedRead finds, in r's function, a plain read of one of the data
// locations that runs only after a branch on the flag value r read.
func (pc *passCtx) guardedRead(r *access, data []*access) (dw, dr *access) {
	ifs := pc.guardsOf(r)
	if len(ifs) == 0 {
		return nil, nil
	}
	for _, x := range pc.acc.byFn[r.fn] {
		if x.kind != plainRead || x.base != r.base || pc.guarded(x) {
			continue
		}
		for _, d := range data {
			if d.loc != x.loc {
				continue
			}
			for _, ifi := range ifs {
				if ib := ifi.Block(); ib != x.instr.Block() && ib.Dominates(x.instr.Block()) {
					return d, x
				}
			}
		}
	}
	return nil, nil
}

func isZeroConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return true // nil
	}
	switch c.Value.Kind() {
	case constant.Bool:
		return !constant.BoolVal(c.Value)
	case constant.Int:
		return constant.Sign(c.Value) == 0
	}
	return false
}

// atomicTarget renders the variable an atomic call operates on: ready for
// ready.Store(true), n for atomic.StoreInt32(&n, 1).
func (pc *passCtx) atomicTarget(a *access) string {
	if n := pc.enclosing(posOf(a.instr), (*ast.CallExpr)(nil)); n != nil {
		call := n.(*ast.CallExpr)
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if obj, ok := pc.pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok && recvName(obj) != "" {
				return types.ExprString(sel.X)
			}
		}
		if len(call.Args) > 0 {
			if u, ok := call.Args[0].(*ast.UnaryExpr); ok && u.Op == token.AND {
				return types.ExprString(u.X)
			}
			return types.ExprString(call.Args[0])
		}
	}
	return a.loc.String()
}

// guardsOf returns the branches on the value r reads, computed once.
func (pc *passCtx) guardsOf(r *access) []*ssa.If {
	if r.guards == nil {
		r.guards = guards(r.val, 0)
		if r.guards == nil {
			r.guards = []*ssa.If{}
		}
	}
	return r.guards
}
