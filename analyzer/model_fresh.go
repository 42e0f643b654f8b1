package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Freshness: whether an access touches an object no other goroutine can see
// yet, so that it cannot race with anything (the initialization of an
// object under construction).
//
//	root of the access          fresh when
//	allocation (&T{}, var t T)  no closure captures it
//	call of a constructor       the package function returns objects it
//	                            makes and hands out to no one (returnsFresh)
//	parameter p of function f   f cannot be called but from the package's own
//	                            call sites (freshParam), each of which passes
//	                            an object that is fresh there and has not
//	                            escaped before the call, and p has not
//	                            escaped in f before the access
//	package initialization      always
//
// The parameter rule is what makes w.init(n) on a stream the caller has
// just made part of the stream's construction: func (w *writeQuota)
// init(...) writes w.quota plainly, and every caller passes &s.wq of an s
// it allocated and has not yet stored, sent or passed anywhere.
//
// An object escapes at an instruction that lets another party reach it or
// an address inside it: a store of its address, a send, a go or defer
// statement, a closure that captures it, a conversion to an interface, a
// return, a call of a function of another package or through a value, and a
// call of a function of the package whose parameter escapes (the
// paramEscapes summary). Loads and stores through the address, field and
// element addresses, comparisons and the operations of sync and
// sync/atomic on it (the object's own mutex or counter) let nothing
// escape. Anything else counts as an escape: the rule errs toward not
// fresh.
//
// A function can be called only from the package's call sites when its name
// is unexported (so no other package names it, through an interface
// either), it is declared at package level, it is never used as a value
// (f, x.f, T.f), never started as a goroutine, and, for a method, no
// interface call of the package invokes a method of its name. freshParam
// is memoized per parameter and paramEscapes is a summary per function, so
// each call site is judged once.

// fresh reports whether a touches an object no other goroutine can see yet
// (see the table above).
func (pc *passCtx) fresh(a *access) bool {
	return pc.freshAt(a.base, a.instr, 0) || isInitFunc(a.fn)
}

// freshAt reports whether the object k names, reached at instruction at, is
// one no other goroutine can see yet. depth bounds the constructors
// followed.
func (pc *passCtx) freshAt(k objKey, at ssa.Instruction, depth int) bool {
	switch r := k.root.(type) {
	case *ssa.Alloc:
		return !pc.sharedAllocs[r]
	case *ssa.Call:
		// The result of a constructor of the package (newCallCounter()).
		if f := pc.inPkg(r.Common()); f != nil && depth <= 2 {
			return pc.returnsFresh(f, depth+1)
		}
	case *ssa.Parameter:
		// Through the parameter's own object only: a pointer loaded from
		// one of its fields leads to an object with a life of its own.
		return !strings.Contains(k.path, "*") && pc.freshParam(r) && !pc.escapedBefore(r, at)
	}
	return false
}

// freshParam reports whether every call of p's function passes, as p, an
// object that is fresh at the call (see the table above).
func (pc *passCtx) freshParam(p *ssa.Parameter) bool {
	m := pc.model
	if v, ok := m.freshParams[p]; ok {
		return v
	}
	// A parameter asked about while its own answer is being computed (a
	// function that passes its parameter back to itself) is not fresh.
	m.freshParams[p] = false
	v := pc.computeFreshParam(p)
	m.freshParams[p] = v
	return v
}

func (pc *passCtx) computeFreshParam(p *ssa.Parameter) bool {
	fn := p.Parent()
	i := slices.Index(fn.Params, p)
	sites := pc.gor.callers[fn]
	if i < 0 || len(sites) == 0 || !pc.closedFunc(fn) {
		return false
	}
	for _, s := range sites {
		// A deferred call runs when its caller returns, after whatever
		// the caller does with the object in between.
		call, ok := s.(*ssa.Call)
		if !ok {
			return false
		}
		args := call.Call.Args
		if i >= len(args) || !pc.freshArg(args[i], call) {
			return false
		}
	}
	return true
}

// freshArg reports whether v, an argument of call, is (the address of, or
// of a field of) an object of the caller that no other goroutine can see
// yet: allocated by the caller or returned by a constructor, or a fresh
// parameter of the caller, and not escaped before call.
func (pc *passCtx) freshArg(v ssa.Value, call *ssa.Call) bool {
	k := pc.objOf(v, 0)
	if strings.Contains(k.path, "*") {
		return false
	}
	switch r := k.root.(type) {
	case *ssa.Alloc:
		if pc.sharedAllocs[r] {
			return false
		}
	case *ssa.Call:
		f := pc.inPkg(r.Common())
		if f == nil || !pc.returnsFresh(f, 1) {
			return false
		}
	case *ssa.Parameter:
		if !pc.freshParam(r) {
			return false
		}
	default:
		return false
	}
	return !pc.escapedBefore(k.root.(ssa.Value), call)
}

// closedFunc reports whether the package's static call sites of fn are all
// the calls there can be (see the table above).
func (pc *passCtx) closedFunc(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil || obj.Exported() || pc.entryPoint(fn) ||
		pc.gor.asValue[fn] || len(pc.gor.roots[fn]) > 0 || isInitFunc(fn) || isProgramStart(fn) {
		return false
	}
	return fn.Signature.Recv() == nil || !pc.model.indirect[obj] && !pc.model.indirect[obj.Id()]
}

// indirectMethods returns the methods whose callers are not all static
// call sites: the concrete methods used as method values or method
// expressions (through the wrappers SSA makes for them), by *types.Func,
// and, by types.Func.Id, the names of the interface methods the package
// calls (or uses as values): any method of that name may be the one
// called, on any value, even through a type another package declares that
// embeds it.
func (pc *passCtx) indirectMethods() map[any]bool {
	ind := make(map[any]bool)
	iface := func(obj *types.Func) bool {
		sig := obj.Type().(*types.Signature)
		return sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
	}
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok && c.Common().IsInvoke() {
					ind[c.Common().Method.Id()] = true
				}
				for _, op := range instr.Operands(nil) {
					f, ok := (*op).(*ssa.Function)
					if !ok || f.Synthetic == "" {
						continue
					}
					if obj, ok := f.Object().(*types.Func); ok {
						if iface(obj) {
							ind[obj.Id()] = true
						} else {
							ind[obj.Origin()] = true
						}
					}
				}
			}
		}
	}
	return ind
}

// escapedBefore reports whether v, an object of at's function, may have
// escaped (see escapesOf) on some path that reaches at with the same v: a
// path from an escape to at that does not run v's definition again (a new
// object each time round a loop).
func (pc *passCtx) escapedBefore(v ssa.Value, at ssa.Instruction) bool {
	def, _ := v.(ssa.Instruction) // nil for a parameter: defined once per call
	for _, e := range pc.escapesOf(v) {
		if e.Parent() != at.Parent() {
			return true
		}
		if !pc.reachable(e, at) {
			continue
		}
		if def == nil || !pc.reachable(def, def) {
			return true
		}
		if pathCutting(e.Block(), pc.index(e)+1, at, func(x ssa.Instruction) bool { return x == def }, nil) {
			return true
		}
	}
	return false
}

// escapesOf returns the instructions of v's function at which v, a pointer
// to an object, or an address inside the object, escapes.
func (pc *passCtx) escapesOf(v ssa.Value) []ssa.Instruction {
	m := pc.model
	if es, ok := m.escapeSites[v]; ok {
		return es
	}
	var es []ssa.Instruction
	pc.escapeUses(v, 0, &es)
	m.escapeSites[v] = es
	return es
}

// escapeUses appends to out the instructions at which v, or an address
// derived from it (a field or an array element), escapes.
func (pc *passCtx) escapeUses(v ssa.Value, depth int, out *[]ssa.Instruction) {
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if depth > 16 {
				*out = append(*out, r)
				continue
			}
			pc.escapeUses(r.(ssa.Value), depth+1, out)
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op != token.MUL {
				*out = append(*out, r)
			}
		case *ssa.BinOp:
			// A comparison.
		case *ssa.Store:
			if r.Val == v {
				*out = append(*out, r)
			}
		case *ssa.Call:
			if !pc.callKeeps(r.Common(), v) {
				*out = append(*out, r)
			}
		default:
			*out = append(*out, r)
		}
	}
}

// callKeeps reports whether the call c lets no other party reach v, one of
// its arguments: an operation of sync or sync/atomic on v (v.mu.Lock(),
// atomic.AddInt32(&v.n, 1)), len or cap, or a function of the package
// whose parameters that receive v do not escape.
func (pc *passCtx) callKeeps(c *ssa.CallCommon, v ssa.Value) bool {
	if c.IsInvoke() || c.Value == v {
		return false
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		return b.Name() == "len" || b.Name() == "cap"
	}
	if obj := calleeFunc(c); obj != nil && obj.Pkg() != nil && (obj.Pkg().Path() == "sync" || obj.Pkg().Path() == "sync/atomic") {
		// The object operated on, not the value stored (p.Store(v)).
		return !slices.Contains(c.Args[1:], v)
	}
	f := pc.inPkg(c)
	if f == nil {
		return false
	}
	esc := pc.paramEscapes(f)
	for i, a := range c.Args {
		if a == v && (i >= len(esc) || esc[i]) {
			return false
		}
	}
	return true
}

// paramEscapes returns, for each parameter of fn, whether fn lets it escape
// (see escapesOf). It is a summary: see solveSummaries.
func (pc *passCtx) paramEscapes(fn *ssa.Function) []bool {
	return memoized(pc.escMemo, fn, pc.computeParamEscapes)
}

func (pc *passCtx) computeParamEscapes(fn *ssa.Function) []bool {
	res := make([]bool, len(fn.Params))
	for i, p := range fn.Params {
		// A function without a body (written in assembly) is not known.
		if len(fn.Blocks) == 0 {
			res[i] = true
			continue
		}
		var es []ssa.Instruction
		pc.escapeUses(p, 0, &es)
		res[i] = len(es) > 0
	}
	return res
}

// unpublished reports whether the write w is made on an object no other
// goroutine can reach yet: a fresh parameter (see fresh), or an object w's
// function allocated that has escaped on no path to w. A goroutine that
// reads the object later reaches it through an escape that comes after w,
// so the order of such writes is not what it can observe: whether the
// escape publishes the object safely is a question of that escape.
func (pc *passCtx) unpublished(w *access) bool {
	if strings.Contains(w.base.path, "*") {
		return false
	}
	switch r := w.base.root.(type) {
	case *ssa.Alloc:
		return r.Parent() == w.fn && !pc.escapedBefore(r, w.instr)
	case *ssa.Parameter:
		return pc.fresh(w)
	}
	return false
}
