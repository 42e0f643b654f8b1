package analyzer

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// The model of loops: which loops wait for another goroutine (they poll
// shared state and can end no other way), what they read, and what the
// functions they call write.

// waitLoop returns the plain reads that decide the exits of a loop that only
// another goroutine can end: it waits (sleeps, yields, waits for a timer, or
// spins on nothing), synchronizes with nothing, and writes none of what it
// polls.
func (pc *passCtx) waitLoop(fn *ssa.Function, loop []bool) []*access {
	if reads, waits, _ := pc.pollReads(fn, loop); waits {
		return reads
	}
	return nil
}

// pollReads returns the plain reads of shared locations that decide every
// exit of a quiet loop (see quietLoop) and that the loop does not write, and
// whether the loop waits.
func (pc *passCtx) pollReads(fn *ssa.Function, loop []bool) ([]*access, bool, []location) {
	quiet, waits, recvs := pc.quietLoop(fn, loop)
	if !quiet {
		return nil, false, nil
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
			if _, ok := s.Instrs[len(s.Instrs)-1].(*ssa.Panic); ok {
				continue // no way out (the end of a blocking select's cases)
			}
			ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
			if !ok || len(pc.condReads(ifi.Cond, 0)) == 0 || pc.selfEnding(ifi.Cond, loop, 0) {
				return nil, false, nil
			}
			exits = append(exits, ifi)
			break
		}
	}
	var reads []*access
	for _, ifi := range exits {
		for _, r := range pc.condReads(ifi.Cond, 0) {
			if !loop[r.instr.Block().Index] || pc.guarded(r) || pc.syncedBefore(r.instr) || pc.writtenIn(fn, loop, r.loc) {
				continue
			}
			reads = append(reads, r)
		}
	}
	return reads, waits, recvs
}

// selfEnding reports whether the condition v depends on a value the loop
// computes itself, other than the shared reads it polls (for c >= r.clear
// { c = r.prefix[c] }): such a loop can end by itself.
func (pc *passCtx) selfEnding(v ssa.Value, loop []bool, depth int) bool {
	instr, ok := v.(ssa.Instruction)
	if !ok || instr.Block() == nil || !loop[instr.Block().Index] {
		return false // a constant, a parameter, or computed before the loop
	}
	if a := pc.acc.byInstr[instr]; a != nil && a.kind == plainRead {
		// An element of an array read at an index the loop computes
		// (w.table[hash], hash advanced each time) is another variable
		// each time round: the loop probes, it does not poll.
		if ld, ok := instr.(*ssa.UnOp); ok {
			if ia, ok := ld.X.(*ssa.IndexAddr); ok {
				return pc.selfEnding(ia.Index, loop, depth+1)
			}
		}
		return false
	}
	if call, ok := v.(*ssa.Call); ok && pc.getterRead(call) != nil {
		return false
	}
	if depth > 4 {
		return true
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.NOT {
			return pc.selfEnding(x.X, loop, depth+1)
		}
	case *ssa.BinOp:
		return pc.selfEnding(x.X, loop, depth+1) || pc.selfEnding(x.Y, loop, depth+1)
	case *ssa.Call:
		for _, a := range x.Call.Args {
			if pc.selfEnding(a, loop, depth+1) {
				return true
			}
		}
		return false
	case *ssa.FieldAddr:
		return pc.selfEnding(x.X, loop, depth+1)
	}
	return true
}

// funcName renders fn as a reader knows it: Stop, (*Worker).Stop, a function
// literal in Run.
func funcName(fn *ssa.Function) string {
	if p := fn.Parent(); p != nil {
		return "a function literal in " + funcName(p)
	}
	if n := recvType(fn); n != nil {
		return n.Name() + "." + fn.Name()
	}
	return fn.Name()
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
		c := v.Common()
		if b, ok := c.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") && len(c.Args) == 1 {
			return pc.condReads(c.Args[0], depth+1)
		}
		// A method of a value type of another package computed from the
		// field: m.lastBeat.IsZero().
		if obj := calleeFunc(c); obj != nil && !c.IsInvoke() && len(c.Args) > 0 && harmlessCall(obj) {
			if sig := obj.Type().(*types.Signature); sig.Recv() != nil && !isPointer(sig.Recv().Type()) {
				return pc.condReads(c.Args[0], depth+1)
			}
		}
	}
	return nil
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
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
	if a == nil || a.kind != plainRead || a.base.path != "" || a.loc.obj == nil {
		return nil, -1
	}
	for i, p := range f.Params {
		if a.base.root == p {
			return a, i
		}
	}
	return nil, -1
}

// writtenIn reports whether the loop itself writes l, directly or through
// the functions of the package it calls: it owns its flag.
func (pc *passCtx) writtenIn(fn *ssa.Function, loop []bool, l location) bool {
	for _, a := range pc.acc.byLoc[l] {
		if a.fn == fn && a.kind != plainRead && a.kind != atomicRead && loop[a.instr.Block().Index] {
			return true
		}
	}
	for _, b := range fn.Blocks {
		if !loop[b.Index] {
			continue
		}
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if f := pc.inPkg(c.Common()); f != nil && pc.writes(f)[l] {
					return true
				}
			}
		}
	}
	return false
}

// writes returns the locations fn writes, itself or through the functions
// of the package it calls.
func (pc *passCtx) writes(fn *ssa.Function) map[location]bool {
	return memoized(pc.writesMemo, fn, pc.computeWrites)
}

func (pc *passCtx) computeWrites(fn *ssa.Function) map[location]bool {
	w := make(map[location]bool)
	for _, a := range pc.acc.byFn[fn] {
		if a.kind != plainRead && a.kind != atomicRead {
			w[a.loc] = true
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if f := pc.inPkg(c.Common()); f != nil && f != fn {
					for l := range pc.writes(f) {
						w[l] = true
					}
				}
			}
		}
	}
	return w
}

// quietLoop reports whether the loop body neither synchronizes nor calls
// anything that might: then nothing in it orders the poll after the write.
// It also reports whether the loop waits: it sleeps, yields, waits for a
// timer or on a channel, or does nothing at all (a spin), so that only
// another goroutine can change what it polls. A loop that waits may call
// functions it cannot see (a callback, an interface method); one that
// receives from channels returns them, for the caller to check that the
// writer does not send on or close them (a receive orders only what the
// matching send or close follows).
func (pc *passCtx) quietLoop(fn *ssa.Function, loop []bool) (quiet, waits bool, recvs []location) {
	spin, opaque := true, false
	recv := func(ch ssa.Value) bool {
		l, ok := pc.chanLoc(ch)
		if ok {
			recvs = append(recvs, l)
		}
		return ok
	}
	for _, b := range fn.Blocks {
		if !loop[b.Index] {
			continue
		}
		for _, instr := range b.Instrs {
			if timerWait(instr) {
				waits = true
				continue
			}
			switch x := instr.(type) {
			case *ssa.UnOp:
				if x.Op == token.ARROW {
					if !recv(x.X) {
						return false, false, nil
					}
					waits = true
					continue
				}
			case *ssa.Select:
				for _, st := range x.States {
					if st.Dir != types.RecvOnly || !timerChan(st.Chan) && !recv(st.Chan) {
						return false, false, nil
					}
				}
				waits = true
				continue
			}
			if pc.isSync(instr) {
				return false, false, nil
			}
			switch instr.(type) {
			case *ssa.Store, *ssa.MapUpdate, *ssa.Send, *ssa.Go, *ssa.Defer:
				spin = false
			}
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, ok := c.Common().Value.(*ssa.Builtin); ok {
				spin = false
				continue
			}
			if call, ok := c.(*ssa.Call); !ok || pc.getterRead(call) == nil {
				spin = false
			}
			if pc.inPkg(c.Common()) != nil {
				continue // isSync looked inside
			}
			if s := pc.summaryOf(c.Common()); s != nil && s.Reads != nil {
				continue // a getter: a field read and nothing else
			}
			obj := calleeFunc(c.Common())
			if obj == nil || c.Common().IsInvoke() || !harmlessCall(obj) {
				opaque = true
				continue
			}
			if isFunc(obj, "time", "", "Sleep") || isFunc(obj, "runtime", "", "Gosched") {
				waits = true
			}
		}
	}
	if opaque && !waits {
		return false, false, nil
	}
	return true, waits || spin, recvs
}

// timerWait reports whether instr waits for a timer: a receive from
// time.After, time.Tick or a Timer's or Ticker's C, or a select whose every
// case does (with or without a default). No goroutine of the program is on
// the other side.
func timerWait(instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.UnOp:
		return x.Op == token.ARROW && timerChan(x.X)
	case *ssa.Select:
		for _, st := range x.States {
			if st.Dir != types.RecvOnly || !timerChan(st.Chan) {
				return false
			}
		}
		return len(x.States) > 0
	}
	return false
}

func timerChan(ch ssa.Value) bool {
	switch x := ch.(type) {
	case *ssa.Call:
		obj := calleeFunc(x.Common())
		return isFunc(obj, "time", "", "After") || isFunc(obj, "time", "", "Tick")
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
			if n, ok := types.Unalias(fa.X.Type().(*types.Pointer).Elem()).(*types.Named); ok {
				obj := n.Obj()
				return obj.Pkg() != nil && obj.Pkg().Path() == "time" && (obj.Name() == "Timer" || obj.Name() == "Ticker")
			}
		}
	}
	return false
}

// harmlessCall reports whether obj, a function of another package, is known
// not to synchronize with other goroutines of the program.
func harmlessCall(obj *types.Func) bool {
	if obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "time":
		if r := recvName(obj); r == "Time" || r == "Duration" {
			return true
		}
		switch obj.Name() {
		case "Sleep", "Now", "Since", "After", "Tick":
			return true
		}
		return false
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
