package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

// A location is a memory location that goroutines can share: a package
// variable, a struct field (all instances of the field's struct type are one
// location), or a local variable captured by a closure.
type location struct {
	obj   *types.Var // package variable or struct field (generic fields by origin)
	alloc *ssa.Alloc // captured local variable
}

func (l location) String() string {
	if l.obj != nil {
		return l.obj.Name()
	}
	if l.alloc != nil {
		return l.alloc.Comment
	}
	return "?"
}

// typ returns the type of the value stored at l.
func (l location) typ() types.Type {
	if l.obj != nil {
		return l.obj.Type()
	}
	return l.alloc.Type().(*types.Pointer).Elem()
}

type accessKind uint8

const (
	plainRead accessKind = iota
	plainWrite
	atomicRead  // atomic load, or a read-modify-write seen as a read
	atomicWrite // atomic store, add, swap, compare-and-swap
)

// An access is one read or write of a location.
type access struct {
	kind  accessKind
	loc   location
	instr ssa.Instruction
	fn    *ssa.Function
	// base identifies the object whose field is accessed, for fields
	base objKey
	// guards caches the branches on the value read (see guardsOf).
	guards []*ssa.If
	// setter: a call taken as the flag write made inside the called function.
	setter bool
	// getter: a call taken as the read its function returns.
	getter bool
	// val is the value loaded (plainRead, atomic loads) or stored (plainWrite,
	// atomic stores), when there is one.
	val ssa.Value
}

// accessIndex lists the accesses of the package by location.
type accessIndex struct {
	byLoc   map[location][]*access
	byFn    map[*ssa.Function][]*access
	byInstr map[ssa.Instruction]*access
	// copies holds, by field, the loads that copy a whole struct (return
	// *s): each reads every field plainly. They are not in the other
	// indexes, which hold one access per instruction.
	copies map[location][]*access
	locs   []location // in order of first access, for determinism
}

func (ix *accessIndex) add(a *access) {
	// Accesses the compiler makes up (a captured parameter copied to the
	// heap at entry) have no position and publish nothing.
	if !posOf(a.instr).IsValid() {
		return
	}
	if _, ok := ix.byLoc[a.loc]; !ok {
		ix.locs = append(ix.locs, a.loc)
	}
	ix.byLoc[a.loc] = append(ix.byLoc[a.loc], a)
	ix.byFn[a.fn] = append(ix.byFn[a.fn], a)
	ix.byInstr[a.instr] = a
}

// buildAccesses records every plain load and store of a shared location and
// every sync/atomic operation on one.
func (pc *passCtx) buildAccesses() {
	ix := &accessIndex{byLoc: make(map[location][]*access), byFn: make(map[*ssa.Function][]*access), byInstr: make(map[ssa.Instruction]*access), copies: make(map[location][]*access)}
	// Fields documented as confined to one goroutine are left out: no
	// check reports them.
	confined := confinedFields(pc.pass.Fset, pc.pass.Files, pc.pass.TypesInfo)
	add := func(a *access) {
		if a.loc.obj == nil || !confined[a.loc.obj] {
			ix.add(a)
		}
	}
	var structLoads []*ssa.UnOp
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			if pc.dead(b) {
				continue
			}
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Store:
					if l, ok := pc.locOf(instr.Addr); ok {
						add(&access{kind: plainWrite, loc: l, instr: instr, fn: fn, val: instr.Val, base: pc.baseOf(instr.Addr)})
					}
				case *ssa.UnOp:
					// The unused load of a whole array that SSA makes for
					// for i := range c.shards is not made by the compiler
					// (the range expression is not evaluated).
					if instr.Op == token.MUL && !unusedArrayLoad(instr) {
						if l, ok := pc.locOf(instr.X); ok {
							add(&access{kind: plainRead, loc: l, instr: instr, fn: fn, val: instr, base: pc.baseOf(instr.X)})
						}
						if _, ok := instr.Type().Underlying().(*types.Struct); ok && posOf(instr).IsValid() {
							structLoads = append(structLoads, instr)
						}
					}
				case *ssa.Call:
					if a := pc.atomicAccess(instr); a != nil {
						a.fn = fn
						add(a)
					}
				}
			}
		}
	}
	pc.acc = ix
	pc.addCopies(structLoads)
}

// unusedArrayLoad reports whether instr loads a whole array and nothing
// uses the value.
func unusedArrayLoad(instr *ssa.UnOp) bool {
	_, array := instr.Type().Underlying().(*types.Array)
	return array && len(*instr.Referrers()) == 0
}

// addCopies records each load of a whole struct (return *s) as a plain
// read of those of its fields that are also accessed atomically: the only
// check that reads copies is mixedatomic.
func (pc *passCtx) addCopies(loads []*ssa.UnOp) {
	atomicField := make(map[*types.Var]bool)
	for _, l := range pc.acc.locs {
		for _, a := range pc.acc.byLoc[l] {
			if l.obj != nil && (a.kind == atomicRead || a.kind == atomicWrite) {
				atomicField[l.obj] = true
			}
		}
	}
	if len(atomicField) == 0 {
		return
	}
	for _, ld := range loads {
		var base *objKey
		for f := range ld.Type().Underlying().(*types.Struct).Fields() {
			if !atomicField[f.Origin()] {
				continue
			}
			if base == nil {
				k := pc.objOf(ld.X, 0)
				base = &k
			}
			l := location{obj: f.Origin()}
			pc.acc.copies[l] = append(pc.acc.copies[l], &access{kind: plainRead, loc: l, instr: ld, fn: ld.Parent(), base: *base})
		}
	}
}

// atomicAccess describes call as an atomic access, for the sync/atomic
// functions (atomic.AddInt64(&x, 1)) and the methods of its types
// (x.Store(true) on an atomic.Bool).
func (pc *passCtx) atomicAccess(call *ssa.Call) *access {
	obj := calleeFunc(call.Common())
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" {
		return nil
	}
	args := call.Common().Args
	if len(args) == 0 {
		return nil
	}
	l, ok := pc.locOf(args[0])
	if !ok {
		return nil
	}
	a := &access{loc: l, instr: call, base: pc.baseOf(args[0])}
	name := obj.Name()
	switch {
	case hasPrefix(name, "Load"):
		a.kind, a.val = atomicRead, call
	case hasPrefix(name, "Store"):
		a.kind = atomicWrite
		if len(args) > 1 {
			a.val = args[1]
		}
	case hasPrefix(name, "Swap"):
		a.kind = atomicWrite
		if len(args) > 1 {
			a.val = args[1]
		}
	case hasPrefix(name, "CompareAndSwap"):
		a.kind = atomicWrite
		if len(args) > 2 {
			a.val = args[2]
		}
	default: // Add, And, Or
		a.kind = atomicWrite
	}
	return a
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// locOf returns the shared location that addr points to, if any.
func (pc *passCtx) locOf(addr ssa.Value) (location, bool) {
	switch a := addr.(type) {
	case *ssa.Global:
		if v, ok := a.Object().(*types.Var); ok {
			return location{obj: v}, true
		}
	case *ssa.FieldAddr:
		if f := fieldVar(a.X.Type(), a.Field); f != nil {
			return location{obj: f.Origin()}, true
		}
	case *ssa.FreeVar:
		if alloc := pc.captured[a]; alloc != nil {
			return location{alloc: alloc}, true
		}
	case *ssa.Alloc:
		if pc.sharedAllocs[a] {
			return location{alloc: a}, true
		}
	case *ssa.IndexAddr:
		// An element of an array field or variable (&c.shards[i]) stands
		// for the array: elements are not told apart.
		if x := arrayOf(a); x != nil {
			return pc.locOf(x)
		}
	}
	return location{}, false
}

// arrayOf returns the address of the array whose element a addresses, or
// nil when a indexes a slice.
func arrayOf(a *ssa.IndexAddr) ssa.Value {
	if p, ok := a.X.Type().Underlying().(*types.Pointer); ok {
		if _, ok := p.Elem().Underlying().(*types.Array); ok {
			return a.X
		}
	}
	return nil
}

// isPackageVar reports whether l is a package variable, which every
// function of the package may reach.
func isPackageVar(l location) bool {
	return l.obj != nil && l.obj.Parent() != nil && l.obj.Parent() == l.obj.Pkg().Scope()
}

// objKey identifies, within one function, the object whose field an address
// selects: the same variable or value, through the same field path. It is
// the zero objKey for package variables and captured variables.
type objKey struct {
	root any
	path string
}

func (pc *passCtx) baseOf(addr ssa.Value) objKey {
	if ia, ok := addr.(*ssa.IndexAddr); ok && arrayOf(ia) != nil {
		addr = ia.X
	}
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return objKey{}
	}
	return pc.objOf(fa.X, 0)
}

func (pc *passCtx) objOf(v ssa.Value, depth int) objKey {
	if depth > 8 {
		return objKey{root: v}
	}
	switch x := v.(type) {
	case *ssa.FieldAddr:
		k := pc.objOf(x.X, depth+1)
		k.path += "." + strconv.Itoa(x.Field)
		return k
	case *ssa.FreeVar:
		if a := pc.captured[x]; a != nil {
			return objKey{root: a}
		}
	case *ssa.Global:
		return objKey{root: x.Object()}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			if a := pc.resolveAlloc(x.X, 0); a != nil {
				return objKey{root: a, path: "*"}
			}
			if g, ok := x.X.(*ssa.Global); ok {
				return objKey{root: g.Object(), path: "*"}
			}
			k := pc.objOf(x.X, depth+1)
			k.path += "*"
			return k
		}
	}
	return objKey{root: v}
}

// fieldVar returns field i of the struct that ptr (a pointer to struct) points to.
func fieldVar(ptr types.Type, i int) *types.Var {
	p, ok := types.Unalias(ptr).Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	s, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || i >= s.NumFields() {
		return nil
	}
	return s.Field(i)
}

// indexClosures maps each free variable of a closure to the local variable
// it captures, and records which local variables are shared with closures or
// handed to goroutines by address.
func (pc *passCtx) indexClosures() {
	pc.captured = make(map[*ssa.FreeVar]*ssa.Alloc)
	pc.sharedAllocs = make(map[*ssa.Alloc]bool)
	pc.bindings = make(map[*ssa.FreeVar]ssa.Value)
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				mc, ok := instr.(*ssa.MakeClosure)
				if !ok {
					continue
				}
				cl := mc.Fn.(*ssa.Function)
				for i, fv := range cl.FreeVars {
					if i < len(mc.Bindings) {
						pc.bindings[fv] = mc.Bindings[i]
					}
				}
			}
		}
	}
	pc.capturedBy = make(map[*ssa.Alloc][]*ssa.FreeVar)
	for _, fn := range pc.funcs {
		for _, fv := range fn.FreeVars {
			if alloc := pc.resolveAlloc(fv, 0); alloc != nil {
				pc.captured[fv] = alloc
				pc.capturedBy[alloc] = append(pc.capturedBy[alloc], fv)
				pc.sharedAllocs[alloc] = true
			}
		}
	}
}

// resolveAlloc follows a chain of free variables to the captured local.
func (pc *passCtx) resolveAlloc(v ssa.Value, depth int) *ssa.Alloc {
	for ; depth < 32; depth++ {
		switch x := v.(type) {
		case *ssa.Alloc:
			return x
		case *ssa.FreeVar:
			b, ok := pc.bindings[x]
			if !ok {
				return nil
			}
			v = b
		default:
			return nil
		}
	}
	return nil
}

// A declCursor is a top-level declaration and its extent.
type declCursor struct {
	pos, end token.Pos
	cur      inspector.Cursor
}

// cursorAt returns the cursor of the innermost node at pos, searching only
// the top-level declaration that holds it (found by binary search), not
// the whole package.
func (pc *passCtx) cursorAt(pos token.Pos) (inspector.Cursor, bool) {
	if pc.decls == nil {
		pc.decls = []declCursor{}
		for file := range pc.inspect.Root().Children() {
			for decl := range file.Children() {
				n := decl.Node()
				pc.decls = append(pc.decls, declCursor{n.Pos(), n.End(), decl})
			}
		}
		slices.SortFunc(pc.decls, func(a, b declCursor) int { return int(a.pos - b.pos) })
	}
	i, _ := slices.BinarySearchFunc(pc.decls, pos, func(d declCursor, p token.Pos) int { return int(d.pos - p) })
	// pc.decls[i-1] (or [i], on an exact match) is the last to start at
	// or before pos.
	for _, j := range []int{i, i - 1} {
		if j >= 0 && j < len(pc.decls) && pc.decls[j].pos <= pos && pos <= pc.decls[j].end {
			return pc.decls[j].cur.FindByPos(pos, pos)
		}
	}
	return pc.inspect.Root().FindByPos(pos, pos)
}

// exprAt returns the source expression for an access or call at pos: the
// whole selector for a field (c.cfg.timeout), else the innermost expression.
func (pc *passCtx) exprAt(pos token.Pos) ast.Expr {
	if !pos.IsValid() {
		return nil
	}
	cur, ok := pc.cursorAt(pos)
	if !ok {
		return nil
	}
	e, ok := cur.Node().(ast.Expr)
	if !ok {
		return nil
	}
	for {
		p := cur.Parent()
		sel, ok := p.Node().(*ast.SelectorExpr)
		if !ok || sel.Sel != e {
			break
		}
		cur, e = p, sel
	}
	return e
}

// nameAt renders the expression at pos, or falls back to l's name.
func (pc *passCtx) nameAt(pos token.Pos, l location) string {
	if e := pc.exprAt(pos); e != nil {
		if _, ok := e.(*ast.BasicLit); !ok {
			return types.ExprString(e)
		}
	}
	return l.String()
}

// An anchor is evidence that two accesses in different functions reach the
// same object: the same package or captured variable, the receiver of
// methods of the same type, or a value handed to a goroutine as an argument
// of the go statement that starts it.
type anchor struct {
	obj  any // types.Object, *ssa.Alloc, *types.TypeName (receiver), ssa.Instruction (go statement)
	arg  int
	path string
}

// anchors returns the evidence for the object a's field belongs to. Fields of
// objects reached any other way (parameters, results of calls) have none.
func (pc *passCtx) anchors(a *access) []anchor {
	b := a.base
	if b == (objKey{}) {
		return []anchor{{obj: a.loc}}
	}
	switch r := b.root.(type) {
	case types.Object:
		return []anchor{{obj: r, path: b.path}}
	case *ssa.Alloc:
		if pc.sharedAllocs[r] {
			return []anchor{{obj: r, path: b.path}}
		}
	case *ssa.Parameter:
		fn := r.Parent()
		idx := -1
		for i, p := range fn.Params {
			if p == r {
				idx = i
			}
		}
		var as []anchor
		if n := recvType(fn); n != nil && idx == 0 && pc.gor.selfTypes[n] {
			as = append(as, anchor{obj: n, path: b.path})
		}
		origin := fn
		if o := fn.Origin(); o != nil {
			origin = o
		}
		for _, site := range pc.gor.roots[origin] {
			if _, ok := site.(*ssa.Go); ok {
				as = append(as, anchor{obj: site, arg: idx, path: b.path})
			}
		}
		// One call away: the caller passes a package or captured variable.
		for _, site := range pc.gor.callers[origin] {
			if args := site.Common().Args; idx >= 0 && idx < len(args) {
				k := pc.objOf(args[idx], 0)
				switch k.root.(type) {
				case types.Object, *ssa.Alloc:
					if a, ok := k.root.(*ssa.Alloc); ok && !pc.sharedAllocs[a] {
						continue
					}
					as = append(as, anchor{obj: k.root, path: k.path + b.path})
				}
			}
		}
		return as
	}
	// A value of the spawner handed to a goroutine.
	v, ok := b.root.(ssa.Value)
	if !ok || v.Referrers() == nil {
		return nil
	}
	var as []anchor
	for _, r := range *v.Referrers() {
		if g, ok := r.(*ssa.Go); ok {
			for i, arg := range g.Call.Args {
				if arg == v {
					as = append(as, anchor{obj: g, arg: i, path: b.path})
				}
			}
		}
	}
	return as
}

// sameObject reports whether there is evidence that a and b access the
// same object.
func (pc *passCtx) sameObject(a, b *access) bool {
	if al := a.loc.alloc; al != nil {
		// Two frames of the function that declares the variable (a
		// recursive call in a goroutine) hold two different variables.
		if a.fn == al.Parent() && b.fn == al.Parent() {
			return false
		}
	}
	as := pc.anchors(a)
	if len(as) == 0 {
		return false
	}
	for _, y := range pc.anchors(b) {
		for _, x := range as {
			if x == y {
				return true
			}
		}
	}
	return false
}

// guarded reports whether a lock is held at a.
func (pc *passCtx) guarded(a *access) bool {
	return pc.locked(a.instr)
}

// chanLoc returns the field a channel value is loaded from.
func (pc *passCtx) chanLoc(ch ssa.Value) (location, bool) {
	if ld, ok := ch.(*ssa.UnOp); ok && ld.Op == token.MUL {
		return pc.locOf(ld.X)
	}
	return location{}, false
}
