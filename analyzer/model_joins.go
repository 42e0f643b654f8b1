package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// The model of joins: which operations of a function that started a
// goroutine order the goroutine's writes before what follows. A receive, a
// Wait, a Lock or an atomic load joins only if the goroutine makes the
// matching release on the same object: a send on or close of that channel,
// Done on that WaitGroup, an Unlock of that mutex, an atomic store to that
// variable. Where the goroutine's releases cannot be resolved (it hands its
// channel to a function pubcheck cannot see), any acquire is presumed to
// join, as before.

type syncKind uint8

const (
	opSend syncKind = iota
	opClose
	opRecv
	opDone
	opWait
	opLock
	opUnlock
	opStore
	opLoad
)

// A syncOp is one synchronizing operation on the object key.
type syncOp struct {
	kind  syncKind
	key   any
	instr ssa.Instruction
}

// syncKey identifies the object a synchronizing operation acts on across
// functions: a captured variable, a package variable or field (by
// location), or the value itself.
func (pc *passCtx) syncKey(v ssa.Value) any {
	return pc.syncKeyIn(v, pc.keySubst)
}

// syncKeyIn is syncKey with the parameters of a callee standing for the
// keys of its caller's arguments.
func (pc *passCtx) syncKeyIn(v ssa.Value, subst map[ssa.Value]any) any {
	for range 8 {
		if k, ok := subst[v]; ok {
			return k
		}
		switch x := v.(type) {
		case *ssa.FreeVar:
			b, ok := pc.bindings[x]
			if !ok {
				return nil
			}
			v = b
			continue
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				if k, ok := subst[x.X]; ok {
					return k
				}
				if a := pc.resolveAlloc(x.X, 0); a != nil {
					return a
				}
				if l, ok := pc.locOf(x.X); ok {
					return l
				}
			}
		case *ssa.FieldAddr, *ssa.Global:
			if l, ok := pc.locOf(x); ok {
				return l
			}
		}
		return v
	}
	return nil
}

// syncOps returns the synchronizing operations instr makes itself.
func (pc *passCtx) syncOps(instr ssa.Instruction) []syncOp {
	switch x := instr.(type) {
	case *ssa.Send:
		return []syncOp{{opSend, pc.syncKey(x.Chan), x}}
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			return []syncOp{{opRecv, pc.syncKey(x.X), x}}
		}
	case *ssa.Select:
		var ops []syncOp
		for _, st := range x.States {
			k := opRecv
			if st.Dir != 2 { // types.RecvOnly
				k = opSend
			}
			ops = append(ops, syncOp{k, pc.syncKey(st.Chan), x})
		}
		return ops
	case ssa.CallInstruction:
		c := x.Common()
		if b, ok := c.Value.(*ssa.Builtin); ok {
			if b.Name() == "close" && len(c.Args) == 1 {
				return []syncOp{{opClose, pc.syncKey(c.Args[0]), x}}
			}
			return nil
		}
		obj := calleeFunc(c)
		if obj == nil || obj.Pkg() == nil || len(c.Args) == 0 || c.IsInvoke() {
			return nil
		}
		k := pc.syncKey(c.Args[0])
		switch path, name := obj.Pkg().Path(), obj.Name(); {
		case path == "sync" && recvName(obj) == "WaitGroup" && name == "Done":
			return []syncOp{{opDone, k, x}}
		case path == "sync" && recvName(obj) == "WaitGroup" && name == "Wait":
			return []syncOp{{opWait, k, x}}
		case path == "sync" && (name == "Lock" || name == "RLock"):
			return []syncOp{{opLock, k, x}}
		case path == "sync" && (name == "Unlock" || name == "RUnlock"):
			return []syncOp{{opUnlock, k, x}}
		case path == "sync/atomic" && strings.HasPrefix(name, "Load"):
			return []syncOp{{opLoad, k, x}}
		case path == "sync/atomic":
			return []syncOp{{opStore, k, x}}
		}
	}
	return nil
}

// releases returns the release operations a goroutine that runs root
// makes (in root and the functions of the package it calls directly), and
// whether it makes others pubcheck cannot resolve: a call it cannot see
// that takes a channel, or a release on an object it cannot name.
func (pc *passCtx) releases(root *ssa.Function, site ssa.Instruction) ([]syncOp, bool) {
	mk := relKey{root, site}
	if r, ok := pc.relMemo[mk]; ok {
		return r.ops, r.opaque
	}
	// The root's parameters stand for the arguments of the go statement
	// that starts it (go worker(&wg)).
	saved := pc.keySubst
	defer func() { pc.keySubst = saved }()
	pc.keySubst = nil
	if g, ok := site.(*ssa.Go); ok && funcValue(g.Call.Value) == root {
		pc.keySubst = make(map[ssa.Value]any)
		for i, p := range root.Params {
			if i < len(g.Call.Args) {
				pc.keySubst[p] = pc.syncKeyIn(g.Call.Args[i], nil)
			}
		}
	}
	var ops []syncOp
	opaque := false
	// The root, the functions of the package it calls, in turn, and the
	// function literals they make (callbacks handed to others run in the
	// goroutine): close(pf.Ready) two calls into the goroutine releases
	// what a receive from pf.Ready waits for. At most 64 functions.
	fns := slices.Clone(pc.calledFrom(root))
	for i := 0; i < len(fns) && len(fns) < 64; i++ {
		for _, anon := range fns[i].AnonFuncs {
			if !slices.Contains(fns, anon) {
				fns = append(fns, anon)
			}
		}
	}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, op := range pc.syncOps(instr) {
					switch op.kind {
					case opSend, opClose, opDone, opUnlock, opStore:
						if op.key == nil {
							opaque = true
						}
						ops = append(ops, op)
					}
				}
				if c, ok := instr.(ssa.CallInstruction); ok && pc.calleeOf(c.Common()) == nil && pc.syncOps(instr) == nil {
					for _, a := range c.Common().Args {
						if _, isChan := a.Type().Underlying().(interface{ Elem() }); isChan && isChanType(a) {
							opaque = true
						}
					}
					// errgroup.Go, a callback that may release: unknown.
					if c.Common().IsInvoke() || calleeFunc(c.Common()) == nil {
						opaque = opaque || pc.syncsAny(fn)
					}
				}
			}
		}
	}
	pc.relMemo[mk] = relInfo{ops, opaque}
	return ops, opaque
}

type relKey struct {
	root *ssa.Function
	site ssa.Instruction
}

type relInfo struct {
	ops    []syncOp
	opaque bool
}

func isChanType(v ssa.Value) bool {
	_, ok := v.Type().Underlying().(interface{ Dir() }) // *types.Chan
	return ok
}

// syncsAny reports whether fn makes any synchronizing operation.
func (pc *passCtx) syncsAny(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if len(pc.syncOps(instr)) > 0 {
				return true
			}
		}
	}
	return false
}

// acquireMatches reports whether the acquire op pairs with the release rel.
func acquireMatches(op, rel syncOp) bool {
	return op.key != nil && op.key == rel.key && pairs(op.kind, rel.kind)
}

// pairs reports whether a release of kind rel can let an acquire of kind
// acq through.
func pairs(acq, rel syncKind) bool {
	switch acq {
	case opRecv:
		return rel == opSend || rel == opClose
	case opWait:
		return rel == opDone
	case opLock:
		return rel == opUnlock
	case opLoad:
		return rel == opStore
	}
	return false
}

// named reports whether the key of op names the same object in every
// function (a field or a package variable): a parameter or a value of
// another function names nothing the caller can match.
func named(op syncOp) bool {
	_, ok := op.key.(location)
	return ok
}

// joins reports whether instr, in the function that started the goroutines
// roots (or a function of the package it calls), acquires what one of them
// releases, with rels filtering the releases that count.
func (pc *passCtx) joins(instr ssa.Instruction, roots []*ssa.Function, site ssa.Instruction, keep func(syncOp) bool, depth int) bool {
	for _, r := range roots {
		rels, opaque := pc.releases(r, site)
		if opaque && pc.isSync(instr) {
			return true
		}
		for _, op := range pc.syncOps(instr) {
			for _, rel := range rels {
				if acquireMatches(op, rel) && (keep == nil || keep(rel)) {
					return true
				}
			}
		}
	}
	if c, ok := instr.(ssa.CallInstruction); ok && depth < 3 {
		if f := pc.calleeOf(c.Common()); f != nil {
			// Inside the callee, its parameters stand for the caller's
			// arguments (wait(&wg) { wg.Wait() }).
			saved := pc.keySubst
			pc.keySubst = make(map[ssa.Value]any)
			args := c.Common().Args
			if c.Common().IsInvoke() {
				// The receiver of a call through an interface.
				args = append([]ssa.Value{c.Common().Value}, args...)
			}
			for i, p := range f.Params {
				if i < len(args) {
					pc.keySubst[p] = pc.syncKeyIn(args[i], saved)
				}
			}
			defer func() { pc.keySubst = saved }()
			for _, b := range f.Blocks {
				for _, x := range b.Instrs {
					if pc.joins(x, roots, site, keep, depth+1) {
						return true
					}
				}
			}
			return false
		}
		// A call pubcheck cannot see that may wait (errgroup's Wait, a
		// helper of another package): presumed to join.
		if pc.callSyncs(c.Common()) && len(pc.syncOps(instr)) == 0 {
			return true
		}
	}
	return false
}

// unjoinedPath reports whether b can run after a, which starts the
// goroutines roots, on a path with no join of them.
func (pc *passCtx) unjoinedPath(a, b ssa.Instruction, roots []*ssa.Function, keep func(syncOp) bool) bool {
	return pc.pathWithout(a.Block(), pc.index(a)+1, b, func(x ssa.Instruction) bool {
		return pc.joins(x, roots, a, keep, 0)
	})
}

// joinedAtCalls reports whether fn runs after a join at each of its calls:
// fn can be called only from the package's own call sites (closedFunc),
// and before each of them, on every path, joined(site) holds: the caller
// has joined (a reader that waits for the stream, then calls a helper that
// reads what the stream's goroutine wrote), or, in turn, every call of the
// caller comes after a join. The callers' callers are followed as far as
// they go, each function once per key, which names joined for the memo; a
// function asked about again while its own answer is being computed
// (recursion) is not joined there.
func (pc *passCtx) joinedAtCalls(fn *ssa.Function, key any, joined func(site ssa.Instruction) bool) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	k := callJoinKey{fn, key}
	if v, ok := pc.callJoinMemo[k]; ok {
		return v
	}
	pc.callJoinMemo[k] = false
	sites := pc.gor.callers[fn]
	v := len(sites) > 0 && pc.closedFunc(fn)
	for _, s := range sites {
		if !v {
			break
		}
		v = joined(s) || pc.joinedAtCalls(s.Parent(), key, joined)
	}
	pc.callJoinMemo[k] = v
	return v
}

type callJoinKey struct {
	fn  *ssa.Function
	key any
}

func (pc *passCtx) isJoin(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Select:
		return true
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Call:
		if f := pc.inPkg(instr.Common()); f != nil {
			return memoized(pc.joinMemo, f, pc.computeJoin)
		}
		if obj := calleeFunc(instr.Common()); obj != nil {
			return strings.HasPrefix(obj.Name(), "Wait") || strings.HasPrefix(obj.Name(), "Join")
		}
	}
	return false
}

// computeJoin reports whether f, or a function of the package it calls,
// joins (see isJoin).
func (pc *passCtx) computeJoin(f *ssa.Function) bool {
	for _, b := range f.Blocks {
		for _, x := range b.Instrs {
			if pc.isJoin(x) {
				return true
			}
		}
	}
	return false
}

// callsReaching returns the calls of fn to functions of the package that
// reach target, directly or through the functions they call (at most 64
// followed from each call).
func (pc *passCtx) callsReaching(fn, target *ssa.Function) []ssa.Instruction {
	var out []ssa.Instruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok || isGoInstr(instr) {
				continue
			}
			if f := pc.calleeOf(c.Common()); f != nil && slices.Contains(pc.calledFrom(f), target) {
				out = append(out, instr)
			}
		}
	}
	return out
}

// calledFrom returns f and the functions of the package it calls, in turn,
// at most 64.
func (pc *passCtx) calledFrom(f *ssa.Function) []*ssa.Function {
	if fs, ok := pc.calledMemo[f]; ok {
		return fs
	}
	fs := []*ssa.Function{f}
	seen := map[*ssa.Function]bool{f: true}
	for i := 0; i < len(fs) && len(fs) < 64; i++ {
		for _, b := range fs[i].Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok && !isGoInstr(instr) {
					if g := pc.calleeOf(c.Common()); g != nil && !seen[g] {
						seen[g] = true
						fs = append(fs, g)
					}
				}
			}
		}
	}
	pc.calledMemo[f] = fs
	return fs
}

// calleeOf returns the function of the package a call runs: its static
// callee, or, for a call through an interface, the method of the one
// concrete type the value can hold (see concreteType).
func (pc *passCtx) calleeOf(c *ssa.CallCommon) *ssa.Function {
	if f := pc.inPkg(c); f != nil || !c.IsInvoke() || len(pc.funcs) == 0 {
		return f
	}
	t := pc.concreteType(c.Value, 0)
	if t == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, c.Method.Pkg(), c.Method.Name())
	m, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	f := pc.funcs[0].Prog.FuncValue(m)
	if f == nil {
		return nil
	}
	if o := f.Origin(); o != nil {
		f = o
	}
	if !pc.isSrc[f] {
		return nil
	}
	return f
}

// concreteType returns the one concrete type the interface value v can
// hold: a conversion, a variable every assignment of which holds that
// type, or the result of a function of the package every return of which
// does (rl := NewFakeNeverRateLimiter(), which returns &fakeNeverRateLimiter{}).
func (pc *passCtx) concreteType(v ssa.Value, depth int) types.Type {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case *ssa.MakeInterface:
		return x.X.Type()
	case *ssa.FreeVar:
		if b, ok := pc.bindings[x]; ok {
			return pc.concreteType(b, depth+1)
		}
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return nil
		}
		a := pc.resolveAlloc(x.X, 0)
		if a == nil {
			return nil
		}
		var t types.Type
		stores, ok := pc.storesTo(a)
		if !ok {
			return nil
		}
		for _, st := range stores {
			u := pc.concreteType(st.Val, depth+1)
			if u == nil || t != nil && !types.Identical(t, u) {
				return nil
			}
			t = u
		}
		return t
	case *ssa.Call:
		f := pc.inPkg(x.Common())
		if f == nil {
			return nil
		}
		var t types.Type
		for _, b := range f.Blocks {
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok {
				continue
			}
			if len(ret.Results) == 0 {
				return nil
			}
			u := pc.concreteType(ret.Results[0], depth+1)
			if u == nil || t != nil && !types.Identical(t, u) {
				return nil
			}
			t = u
		}
		return t
	}
	return nil
}

// mustAcquires returns the receives and Waits f makes on every path through
// it, at the top of its body, on objects named alike everywhere (fields,
// package variables): an Accept that is t.wg.Wait().
func (pc *passCtx) mustAcquires(f *ssa.Function) []syncOp {
	var exits []*ssa.BasicBlock
	for _, b := range f.Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			exits = append(exits, b)
		}
	}
	var out []syncOp
	for _, b := range f.Blocks {
		all := len(exits) > 0
		for _, e := range exits {
			all = all && b.Dominates(e)
		}
		if !all {
			continue
		}
		for _, instr := range b.Instrs {
			switch instr.(type) {
			case *ssa.UnOp, *ssa.Call:
				for _, op := range pc.syncOps(instr) {
					if (op.kind == opRecv || op.kind == opWait) && named(op) {
						out = append(out, op)
					}
				}
			}
		}
	}
	return out
}

// releasesIn reports whether instr releases what op waits for, itself or
// in the functions of the package it calls (see doesIn). A release on what
// a callee cannot name may be on op's object (stop(ch) { close(ch) }).
func (pc *passCtx) releasesIn(instr ssa.Instruction, op syncOp) bool {
	return pc.doesIn(instr, func(x ssa.Instruction, inCallee bool) bool {
		for _, rel := range pc.syncOps(x) {
			if acquireMatches(op, rel) || inCallee && !named(rel) && pairs(op.kind, rel.kind) {
				return true
			}
		}
		return false
	})
}

// addsTo reports whether instr adds to the WaitGroup key, itself or in
// the functions of the package it calls (a constructor that calls
// rl.wg.Add(1)).
func (pc *passCtx) addsTo(instr ssa.Instruction, key any) bool {
	return pc.doesIn(instr, func(x ssa.Instruction, _ bool) bool {
		c, ok := x.(*ssa.Call)
		return ok && isFunc(calleeFunc(c.Common()), "sync", "WaitGroup", "Add") && len(c.Call.Args) > 0 && pc.syncKey(c.Call.Args[0]) == key
	})
}

// doesIn reports whether does holds for instr, or, where instr is a call
// (not a go statement), for an instruction of a function of the package
// it runs (calledFrom its callee, through an interface too where calleeOf
// resolves it); inCallee tells does which.
func (pc *passCtx) doesIn(instr ssa.Instruction, does func(x ssa.Instruction, inCallee bool) bool) bool {
	if does(instr, false) {
		return true
	}
	c, ok := instr.(ssa.CallInstruction)
	if !ok || isGoInstr(instr) {
		return false
	}
	f := pc.calleeOf(c.Common())
	if f == nil {
		return false
	}
	for _, g := range pc.calledFrom(f) {
		for _, b := range g.Blocks {
			for _, x := range b.Instrs {
				if does(x, true) {
					return true
				}
			}
		}
	}
	return false
}
