package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

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
	if !pc.quietLoop(fn, loop) {
		return
	}
	// Every way out of the loop must test shared state: a loop that also
	// stops on a counter or an error is bounded, not a spin.
	var exits []*ssa.If
	for _, b := range fn.Blocks {
		if !loop[b.Index] {
			continue
		}
		for _, s := range b.Succs {
			if loop[s.Index] {
				continue
			}
			ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
			if !ok || len(pc.condReads(ifi.Cond, 0)) == 0 {
				return
			}
			exits = append(exits, ifi)
			break
		}
	}
	for _, ifi := range exits {
		for _, r := range pc.condReads(ifi.Cond, 0) {
			if !loop[r.instr.Block().Index] || pc.guarded(r) || pc.syncedBefore(r.instr) || pc.writtenIn(fn, loop, r.loc) {
				continue
			}
			w := pc.concurrentWrite(r)
			if w == nil {
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
				pc.writtenBy(w))
		}
	}
}

// condReads returns the plain reads of shared locations a condition is
// computed from.
func (pc *passCtx) condReads(v ssa.Value, depth int) []*access {
	if depth > 3 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		switch v.Op {
		case token.NOT:
			return pc.condReads(v.X, depth+1)
		case token.MUL:
			if a := pc.acc.byInstr[v]; a != nil {
				return []*access{a}
			}
		}
	case *ssa.BinOp:
		switch v.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return append(pc.condReads(v.X, depth+1), pc.condReads(v.Y, depth+1)...)
		}
	case *ssa.Call:
		if r := pc.getterRead(v); r != nil {
			return []*access{r}
		}
	}
	return nil
}

// getterRead describes a call of a function that returns a plain read of a
// field of one of its arguments (func (s *S) stopped() bool { return s.stop
// }) as that read, made at the call: for a function of the package, as
// getterField finds it, for one of another package, as its summary says.
func (pc *passCtx) getterRead(call *ssa.Call) *access {
	var loc location
	param := -1
	if f := pc.inPkg(call.Common()); f != nil {
		if a, i := pc.getterField(f); a != nil {
			loc, param = a.loc, i
		}
	} else if s := pc.summaryOf(call.Common()); s != nil && s.Reads != nil {
		if l, ok := paramField(calleeFunc(call.Common()).Origin(), s.Reads); ok {
			loc, param = l, s.Reads.Param
		}
	}
	if param < 0 || param >= len(call.Call.Args) {
		return nil
	}
	return &access{kind: plainRead, loc: loc, instr: call, fn: call.Parent(), val: call,
		base: pc.objOf(call.Call.Args[param], 0), getter: true}
}

// getterField returns the plain read of a field of a parameter of f that f
// returns, and the parameter, when f does nothing else: one block, no calls.
func (pc *passCtx) getterField(f *ssa.Function) (*access, int) {
	if len(f.Blocks) != 1 {
		return nil, -1
	}
	for _, instr := range f.Blocks[0].Instrs {
		if _, ok := instr.(ssa.CallInstruction); ok {
			return nil, -1
		}
	}
	ret, ok := f.Blocks[0].Instrs[len(f.Blocks[0].Instrs)-1].(*ssa.Return)
	if !ok || len(ret.Results) != 1 {
		return nil, -1
	}
	ld, ok := ret.Results[0].(*ssa.UnOp)
	if !ok {
		return nil, -1
	}
	a := pc.acc.byInstr[ld]
	if a == nil || a.kind != plainRead || a.base.path != "" || a.mutexOwner || a.loc.obj == nil {
		return nil, -1
	}
	for i, p := range f.Params {
		if a.base.root == p {
			return a, i
		}
	}
	return nil, -1
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

// writtenIn reports whether the loop itself writes l: it owns its flag.
func (pc *passCtx) writtenIn(fn *ssa.Function, loop []bool, l location) bool {
	for _, a := range pc.acc.byLoc[l] {
		if a.fn == fn && a.kind != plainRead && a.kind != atomicRead && loop[a.instr.Block().Index] {
			return true
		}
	}
	return false
}

// quietLoop reports whether the loop body neither synchronizes nor calls
// anything that might: then nothing in it orders the poll after the write.
func (pc *passCtx) quietLoop(fn *ssa.Function, loop []bool) bool {
	for _, b := range fn.Blocks {
		if !loop[b.Index] {
			continue
		}
		for _, instr := range b.Instrs {
			if pc.isSync(instr) {
				return false
			}
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, ok := c.Common().Value.(*ssa.Builtin); ok {
				continue
			}
			if pc.inPkg(c.Common()) != nil {
				continue // isSync looked inside
			}
			if s := pc.summaryOf(c.Common()); s != nil && s.Reads != nil {
				continue // a getter: a field read and nothing else
			}
			if obj := calleeFunc(c.Common()); obj == nil || c.Common().IsInvoke() || !harmlessCall(obj) {
				return false
			}
		}
	}
	return true
}

// harmlessCall reports whether obj, a function of another package, is known
// not to synchronize with other goroutines of the program.
func harmlessCall(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "time":
		return obj.Name() == "Sleep" || obj.Name() == "Now" || obj.Name() == "Since"
	case "runtime":
		return obj.Name() == "Gosched"
	case "fmt", "strings", "strconv", "math", "unicode/utf8", "errors", "log":
		return true
	}
	return false
}

// loops returns the natural loops of fn, each as a set of block indexes.
func loops(fn *ssa.Function) [][]bool {
	var res [][]bool
	for _, h := range fn.Blocks {
		var body []bool
		for _, p := range h.Preds {
			if !h.Dominates(p) {
				continue
			}
			if body == nil {
				body = make([]bool, len(fn.Blocks))
				body[h.Index] = true
			}
			stack := []*ssa.BasicBlock{p}
			for len(stack) > 0 {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if body[x.Index] {
					continue
				}
				body[x.Index] = true
				stack = append(stack, x.Preds...)
			}
		}
		if body != nil {
			res = append(res, body)
		}
	}
	return res
}
