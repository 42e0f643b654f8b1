package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// What counts as publishing a value to other goroutines, and what counts as
// mutating a value in place.

type pubKind uint8

const (
	pubAtomic  pubKind = iota // atomic.Pointer, atomic.Value
	pubSyncMap                // sync.Map
	pubSend                   // channel send
	pubGo                     // argument or capture of a go statement
)

// A publication hands the values in vals (pointers, maps, slices) to other
// goroutines at instr.
type publication struct {
	kind  pubKind
	instr ssa.Instruction
	vals  []ssa.Value
	// vars are captured variables whose current value the goroutine sees.
	vars []*ssa.Alloc
	// via renders the publishing operation: "s.cur.Store", "ch".
	via string
	// names renders each of vals as written at the publication.
	names map[ssa.Value]string
	// inner is, for a call of a function of the package that publishes an
	// argument, the publication inside it.
	inner *publication
	// ext is, for a call of a function of another package that publishes
	// an argument, what its summary says.
	ext *pubParam
	// sendCase is, for a send in a select, the block that runs when the
	// send is the case chosen, if it could be found.
	sendCase *ssa.BasicBlock
}

// selectCase returns the block a select runs when case i is chosen: the
// true branch of the test of the select's index against i.
func selectCase(sel *ssa.Select, i int) *ssa.BasicBlock {
	for _, r := range *sel.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, r := range *ex.Referrers() {
			cmp, ok := r.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			c, ok := cmp.Y.(*ssa.Const)
			if !ok || c.Int64() != int64(i) {
				continue
			}
			for _, r := range *cmp.Referrers() {
				if ifi, ok := r.(*ssa.If); ok {
					return ifi.Block().Succs[0]
				}
			}
		}
	}
	return nil
}

// origin returns the publication that actually hands the value over.
func (p *publication) origin() *publication {
	for p.inner != nil {
		p = p.inner
	}
	return p
}

// publications returns the publications in fn, in instruction order.
func (pc *passCtx) publications(fn *ssa.Function) []*publication {
	var pubs []*publication
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Call:
				if p := pc.callPublication(instr); p != nil {
					pubs = append(pubs, p)
				} else if p := pc.wrappedPublication(instr); p != nil {
					pubs = append(pubs, p)
				}
			case *ssa.Send:
				if v := pointerLike(instr.X); v != nil && !localChan(instr.Chan) {
					send := pc.enclosing(instr.Pos(), (*ast.SendStmt)(nil))
					p := &publication{kind: pubSend, instr: instr, vals: []ssa.Value{v}, via: "channel", names: map[ssa.Value]string{v: v.Name()}}
					if send != nil {
						p.via = types.ExprString(send.(*ast.SendStmt).Chan)
						p.names[v] = types.ExprString(send.(*ast.SendStmt).Value)
					}
					pubs = append(pubs, p)
				}
			case *ssa.Select:
				for i, st := range instr.States {
					if st.Dir == types.SendOnly {
						if v := pointerLike(st.Send); v != nil && !localChan(st.Chan) {
							pubs = append(pubs, &publication{kind: pubSend, instr: instr, vals: []ssa.Value{v}, via: "a channel in select",
								names: map[ssa.Value]string{v: v.Name()}, sendCase: selectCase(instr, i)})
						}
					}
				}
			case *ssa.Go:
				if p := pc.goPublication(instr, instr.Common()); p != nil {
					pubs = append(pubs, p)
				}
			}
		}
	}
	return pubs
}

func (pc *passCtx) callPublication(call *ssa.Call) *publication {
	c := call.Common()
	obj := calleeFunc(c)
	if obj == nil || obj.Pkg() == nil || c.IsInvoke() {
		return nil
	}
	if spawnerArg(obj) >= 0 {
		return pc.goPublication(call, c)
	}
	var kind pubKind
	var arg int
	switch path, recv, name := obj.Pkg().Path(), recvName(obj), obj.Name(); {
	case path == "sync/atomic" && (recv == "Pointer" || recv == "Value"):
		kind = pubAtomic
		switch name {
		case "Store", "Swap":
			arg = 1
		case "CompareAndSwap":
			arg = 2
		default:
			return nil
		}
	case path == "sync" && recv == "Map":
		kind = pubSyncMap
		switch name {
		case "Store", "LoadOrStore", "Swap":
			arg = 2
		default:
			return nil
		}
	default:
		return nil
	}
	if arg >= len(c.Args) || !pc.sharedAddr(c.Args[0]) {
		return nil
	}
	v := pointerLike(c.Args[arg])
	if v == nil {
		return nil
	}
	return &publication{kind: kind, instr: call, vals: []ssa.Value{v}, via: pc.calleeText(call),
		names: map[ssa.Value]string{v: pc.argText(call, arg)}}
}

// goPublication describes what a goroutine start hands over: pointer-like
// arguments and the variables its closure captures.
func (pc *passCtx) goPublication(instr ssa.Instruction, c *ssa.CallCommon) *publication {
	p := &publication{kind: pubGo, instr: instr, names: make(map[ssa.Value]string)}
	fnv := c.Value
	if _, isGo := instr.(*ssa.Go); !isGo {
		if i := spawnerArg(calleeFunc(c)); i >= 0 && i < len(c.Args) {
			fnv = c.Args[i]
			p.via = pc.calleeText(instr.(*ssa.Call))
		}
	} else {
		for i, a := range c.Args {
			if v := pointerLike(a); v != nil {
				p.vals = append(p.vals, v)
				p.names[v] = pc.argText(instr, i)
			}
		}
	}
	if mc, ok := fnv.(*ssa.MakeClosure); ok {
		for _, b := range mc.Bindings {
			if alloc, ok := b.(*ssa.Alloc); ok {
				if isPointerLike(alloc.Type().(*types.Pointer).Elem()) {
					p.vars = append(p.vars, alloc)
				}
			} else if v := pointerLike(b); v != nil {
				p.vals = append(p.vals, v)
				p.names[v] = v.Name()
			}
		}
	}
	if len(p.vals) == 0 && len(p.vars) == 0 {
		return nil
	}
	return p
}

// pointerLike returns v, unwrapped from interface conversions, when it is a
// pointer, map or slice: a value through which the receiver sees memory the
// sender can still change.
func pointerLike(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeType:
			v = x.X
			continue
		}
		break
	}
	if _, ok := v.(*ssa.Const); ok {
		return nil
	}
	if isPointerLike(v.Type()) {
		return v
	}
	return nil
}

func isPointerLike(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice:
		return true
	}
	return false
}

// localChan reports whether ch is made in this function and used only for
// channel operations in it, so that no other goroutine can receive from it.
func localChan(ch ssa.Value) bool {
	mc, ok := ch.(*ssa.MakeChan)
	if !ok {
		return false
	}
	for _, r := range *mc.Referrers() {
		switch r := r.(type) {
		case *ssa.Send, *ssa.Select:
		case *ssa.UnOp:
			if r.Op != token.ARROW {
				return false
			}
		case *ssa.Call:
			b, ok := r.Call.Value.(*ssa.Builtin)
			if !ok || (b.Name() != "len" && b.Name() != "cap" && b.Name() != "close") {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// sharedAddr reports whether addr (the address of an atomic.Pointer,
// atomic.Value or sync.Map) can be reached by other goroutines: it is not a
// local variable used only in this function.
func (pc *passCtx) sharedAddr(addr ssa.Value) bool {
	for {
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			addr = a.X
			continue
		case *ssa.IndexAddr:
			addr = a.X
			continue
		case *ssa.Alloc:
			return pc.sharedAllocs[a] || escapesLocally(a, 0)
		}
		return true
	}
}

// escapesLocally reports whether the address v is used other than for
// method calls, field selection, loads and stores.
func escapesLocally(v ssa.Value, depth int) bool {
	if depth > 4 {
		return true
	}
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if escapesLocally(r, depth+1) {
				return true
			}
		case *ssa.IndexAddr:
			if escapesLocally(r, depth+1) {
				return true
			}
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.Store:
			if r.Val == v {
				return true
			}
		case *ssa.Call:
			obj := calleeFunc(r.Common())
			if obj == nil || obj.Pkg() == nil || (obj.Pkg().Path() != "sync/atomic" && obj.Pkg().Path() != "sync") {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// A mutation writes into memory reachable from a value.
type mutation struct {
	instr ssa.Instruction
	what  string // "modified", "appended to", "sorted", "modified by"
	arg   int    // for calls: the argument mutated
}

// mutations returns the writes in fn into memory reachable from a value for
// which alias returns true: field, element and map writes, append, copy,
// clear, delete, sorting, and calls of functions of the package that mutate
// an argument. Writes made while a mutex is held are left out: the mutex,
// not publication, guards them.
func (pc *passCtx) mutations(fn *ssa.Function, alias func(ssa.Value) bool) []mutation {
	return slices.DeleteFunc(pc.allMutations(fn, alias), func(m mutation) bool { return pc.locked(m.instr) })
}

// allMutations is mutations with the writes made under a lock: for a
// caller that checks whether the other side holds the same lock.
func (pc *passCtx) allMutations(fn *ssa.Function, alias func(ssa.Value) bool) []mutation {
	var muts []mutation
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if what, arg := pc.mutates(instr, alias); what != "" {
				muts = append(muts, mutation{instr, what, arg})
			}
		}
	}
	return muts
}

// mutates returns how instr mutates memory reachable from an alias, or "",
// and for calls the index of the argument mutated.
func (pc *passCtx) mutates(instr ssa.Instruction, alias func(ssa.Value) bool) (string, int) {
	switch instr := instr.(type) {
	case *ssa.Store:
		if reaches(instr.Addr, alias) {
			return "modified", -1
		}
	case *ssa.MapUpdate:
		if reaches(instr.Map, alias) {
			return "modified", -1
		}
	case *ssa.Call:
		c := instr.Common()
		if b, ok := c.Value.(*ssa.Builtin); ok {
			switch b.Name() {
			case "append":
				if len(c.Args) > 1 && reaches(c.Args[0], alias) && !fullSlice(c.Args[0]) {
					return "appended to", 0
				}
			case "copy", "clear", "delete":
				if len(c.Args) > 0 && reaches(c.Args[0], alias) {
					return "modified", 0
				}
			}
			return "", -1
		}
		if f := pc.inPkg(c); f != nil {
			mp := pc.mutatesParams(f)
			for i, a := range c.Args {
				if i < len(mp) && mp[i] && reaches(a, alias) {
					return "modified by", i
				}
			}
			return "", -1
		}
		if obj := calleeFunc(c); obj != nil && mutatesFirstArg(obj) {
			if len(c.Args) > 0 && reaches(c.Args[0], alias) {
				return "sorted", 0
			}
			return "", -1
		}
		if obj := calleeFunc(c); obj != nil {
			if i := writesArg(obj); i >= 0 && i < len(c.Args) && reaches(c.Args[i], alias) {
				return "modified", i
			}
		}
		if s := pc.summaryOf(c); s != nil {
			for _, m := range s.Mutates {
				if m.Param < len(c.Args) && reaches(c.Args[m.Param], alias) {
					return "modified by", m.Param
				}
			}
		}
	}
	return "", -1
}

// describe renders a mutation: "cfg.Timeout modified", "buf appended to",
// "cfg modified by cfg.setTimeout(3)".
func (pc *passCtx) describe(m mutation) string {
	pos := posOf(m.instr)
	if m.arg < 0 {
		return pc.operandText(pos) + " " + m.what
	}
	target := pc.argText(m.instr, m.arg)
	if m.what == "modified by" {
		return target + " modified by " + pc.operandText(pos)
	}
	return target + " " + m.what
}

// operandText renders the whole operand at pos: the assigned expression
// cfg.Limits["x"] for a store, the call for a call.
func (pc *passCtx) operandText(pos token.Pos) string {
	cur, ok := pc.cursorAt(pos)
	if !ok {
		return "value"
	}
	for {
		p := cur.Parent()
		switch pn := p.Node().(type) {
		case *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.StarExpr, *ast.ParenExpr:
			cur = p
			continue
		case *ast.CallExpr:
			if pn.Fun == cur.Node() {
				cur = p
				continue
			}
		}
		break
	}
	if e, ok := cur.Node().(ast.Expr); ok {
		return types.ExprString(e)
	}
	return "value"
}

// mutatesFirstArg reports whether obj is a library function that reorders
// or overwrites the slice or map passed first.
func mutatesFirstArg(obj *types.Func) bool {
	if obj.Pkg() == nil || recvName(obj) != "" {
		return false
	}
	switch obj.Pkg().Path() {
	case "sort":
		switch obj.Name() {
		case "Sort", "Stable", "Slice", "SliceStable", "Strings", "Ints", "Float64s":
			return true
		}
	case "slices":
		switch obj.Name() {
		case "Sort", "SortFunc", "SortStableFunc", "Reverse":
			return true
		}
	case "maps":
		return obj.Name() == "Copy" || obj.Name() == "DeleteFunc"
	}
	return false
}

// fullSlice reports whether v is s[lo:n:n], whose capacity is its length:
// append to it always copies into a new array.
func fullSlice(v ssa.Value) bool {
	sl, ok := v.(*ssa.Slice)
	return ok && sl.Max != nil && sameValue(sl.High, sl.Max, 0)
}

// sameValue reports whether a and b compute the same value: the same SSA
// value, or the same length or load of the same value (len(s.x) twice).
func sameValue(a, b ssa.Value, depth int) bool {
	if a == b {
		return true
	}
	if depth > 4 || a == nil || b == nil {
		return false
	}
	switch x := a.(type) {
	case *ssa.Call:
		y, ok := b.(*ssa.Call)
		bx, okx := x.Call.Value.(*ssa.Builtin)
		by, oky := y.Call.Value.(*ssa.Builtin)
		return ok && okx && oky && bx.Name() == "len" && by.Name() == "len" &&
			len(x.Call.Args) == 1 && len(y.Call.Args) == 1 && sameValue(x.Call.Args[0], y.Call.Args[0], depth+1)
	case *ssa.UnOp:
		y, ok := b.(*ssa.UnOp)
		return ok && x.Op == token.MUL && y.Op == token.MUL && x.Block() == y.Block() && sameValue(x.X, y.X, depth+1)
	case *ssa.FieldAddr:
		y, ok := b.(*ssa.FieldAddr)
		return ok && x.Field == y.Field && sameValue(x.X, y.X, depth+1)
	}
	return false
}

// writesArg returns the argument (receivers first) that obj, a function of
// another package, writes into: binary.BigEndian.PutUint32(b, n), io.ReadFull(r,
// buf), or -1.
func writesArg(obj *types.Func) int {
	if obj.Pkg() == nil {
		return -1
	}
	switch obj.Pkg().Path() {
	case "encoding/binary":
		if strings.HasPrefix(obj.Name(), "Put") {
			if recvName(obj) != "" {
				return 1
			}
			return 0 // PutUvarint(buf, x)
		}
	case "io":
		if obj.Name() == "ReadFull" || obj.Name() == "ReadAtLeast" {
			return 1
		}
	}
	return -1
}

// reaches reports whether v is derived from an alias by selecting fields,
// indexing, slicing or loading through pointers.
func reaches(v ssa.Value, alias func(ssa.Value) bool) bool {
	for i := 0; v != nil && i < 16; i, v = i+1, derivedFrom(v) {
		if alias(v) {
			return true
		}
	}
	return false
}

// derivedFrom returns the value v is derived from in one step: by selecting
// a field or element, slicing, loading through a pointer, or changing or
// asserting its type. It returns nil for any other value.
func derivedFrom(v ssa.Value) ssa.Value {
	switch x := v.(type) {
	case *ssa.FieldAddr:
		return x.X
	case *ssa.IndexAddr:
		return x.X
	case *ssa.Field:
		return x.X
	case *ssa.Index:
		return x.X
	case *ssa.Slice:
		return x.X
	case *ssa.ChangeType:
		return x.X
	case *ssa.TypeAssert:
		return x.X
	case *ssa.Extract:
		return x.Tuple
	case *ssa.UnOp:
		if x.Op == token.MUL {
			if src := shallowCopied(x); src != nil {
				return src
			}
			return x.X
		}
	}
	return nil
}

// shallowCopied returns, for a map, slice or pointer loaded from a field of
// a local struct that holds one copy of another struct (next := *old;
// next.Labels), the value copied: the copy shares what that field points to
// with the original.
func shallowCopied(ld *ssa.UnOp) ssa.Value {
	if !isPointerLike(ld.Type()) {
		return nil
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	alloc, ok := fa.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var src ssa.Value
	for _, r := range *alloc.Referrers() {
		// The field set anew in the copy (next.Labels = maps.Clone(...))
		// no longer shares the original's.
		if f, ok := r.(*ssa.FieldAddr); ok && f.Field == fa.Field {
			for _, u := range *f.Referrers() {
				if st, ok := u.(*ssa.Store); ok && st.Addr == f {
					return nil
				}
			}
		}
		st, ok := r.(*ssa.Store)
		if !ok || st.Addr != alloc {
			continue
		}
		if src != nil {
			return nil // not one copy of a whole struct
		}
		src = st.Val // *old, or a getter's copy s.snapshot()
	}
	return src
}

// mutatesParams reports, for each parameter of fn (the receiver first), whether
// fn mutates memory reachable from it, itself or through calls in the package.
func (pc *passCtx) mutatesParams(fn *ssa.Function) []bool {
	return memoized(pc.mutMemo, fn, pc.computeMutates)
}

func (pc *passCtx) computeMutates(fn *ssa.Function) []bool {
	res := make([]bool, len(fn.Params))
	// A function that synchronizes presumably guards what it writes (a
	// method that takes its object's lock, or a lock-wrapped source).
	if pc.syncs(fn) {
		return res
	}
	for i, p := range fn.Params {
		if !isPointerLike(p.Type()) {
			continue
		}
		// Only the parameter's own object counts: objects its pointer
		// fields lead to have lives of their own (and often locks).
		is := func(v ssa.Value) bool { return v == p }
		for _, m := range pc.mutations(fn, is) {
			if m.arg >= 0 && (m.what != "modified by" || m.instr.(*ssa.Call).Call.Args[m.arg] == p) || shallow(m.instr, p) {
				res[i] = true
				break
			}
		}
	}
	return res
}

// enclosing returns the innermost node of one of types that encloses pos.
func (pc *passCtx) enclosing(pos token.Pos, types ...ast.Node) ast.Node {
	if !pos.IsValid() {
		return nil
	}
	if cur, ok := pc.cursorAt(pos); ok {
		for c := range cur.Enclosing(types...) {
			return c.Node()
		}
	}
	return nil
}

// argText renders argument i of the SSA call instr (the receiver of a
// static method call counts as argument 0) as written in the source.
func (pc *passCtx) argText(instr ssa.Instruction, i int) string {
	c := instr.(ssa.CallInstruction).Common()
	if n := pc.enclosing(c.Pos(), (*ast.CallExpr)(nil)); n != nil {
		call := n.(*ast.CallExpr)
		j := i
		if c.Signature().Recv() != nil && !c.IsInvoke() {
			j--
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && j == -1 {
			return types.ExprString(sel.X)
		}
		if j >= 0 && j < len(call.Args) {
			return types.ExprString(call.Args[j])
		}
	}
	return c.Args[i].Name()
}

// calleeText renders the function expression of call as written: s.cur.Store.
func (pc *passCtx) calleeText(call *ssa.Call) string {
	if n := pc.enclosing(call.Pos(), (*ast.CallExpr)(nil)); n != nil {
		return types.ExprString(n.(*ast.CallExpr).Fun)
	}
	if obj := calleeFunc(call.Common()); obj != nil {
		return obj.Name()
	}
	return "call"
}

// shallow reports whether the store or map update instr writes into p's own
// object, loading no pointer on the way.
func shallow(instr ssa.Instruction, p ssa.Value) bool {
	var v ssa.Value
	switch x := instr.(type) {
	case *ssa.Store:
		v = x.Addr
	case *ssa.MapUpdate:
		v = x.Map
	default:
		return false
	}
	for i := 0; v != nil && i < 16; i, v = i+1, derivedFrom(v) {
		if v == p {
			return true
		}
		if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
			if _, isPtr := u.Type().Underlying().(*types.Pointer); isPtr {
				return false
			}
		}
	}
	return false
}

// wrappedPublication describes a call of a function of the package that
// publishes one of its arguments (s.publish(cfg), where publish stores cfg
// in an atomic.Pointer), itself or further down.
func (pc *passCtx) wrappedPublication(call *ssa.Call) *publication {
	f := pc.inPkg(call.Common())
	if f == nil {
		return pc.extPublication(call)
	}
	for i, inner := range pc.publishesParams(f) {
		if inner == nil || i >= len(call.Call.Args) {
			continue
		}
		v := pointerLike(call.Call.Args[i])
		if v == nil {
			continue
		}
		return &publication{kind: inner.kind, instr: call, vals: []ssa.Value{v}, via: pc.calleeText(call),
			names: map[ssa.Value]string{v: pc.argText(call, i)}, inner: inner}
	}
	return nil
}

// extPublication describes a call of a function of another package whose
// summary says it publishes an argument.
func (pc *passCtx) extPublication(call *ssa.Call) *publication {
	s := pc.summaryOf(call.Common())
	if s == nil {
		return nil
	}
	for i := range s.Publishes {
		pp := &s.Publishes[i]
		if pp.Param >= len(call.Call.Args) {
			continue
		}
		v := pointerLike(call.Call.Args[pp.Param])
		if v == nil {
			continue
		}
		return &publication{kind: pp.Kind, instr: call, vals: []ssa.Value{v}, via: pc.calleeText(call),
			names: map[ssa.Value]string{v: pc.argText(call, pp.Param)}, ext: pp}
	}
	return nil
}

// alwaysRuns reports whether instr runs on every path that returns from its
// function.
func alwaysRuns(instr ssa.Instruction) bool {
	returns := false
	for _, b := range instr.Parent().Blocks {
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			returns = true
			if !instr.Block().Dominates(b) {
				return false
			}
		}
	}
	return returns
}

// publishesParams returns, for each parameter of fn, the publication in fn
// (or in a function of the package it calls) that hands the parameter to
// other goroutines by atomic or sync.Map store or channel send on every
// path, or nil.
func (pc *passCtx) publishesParams(fn *ssa.Function) []*publication {
	return memoized(pc.pubMemo, fn, pc.computePublishes)
}

func (pc *passCtx) computePublishes(fn *ssa.Function) []*publication {
	res := make([]*publication, len(fn.Params))
	for _, p := range pc.publications(fn) {
		if p.kind == pubGo || !alwaysRuns(p.instr) {
			// A goroutine of the callee has its reads checked there; a
			// publication on some paths only (registering the receiver
			// when a condition holds) says nothing about the caller.
			continue
		}
		for _, v := range p.vals {
			for i, param := range fn.Params {
				if v == param && res[i] == nil {
					res[i] = p
				}
			}
		}
	}
	return res
}

// goroutineRead reports whether a is a plain read made by a goroutine that
// p starts, not ordered by an acquire of its own.
func (pc *passCtx) goroutineRead(p *publication, a *access) bool {
	// A read that follows an acquire (an atomic Load of a flag, a receive,
	// a lock) may be ordered after the mutation by the matching release in
	// the spawner.
	return a.kind == plainRead && !pc.syncedBefore(a.instr) && pc.startedBy(p, a.fn)
}

// startedBy reports whether fn runs in a goroutine that p starts.
func (pc *passCtx) startedBy(p *publication, fn *ssa.Function) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	for _, r := range pc.gor.rootsOf[fn] {
		if slices.Contains(pc.gor.roots[r], p.instr) {
			return true
		}
	}
	return false
}

// loaded describes how the package uses the values it loads from an atomic
// variable: whether it loads them at all, and which fields it reads from
// them.
type loaded struct {
	any    bool
	fields map[location]bool
}

// loadedReads returns what the package reads from values loaded from the
// atomic variable av, directly (s.cur.Load().Timeout) or through a getter
// that returns the load (s.Get().Timeout).
func (pc *passCtx) loadedReads(av location) *loaded {
	if lr, ok := pc.loadedMemo[av]; ok {
		return lr
	}
	lr := &loaded{fields: make(map[location]bool)}
	pc.loadedMemo[av] = lr
	use := func(v ssa.Value, fn *ssa.Function) {
		lr.any = true
		is := func(x ssa.Value) bool { return x == v }
		for _, r := range pc.acc.byFn[fn] {
			if r.kind == plainRead && reaches(r.instr.(*ssa.UnOp).X, is) {
				lr.fields[r.loc] = true
			}
		}
	}
	for _, ld := range pc.acc.byLoc[av] {
		if ld.kind == atomicRead && ld.val != nil {
			use(ld.val, ld.fn)
		}
	}
	for _, f := range pc.funcs {
		load := pc.returnsSnapshot(f)
		if load == nil || len(load.Call.Args) == 0 {
			continue
		}
		if l, ok := pc.locOf(load.Call.Args[0]); !ok || l != av {
			continue
		}
		for _, site := range pc.gor.callers[f] {
			if v, ok := site.(*ssa.Call); ok {
				use(v, v.Parent())
			}
		}
	}
	return lr
}
