package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// mixedatomicCheck is the mixedatomic entry of the registry.
var mixedatomicCheck = &check{
	name:  "mixedatomic",
	title: "a variable accessed both atomically and plainly",
	text: `A variable or field is accessed with sync/atomic functions in one place and
with plain reads or writes in another. The plain access is not atomic, so it
races with the atomic ones. Plain access before the value is shared (in a
constructor, in an unexported method every caller calls on an object it has
just made, in init) or after a join is not reported. When every use is in
the package, a fix turns the variable into the typed atomic (atomic.Int64).`,
	rule: `A data race is a write and another access of the same memory location, in
different goroutines, not ordered by happens-before, unless all the accesses
are atomic (sync/atomic). An atomic access does not make the plain accesses
of the same variable safe.`,
	wrong: `atomic.AddInt64(&s.requests, 1)
...
fmt.Println(s.requests)`,
	right: `requests atomic.Int64    // the field; plain access is impossible
s.requests.Add(1)
fmt.Println(s.requests.Load())`,
	run: (*passCtx).mixedatomic,
}

// mixedatomic: a variable accessed both with sync/atomic functions and with
// plain reads or writes. The plain access is not atomic, so it races with
// the atomic ones: the atomic accesses synchronize nothing with it.
func (pc *passCtx) mixedatomic() {
	copied := make(map[ssa.Instruction]bool)
	for _, l := range pc.acc.locs {
		if isAtomicType(l.typ()) {
			continue
		}
		var atomics, plains []*access
		written := false
		for _, a := range pc.acc.byLoc[l] {
			switch a.kind {
			case atomicRead, atomicWrite:
				atomics = append(atomics, a)
				written = written || a.kind == atomicWrite
			default:
				plains = append(plains, a)
			}
		}
		if len(atomics) == 0 {
			continue
		}
		copies := pc.acc.copies[l]
		plains = append(plains, copies...)
		fixed := false
		for _, p := range plains {
			if pc.generated(posOf(p.instr)) || p.kind == plainRead && (!written || feedsWrite(p, plains)) || pc.beforeSharing(p) || pc.joinedBefore(p.instr) {
				continue
			}
			// The plain access must be seen to run alongside an atomic one
			// on the same object: in a goroutine of the package, or in
			// functions the package's callers may run at once. Without it,
			// exclusive access established by other means (a reference
			// count, a stopped world, a test that runs alone) is
			// indistinguishable from a race.
			if !pc.alongsideAtomic(p, atomics) {
				continue
			}
			verb := "read"
			if p.kind == plainWrite {
				verb = "written"
			}
			// Relate the access the plain one races with: for a read, an
			// atomic write.
			at := atomics[0]
			for _, a := range atomics {
				if p.kind == plainWrite || a.kind == atomicWrite {
					at = a
					break
				}
			}
			atomicName := pc.calleeText(at.instr.(*ssa.Call))
			name := pc.nameAt(posOf(p.instr), l)
			if p.val == nil && p.kind == plainRead {
				// A copy of the whole struct: name the field and the copy.
				if copied[p.instr] {
					continue // one finding per copy, for its first field
				}
				copied[p.instr] = true
				copy := pc.operandText(posOf(p.instr))
				name = fmt.Sprintf("%s.%s", strings.TrimPrefix(copy, "*"), l.obj.Name())
				verb = "read (copying " + copy + ")"
			}
			d := analysis.Diagnostic{
				Pos:      posOf(p.instr),
				Category: "mixedatomic",
				Message: fmt.Sprintf("%s %s without sync/atomic but accessed with %s elsewhere (mixing plain and atomic access is a data race)",
					name, verb, atomicName),
				Related: []analysis.RelatedInformation{pc.related(at.instr, "atomic access")},
			}
			if e := pc.exprAt(d.Pos); e != nil {
				d.Pos, d.End = e.Pos(), e.End()
			}
			if !fixed && len(copies) == 0 {
				if fix, ok := pc.typedAtomicFix(l); ok {
					d.SuggestedFixes = []analysis.SuggestedFix{fix}
				}
			}
			// The fix goes with the first finding that is reported, not
			// one a directive silences.
			if pc.report(d) {
				fixed = true
			}
		}
	}
}

// isAtomicType reports whether t is one of the types of sync/atomic, which
// cannot be accessed plainly.
func isAtomicType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync/atomic"
}

// beforeSharing reports whether a runs before other goroutines can see the
// variable: a field of an object allocated in the same function (a
// constructor), of an object every caller passes before sharing it (an
// init method called on an object just made), or package initialization.
func (pc *passCtx) beforeSharing(a *access) bool {
	if alloc, ok := a.base.root.(*ssa.Alloc); ok && !pc.sharedAllocs[alloc] && a.base.path == "" {
		return true
	}
	if _, ok := a.base.root.(*ssa.Parameter); ok && pc.fresh(a) {
		return true
	}
	return isInitFunc(a.fn)
}

// joinedBefore reports whether every path to instr passes a join: a channel
// receive, a select, or a call named Wait or Join (WaitGroup, errgroup,
// Cond), directly or in a function of the package.
func (pc *passCtx) joinedBefore(instr ssa.Instruction) bool {
	fn := instr.Parent()
	if len(fn.Blocks) == 0 {
		return false
	}
	return !pc.pathWithout(fn.Blocks[0], 0, instr, pc.isJoin)
}

// typedAtomicFix rewrites l, a variable or field of this package all of
// whose uses are visible here, to the typed atomic of its type.
func (pc *passCtx) typedAtomicFix(l location) (analysis.SuggestedFix, bool) {
	obj := l.obj
	if obj == nil || obj.Pkg() != pc.pass.Pkg || obj.Exported() && pc.pass.Pkg.Name() != "main" {
		return analysis.SuggestedFix{}, false
	}
	basic, ok := types.Unalias(obj.Type()).(*types.Basic)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	typed := map[types.BasicKind]string{types.Int32: "Int32", types.Int64: "Int64", types.Uint32: "Uint32", types.Uint64: "Uint64", types.Uintptr: "Uintptr"}[basic.Kind()]
	if typed == "" {
		return analysis.SuggestedFix{}, false
	}
	signed := basic.Info()&types.IsUnsigned == 0
	var edits []analysis.TextEdit
	declared := false
	for cur := range pc.inspect.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if pc.pass.TypesInfo.Defs[id] == obj {
			e, ok := pc.declEdit(cur, typed)
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			edits = append(edits, e)
			declared = true
			continue
		}
		if pc.pass.TypesInfo.Uses[id] != obj {
			continue
		}
		e, ok := pc.useEdit(cur, signed)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, e)
	}
	if !declared || overlapping(edits) {
		// A use nested in another rewritten use (atomic.StoreInt64(&n, n+1))
		// would need the edits composed; offer no fix rather than a wrong one.
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{Message: "Use atomic." + typed + " for " + obj.Name(), TextEdits: edits}, true
}

// declEdit changes the type in the declaration of the variable or field
// named at cur; it requires a declaration of one name with an explicit type
// and no initializer, in a file that imports sync/atomic.
func (pc *passCtx) declEdit(cur inspector.Cursor, typed string) (analysis.TextEdit, bool) {
	var typ ast.Expr
	switch p := cur.Parent().Node().(type) {
	case *ast.Field:
		if len(p.Names) == 1 {
			typ = p.Type
		}
	case *ast.ValueSpec:
		if len(p.Names) == 1 && len(p.Values) == 0 {
			typ = p.Type
		}
	}
	if typ == nil {
		return analysis.TextEdit{}, false
	}
	name, ok := pc.atomicImport(cur)
	if !ok {
		return analysis.TextEdit{}, false
	}
	return analysis.TextEdit{Pos: typ.Pos(), End: typ.End(), NewText: []byte(name + "." + typed)}, true
}

// atomicImport returns the name under which the file enclosing cur imports
// sync/atomic.
func (pc *passCtx) atomicImport(cur inspector.Cursor) (string, bool) {
	for c := range cur.Enclosing((*ast.File)(nil)) {
		for _, imp := range c.Node().(*ast.File).Imports {
			if imp.Path.Value == `"sync/atomic"` {
				if imp.Name != nil {
					return imp.Name.Name, imp.Name.Name != "_" && imp.Name.Name != "."
				}
				return "atomic", true
			}
		}
	}
	return "", false
}

// useEdit rewrites one use of the variable named at cur into a method call
// on the typed atomic.
func (pc *passCtx) useEdit(cur inspector.Cursor, signed bool) (analysis.TextEdit, bool) {
	e := cur
	if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == cur.Node() {
		e = cur.Parent()
	}
	expr := e.Node().(ast.Expr)
	text := pc.source(expr)
	edit := func(n ast.Node, s string) (analysis.TextEdit, bool) {
		return analysis.TextEdit{Pos: n.Pos(), End: n.End(), NewText: []byte(s)}, true
	}
	switch p := e.Parent().Node().(type) {
	case *ast.UnaryExpr:
		call, ok := e.Parent().Parent().Node().(*ast.CallExpr)
		if p.Op != token.AND || !ok || len(call.Args) == 0 || call.Args[0] != p {
			return analysis.TextEdit{}, false
		}
		obj, _ := typeutil.Callee(pc.pass.TypesInfo, call).(*types.Func)
		if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync/atomic" {
			return analysis.TextEdit{}, false
		}
		method := ""
		for _, m := range []string{"CompareAndSwap", "Add", "Load", "Store", "Swap", "And", "Or"} {
			if strings.HasPrefix(obj.Name(), m) {
				method = m
				break
			}
		}
		if method == "" {
			return analysis.TextEdit{}, false
		}
		var args []string
		for _, a := range call.Args[1:] {
			args = append(args, pc.source(a))
		}
		return edit(call, text+"."+method+"("+strings.Join(args, ", ")+")")
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || p.Lhs[0] != expr {
			for _, r := range p.Rhs {
				if r == expr {
					return edit(expr, text+".Load()")
				}
			}
			return analysis.TextEdit{}, false
		}
		rhs := pc.source(p.Rhs[0])
		switch p.Tok {
		case token.ASSIGN:
			return edit(p, text+".Store("+rhs+")")
		case token.ADD_ASSIGN:
			return edit(p, text+".Add("+rhs+")")
		case token.SUB_ASSIGN:
			if signed {
				return edit(p, text+".Add(-("+rhs+"))")
			}
		}
		return analysis.TextEdit{}, false
	case *ast.IncDecStmt:
		if p.Tok == token.INC {
			return edit(p, text+".Add(1)")
		}
		if signed {
			return edit(p, text+".Add(-1)")
		}
		return analysis.TextEdit{}, false
	case *ast.KeyValueExpr, *ast.SelectorExpr:
		return analysis.TextEdit{}, false
	}
	return edit(expr, text+".Load()")
}

// source returns the source text of n.
func (pc *passCtx) source(n ast.Node) string {
	tf := pc.pass.Fset.File(n.Pos())
	if tf != nil {
		if src, err := pc.readFile(tf.Name()); err == nil {
			start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
			if 0 <= start && start <= end && end <= len(src) {
				return string(src[start:end])
			}
		}
	}
	return types.ExprString(n.(ast.Expr))
}

// feedsWrite reports whether the plain read r is the read half of a plain
// read-modify-write (x++, x += d), reported at its write.
func feedsWrite(r *access, plains []*access) bool {
	for _, w := range plains {
		if w.kind != plainWrite || w.instr.Block() != r.instr.Block() {
			continue
		}
		if op, ok := w.val.(*ssa.BinOp); ok && (op.X == r.val || op.Y == r.val) {
			return true
		}
	}
	return false
}

// alongsideAtomic reports whether p may run at the same time as one of the
// atomic accesses it races with (for a plain read, an atomic write), on the
// same object.
func (pc *passCtx) alongsideAtomic(p *access, atomics []*access) bool {
	for _, a := range atomics {
		if p.kind == plainRead && a.kind != atomicWrite {
			continue
		}
		// In library code, a function running alongside itself is weak
		// evidence where it makes the two accesses on exclusive branches
		// (an atomic add on one, a plain one on the other: a Write that
		// its caller serializes); on one path (a plain read, then a
		// compare-and-swap) it is the bug itself.
		if (a.fn != p.fn || pc.reachable(p.instr, a.instr) || pc.reachable(a.instr, p.instr)) && pc.libConcurrent(p, a) {
			return true
		}
		if !pc.sameObject(p, a) && !(a.fn == p.fn && a.base == p.base) || pc.commonLock(p.instr, a.instr) {
			continue
		}
		if pc.concurrent(p.instr, a.instr) || a.fn == p.fn && pc.startedMoreThanOnce(p.fn) {
			return true
		}
	}
	return false
}

// overlapping reports whether two of the edits overlap.
func overlapping(edits []analysis.TextEdit) bool {
	sorted := slices.Clone(edits)
	slices.SortFunc(sorted, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].Pos < sorted[i-1].End {
			return true
		}
	}
	return false
}

// readFile returns the contents of a file of the package, read once.
func (pc *passCtx) readFile(name string) ([]byte, error) {
	if src, ok := pc.srcCache[name]; ok {
		return src, nil
	}
	read := pc.pass.ReadFile
	if read == nil {
		// Drivers that predate Pass.ReadFile (Bazel's nogo) leave it nil;
		// the package's own files are where the file set says.
		read = os.ReadFile
	}
	src, err := read(name)
	if err == nil {
		if pc.srcCache == nil {
			pc.srcCache = make(map[string][]byte)
		}
		pc.srcCache[name] = src
	}
	return src, err
}
