package analyzer

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// The model of flags: which writes set a flag (a boolean, integer or
// pointer another goroutine tests), directly or through a setter, and which
// branches test one.

// setterCalls describes the calls of functions that set a flag field of an
// argument on every path as plain writes of that field, made at the call:
// for functions of the package as flagsSet finds them, for functions of
// other packages as their summaries say.
func (pc *passCtx) setterCalls() []*access {
	if pc.setters != nil {
		return *pc.setters
	}
	var ws []*access
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || pc.locked(call) {
					continue
				}
				args := call.Call.Args
				if g := pc.inPkg(call.Common()); g != nil {
					if g == fn {
						continue
					}
					for _, set := range pc.flagsSet(g) {
						if set.param < len(args) {
							ws = append(ws, &access{kind: plainWrite, loc: set.write.loc, instr: call, fn: fn, val: set.write.val,
								base: pc.objOf(args[set.param], 0), setter: true})
						}
					}
				} else if s := pc.summaryOf(call.Common()); s != nil {
					for i := range s.Sets {
						set := &s.Sets[i]
						if l, ok := paramField(calleeFunc(call.Common()).Origin(), set); ok && set.Param < len(args) {
							ws = append(ws, &access{kind: plainWrite, loc: l, instr: call, fn: fn,
								base: pc.objOf(args[set.Param], 0), setter: true})
						}
					}
				}
			}
		}
	}
	pc.setters = &ws
	return ws
}

type flagSet struct {
	param int
	write *access
}

// flagsSet returns the flag fields of its parameters that fn sets by plain
// write on every path that returns.
func (pc *passCtx) flagsSet(fn *ssa.Function) []flagSet {
	var sets []flagSet
	for _, a := range pc.acc.byFn[fn] {
		if a.kind != plainWrite || a.base.path != "" || !isFlagType(a.loc.typ()) || pc.guarded(a) || !alwaysRuns(a.instr) {
			continue
		}
		for i, p := range fn.Params {
			if a.base.root == p {
				sets = append(sets, flagSet{i, a})
			}
		}
	}
	return sets
}

// guards returns the branches whose condition is computed from v.
func guards(v ssa.Value, depth int) []*ssa.If {
	if v == nil || depth > 3 || v.Referrers() == nil {
		return nil
	}
	var ifs []*ssa.If
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.If:
			ifs = append(ifs, r)
		case *ssa.UnOp:
			if r.Op == token.NOT {
				ifs = append(ifs, guards(r, depth+1)...)
			}
		case *ssa.BinOp:
			switch r.Op {
			case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LOR, token.LAND:
				ifs = append(ifs, guards(r, depth+1)...)
			}
		case *ssa.Call:
			// len(c.cols) == 0
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" {
				ifs = append(ifs, guards(r, depth+1)...)
			}
		}
	}
	return ifs
}

// isFlagType reports whether t can serve as a ready flag: a boolean, an
// integer, or a pointer.
func isFlagType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsBoolean|types.IsInteger) != 0
	case *types.Pointer:
		return true
	}
	return false
}
