package analyzer

import (
	"go/ast"
	"go/build"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Summaries of exported functions, carried to importing packages as facts.
//
// Within a package the checks look into the functions a call reaches (see
// mutatesParams, publishesParams, returnsSnapshot, flagsSet, getterField,
// syncs). A call of an exported function of another package is seen through
// the summary that function's package recorded: the same answers, with
// parameters numbered as SSA numbers them (the receiver first).

// A summary is what every call of a function does with its parameters.
type summary struct {
	// Mutates lists the parameters whose object the function modifies.
	Mutates []paramRef
	// Publishes lists the parameters it hands to other goroutines, by atomic
	// or sync.Map store, channel send or goroutine start, on every path.
	Publishes []pubParam
	// Snapshot: it returns a value loaded by atomic or sync.Map Load.
	Snapshot bool
	// Sets lists the flag fields of parameters it sets by plain write on
	// every path.
	Sets []fieldRef
	// Reads, when set, is the field of a parameter whose plain read it
	// returns (a getter).
	Reads *fieldRef
	// Syncs: it may order what follows the call after other goroutines'
	// writes (it waits, takes a lock, receives, loads an atomic).
	Syncs bool
}

func (*summary) AFact() {}

type paramRef struct {
	Param int
	Name  string
}

type pubParam struct {
	Param int
	Name  string
	Kind  pubKind
	// Loaded lists, for atomic stores, the fields read from values loaded
	// from the same variable in the function's package ("pkg.Field"), and
	// "*" when a loaded value is used at all; for goroutine starts, the
	// fields the goroutine reads.
	Loaded []string
	// Written lists, for goroutine starts by a function that does not
	// synchronize, the fields the goroutine writes by plain, unguarded
	// write: the caller that reads them next has no join.
	Written []string
}

type fieldRef struct {
	Param int
	Name  string
	Field string
}

func (s *summary) empty() bool {
	return len(s.Mutates) == 0 && len(s.Publishes) == 0 && !s.Snapshot && len(s.Sets) == 0 && s.Reads == nil && !s.Syncs
}

// String renders the summary for tests and -debug=f: "mutates(c)
// publishes(cfg:atomic) snapshot sets(c.ready) reads(w.stop)".
func (s *summary) String() string {
	var parts []string
	for _, m := range s.Mutates {
		parts = append(parts, "mutates("+m.Name+")")
	}
	for _, p := range s.Publishes {
		parts = append(parts, "publishes("+p.Name+":"+[...]string{"atomic", "syncmap", "send", "go"}[p.Kind]+")")
		for _, w := range p.Written {
			parts = append(parts, "writes("+p.Name+"."+w[strings.LastIndex(w, ".")+1:]+")")
		}
	}
	if s.Snapshot {
		parts = append(parts, "snapshot")
	}
	for _, f := range s.Sets {
		parts = append(parts, "sets("+f.Name+"."+f.Field+")")
	}
	if s.Reads != nil {
		parts = append(parts, "reads("+s.Reads.Name+"."+s.Reads.Field+")")
	}
	if s.Syncs {
		parts = append(parts, "syncs")
	}
	return strings.Join(parts, " ")
}

// exportSummaries records the summary of each exported function and method
// of the package that has one.
func (pc *passCtx) exportSummaries() {
	for _, fn := range pc.funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !obj.Exported() || fn.Parent() != nil {
			continue
		}
		s := pc.summarize(fn)
		if !s.empty() {
			pc.pass.ExportObjectFact(obj, s)
		}
	}
}

func (pc *passCtx) summarize(fn *ssa.Function) *summary {
	s := new(summary)
	for i, m := range pc.mutatesParams(fn) {
		if m {
			s.Mutates = append(s.Mutates, paramRef{i, fn.Params[i].Name()})
		}
	}
	for i, p := range pc.publishesParams(fn) {
		if p == nil {
			continue
		}
		pp := pubParam{Param: i, Name: fn.Params[i].Name(), Kind: p.kind}
		if p.kind == pubAtomic {
			// Without a Load that reads the value, the store is no
			// publication for the caller (see loadersRead).
			if pp.Loaded = pc.loadedFields(p.origin()); len(pp.Loaded) == 0 {
				continue
			}
		}
		s.Publishes = append(s.Publishes, pp)
	}
	for _, p := range pc.publications(fn) {
		if p.kind != pubGo || !alwaysRuns(p.instr) {
			continue
		}
		for i, param := range fn.Params {
			if !slices.Contains(p.vals, ssa.Value(param)) && !slices.ContainsFunc(p.vars, func(a *ssa.Alloc) bool { return onlyHolds(a, param) }) {
				continue
			}
			// Only the fields it reads make the goroutine's start a
			// publication for the caller (see goroutineReads); the fields
			// it writes, a spawn the caller must join (see extUnjoined).
			pp := pubParam{Param: i, Name: param.Name(), Kind: pubGo, Loaded: pc.goroutineFields(p, plainRead)}
			if !pc.syncs(fn) {
				pp.Written = pc.goroutineFields(p, plainWrite)
			}
			if len(pp.Loaded) > 0 || len(pp.Written) > 0 {
				s.Publishes = append(s.Publishes, pp)
			}
		}
	}
	s.Snapshot = pc.returnsSnapshot(fn) != nil
	for _, set := range pc.flagsSet(fn) {
		s.Sets = append(s.Sets, fieldRef{set.param, fn.Params[set.param].Name(), set.write.loc.obj.Name()})
	}
	if r, i := pc.getterField(fn); r != nil {
		s.Reads = &fieldRef{i, fn.Params[i].Name(), r.loc.obj.Name()}
	}
	s.Syncs = pc.syncs(fn)
	return s
}

// fieldKey names a field across packages.
func fieldKey(v *types.Var) string {
	if v.Pkg() == nil {
		return v.Name()
	}
	return v.Pkg().Path() + "." + v.Name()
}

// loadedFields lists, for the atomic publication p, what loadersRead asks
// about: the fields read from values loaded from p's variable, and "*" when
// a loaded value is used at all.
func (pc *passCtx) loadedFields(p *publication) []string {
	if p.ext != nil {
		return p.ext.Loaded
	}
	av, ok := pc.locOf(p.instr.(*ssa.Call).Call.Args[0])
	if !ok {
		return nil
	}
	lr := pc.loadedReads(av)
	var keys []string
	if lr.any {
		keys = append(keys, "*")
	}
	for l := range lr.fields {
		if l.obj != nil {
			keys = append(keys, fieldKey(l.obj))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// onlyHolds reports whether the only value ever stored in the captured
// variable alloc is the parameter p (a parameter captured by a closure
// lives in such a variable).
func onlyHolds(alloc *ssa.Alloc, p *ssa.Parameter) bool {
	n := 0
	for _, r := range *alloc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == alloc {
			if st.Val != p {
				return false
			}
			n++
		}
	}
	return n == 1
}

// goroutineFields lists the fields that the goroutine started by p reads
// (kind plainRead, as goroutineReads asks) or writes (plainWrite, unguarded),
// as fieldKey names them.
func (pc *passCtx) goroutineFields(p *publication, kind accessKind) []string {
	if p.ext != nil {
		if kind == plainWrite {
			return p.ext.Written
		}
		return p.ext.Loaded
	}
	seen := make(map[string]bool)
	for _, l := range pc.acc.locs {
		if l.obj == nil || seen[fieldKey(l.obj)] {
			continue
		}
		for _, a := range pc.acc.byLoc[l] {
			if kind == plainRead && pc.goroutineRead(p, a) ||
				kind == plainWrite && a.kind == plainWrite && !pc.guarded(a) && pc.startedBy(p, a.fn) {
				seen[fieldKey(l.obj)] = true
				break
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// summaryOf returns the summary of the exported function of another
// package that c calls statically, or nil.
func (pc *passCtx) summaryOf(c *ssa.CallCommon) *summary {
	if c.IsInvoke() || len(pc.pass.Analyzer.FactTypes) == 0 {
		return nil
	}
	obj := calleeFunc(c)
	if obj == nil {
		return nil
	}
	return pc.summaryOfFunc(obj)
}

func (pc *passCtx) summaryOfFunc(obj *types.Func) *summary {
	obj = obj.Origin()
	if obj.Pkg() == nil || obj.Pkg() == pc.pass.Pkg || !obj.Exported() {
		return nil
	}
	if s, ok := pc.sumMemo[obj]; ok {
		return s
	}
	s := new(summary)
	if !pc.pass.ImportObjectFact(obj, s) {
		s = nil
	}
	pc.sumMemo[obj] = s
	return s
}

// paramField resolves the field named in f of parameter f.Param of obj,
// the receiver first.
func paramField(obj *types.Func, f *fieldRef) (location, bool) {
	sig := obj.Signature()
	var t types.Type
	i := f.Param
	if sig.Recv() != nil {
		if i == 0 {
			t = sig.Recv().Type()
		}
		i--
	}
	if i >= 0 && i < sig.Params().Len() {
		t = sig.Params().At(i).Type()
	}
	if t == nil {
		return location{}, false
	}
	p, ok := types.Unalias(t).Underlying().(*types.Pointer)
	if !ok {
		return location{}, false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return location{}, false
	}
	for j := range st.NumFields() {
		if v := st.Field(j); v.Name() == f.Field {
			return location{obj: v.Origin()}, true
		}
	}
	return location{}, false
}

// summaryFiles returns the package's files with the bodies of the functions
// that no exported function reaches (calls or refers to, directly or
// through others) left out: the SSA a summary needs, when no check runs.
func summaryFiles(pass *analysis.Pass) []*ast.File {
	decls := make(map[*types.Func]*ast.FuncDecl)
	need := make(map[*types.Func]bool)
	var queue []*types.Func
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				decls[obj] = fd
				if obj.Exported() {
					need[obj] = true
					queue = append(queue, obj)
				}
			}
		}
	}
	for len(queue) > 0 {
		fd := decls[queue[0]]
		queue = queue[1:]
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if f, ok := pass.TypesInfo.Uses[id].(*types.Func); ok {
					f = f.Origin()
					if decls[f] != nil && !need[f] {
						need[f] = true
						queue = append(queue, f)
					}
				}
			}
			return true
		})
	}
	if len(need) == len(decls) {
		return pass.Files
	}
	files := make([]*ast.File, len(pass.Files))
	for i, file := range pass.Files {
		f := *file
		f.Decls = slices.Clone(file.Decls)
		for j, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && !need[obj] {
					stub := *fd
					stub.Body = nil
					f.Decls[j] = &stub
				}
			}
		}
		files[i] = &f
	}
	return files
}

// callsSummarized reports whether the package calls a function of another
// package whose summary publishes or returns a snapshot: the ingredients of
// afterstore and loadmutate when the package itself imports nothing of sync.
func (pc *passCtx) callsSummarized() bool {
	if len(pc.pass.Analyzer.FactTypes) == 0 {
		return false
	}
	for cur := range pc.inspect.Root().Preorder((*ast.CallExpr)(nil)) {
		obj, ok := typeutil.Callee(pc.pass.TypesInfo, cur.Node().(*ast.CallExpr)).(*types.Func)
		if !ok {
			continue
		}
		if s := pc.summaryOfFunc(obj); s != nil && (len(s.Publishes) > 0 || s.Snapshot) {
			return true
		}
	}
	return false
}

// The standard library is not summarized. What matters of it (sync,
// sync/atomic, sorting, time.AfterFunc, errgroup-like spawners) is known by
// name, and the rest would be analyzed again by every go vet run that
// misses vet's cache, for every module: measured on std itself, summarizing
// it cost about 20% more CPU than the default vet suite.
var gorootSrc = filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)

// inGOROOT reports whether pass's package is part of the standard library:
// an import path without a dot in its first element, and sources in
// GOROOT/src (as written, through cgo's line directives).
func inGOROOT(pass *analysis.Pass) bool {
	first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	if strings.Contains(first, ".") || len(pass.Files) == 0 || build.Default.GOROOT == "" {
		return false
	}
	return strings.HasPrefix(pass.Fset.Position(pass.Files[0].Pos()).Filename, gorootSrc)
}

// summarizable reports whether the package declares an exported function or
// method that takes a pointer, map or slice: in a package with nothing of
// sync, no go statement and no send, the only kind a summary can say
// anything about.
func summarizable(ins *inspector.Inspector, info *types.Info) bool {
	for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil)) {
		fd := cur.Node().(*ast.FuncDecl)
		if !fd.Name.IsExported() || fd.Body == nil {
			continue
		}
		obj, ok := info.Defs[fd.Name].(*types.Func)
		if !ok {
			continue
		}
		sig := obj.Signature()
		if sig.Recv() != nil && isPointerLike(sig.Recv().Type()) {
			return true
		}
		for v := range sig.Params().Variables() {
			if isPointerLike(v.Type()) {
				return true
			}
		}
	}
	return false
}
