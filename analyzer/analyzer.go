// Package analyzer defines pubcheck's Analyzer, which reports unsynchronized
// publication: data handed from one goroutine to another without a
// happens-before edge.
package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

// Analyzer reports unsynchronized publication between goroutines.
var Analyzer = newAnalyzer()

func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name: "pubcheck",
		Doc:  doc(),
		URL:  DocURL,
		// Not buildssa: its result stays reachable from the driver until every
		// package is done, which costs gigabytes on large trees, and it requires
		// ctrlflow, whose facts make the standalone driver load every dependency
		// from source. pubcheck builds SSA itself, only for packages that pass
		// the cheap test in run, and drops it when the package is done.
		Requires:  []*analysis.Analyzer{inspect.Analyzer},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, true) },
		FactTypes: []analysis.Fact{new(summary)},
	}
	a.Flags.Var(enabledChecks, "checks", checksUsage)
	return a
}

// SummariesOnly is Analyzer for a driver that runs it on a package only for
// the summaries it leaves to importing packages, as go vet does for the
// dependencies of the packages it vets: it computes them and reports
// nothing.
var SummariesOnly = func() *analysis.Analyzer {
	a := *Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, false) }
	return &a
}()

// passCtx holds what the checks share while analyzing one package.
type passCtx struct {
	pass    *analysis.Pass
	inspect *inspector.Inspector
	funcs   []*ssa.Function
	isSrc   map[*ssa.Function]bool

	dirs     *directives
	diags    []analysis.Diagnostic
	reported map[lineKey]bool

	// closures and goroutines
	bindings     map[*ssa.FreeVar]ssa.Value
	captured     map[*ssa.FreeVar]*ssa.Alloc
	capturedBy   map[*ssa.Alloc][]*ssa.FreeVar // the inverse of captured, in source order
	sharedAllocs map[*ssa.Alloc]bool
	gor          *goroutines
	model        *model

	acc   *accessIndex
	snaps *snapshotIndex // see snapshots

	// memoized per-function facts
	instrIndex   map[ssa.Instruction]int
	reachCache   map[*ssa.BasicBlock][]bool
	liveMemo     map[*ssa.Function][]bool                 // see liveBlocks
	calledMemo   map[*ssa.Function][]*ssa.Function        // see calledFrom
	reachMemo    map[*ssa.Function]map[*ssa.Function]bool // see reaches
	locks        map[*ssa.Function]*lockSet
	syncMemo     map[*ssa.Function]bool
	mutMemo      map[*ssa.Function][]bool
	escMemo      map[*ssa.Function][]bool
	joinMemo     map[*ssa.Function]bool
	pubMemo      map[*ssa.Function][]*publication
	syncedMemo   map[ssa.Instruction]bool
	lockedMemo   map[ssa.Instruction]bool
	heldMemo     map[ssa.Instruction][]any
	snapMemo     map[*ssa.Function]*ssa.Call
	writesMemo   map[*ssa.Function]map[location]bool
	loadedMemo   map[location]*loaded
	relMemo      map[relKey]relInfo
	callJoinMemo map[callJoinKey]bool // see joinedAtCalls
	doms         *callDoms            // see callDominators
	keySubst     map[ssa.Value]any    // see joins
	srcCache     map[string][]byte    // file contents, by name (see readFile)
	docs         map[*types.Func]string
	contractMemo map[*ssa.Function]bool
	sumMemo      map[*types.Func]*summary
	setters      *[]*access   // see setterCalls
	genFiles     []*ast.File  // generated files (see generated)
	decls        []declCursor // top-level declarations by position (see cursorAt)
}

// run analyzes pass's package: it runs the checks when report is set, and
// leaves the summaries of its exported functions.
func run(pass *analysis.Pass, report bool) (any, error) {
	pc := &passCtx{
		pass:         pass,
		inspect:      pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		dirs:         parseDirectives(pass.Fset, pass.Files),
		reported:     make(map[lineKey]bool),
		isSrc:        make(map[*ssa.Function]bool),
		instrIndex:   make(map[ssa.Instruction]int),
		reachCache:   make(map[*ssa.BasicBlock][]bool),
		liveMemo:     make(map[*ssa.Function][]bool),
		calledMemo:   make(map[*ssa.Function][]*ssa.Function),
		reachMemo:    make(map[*ssa.Function]map[*ssa.Function]bool),
		locks:        make(map[*ssa.Function]*lockSet),
		syncMemo:     make(map[*ssa.Function]bool),
		mutMemo:      make(map[*ssa.Function][]bool),
		escMemo:      make(map[*ssa.Function][]bool),
		joinMemo:     make(map[*ssa.Function]bool),
		pubMemo:      make(map[*ssa.Function][]*publication),
		syncedMemo:   make(map[ssa.Instruction]bool),
		lockedMemo:   make(map[ssa.Instruction]bool),
		heldMemo:     make(map[ssa.Instruction][]any),
		snapMemo:     make(map[*ssa.Function]*ssa.Call),
		writesMemo:   make(map[*ssa.Function]map[location]bool),
		loadedMemo:   make(map[location]*loaded),
		relMemo:      make(map[relKey]relInfo),
		callJoinMemo: make(map[callJoinKey]bool),
		contractMemo: make(map[*ssa.Function]bool),
		sumMemo:      make(map[*types.Func]*summary),
	}
	// Every pattern needs two goroutines talking through memory: a go
	// statement, or sync, sync/atomic or a channel send. A package with none
	// of these, and no call of another package's function that publishes
	// or returns a snapshot, has nothing to report beyond malformed
	// directives. It may still have exported functions whose summaries
	// importing packages need.
	// Whether to summarize depends on the package alone, never on whether
	// it is also checked: go vet's dependencies (SummariesOnly) and the
	// packages named (Analyzer) leave the same facts.
	mayShare := pc.mayShare() || pc.callsSummarized()
	check := report && !implementsSync(pass.Pkg.Path()) && mayShare
	summarize := len(pass.Analyzer.FactTypes) > 0 && !inGOROOT(pass) &&
		(mayShare || summarizable(pc.inspect, pass.TypesInfo))
	if check || summarize {
		files := pass.Files
		if !check {
			files = summaryFiles(pass)
		}
		funcs, err := buildSSA(pass, files)
		if err != nil {
			return nil, err
		}
		pc.funcs = funcs
		for _, fn := range pc.funcs {
			pc.isSrc[fn] = true
		}
		pc.indexClosures()
		pc.buildGoroutines()
		pc.buildAccesses()
		pc.buildModel()
	}
	if check {
		for _, c := range registry {
			if enabledChecks[c.name] {
				c.run(pc)
			}
		}
	}
	if summarize {
		pc.exportSummaries()
	}
	if report {
		pc.flush()
	}
	return nil, nil
}

// implementsSync reports whether the package at path implements the
// synchronization the memory model describes (the runtime, sync and their
// internal packages, and internal/poll's reference-counting lock of file
// descriptors). They read their own state with plain loads on
// purpose, under rules of their own (a stopped world, a lock-free
// algorithm, race instrumentation turned off), so pubcheck reports nothing
// there.
func implementsSync(path string) bool {
	switch path {
	case "runtime", "sync", "sync/atomic", "internal/sync", "internal/poll":
		return true
	}
	return strings.HasPrefix(path, "internal/runtime/") || strings.HasPrefix(path, "runtime/internal/")
}

// mayShare is a cheap syntactic test for the ingredients of every check.
func (pc *passCtx) mayShare() bool {
	for _, imp := range pc.pass.Pkg.Imports() {
		switch imp.Path() {
		case "sync", "sync/atomic", "golang.org/x/sync/errgroup":
			return true
		}
	}
	for range pc.inspect.Root().Preorder((*ast.GoStmt)(nil), (*ast.SendStmt)(nil)) {
		return true
	}
	return false
}

// posOf returns a usable position for instr.
func posOf(instr ssa.Instruction) token.Pos {
	if p := instr.Pos(); p.IsValid() {
		return p
	}
	if c, ok := instr.(ssa.CallInstruction); ok {
		return c.Common().Pos()
	}
	return token.NoPos
}

// related describes the other half of a finding, at instr.
func (pc *passCtx) related(instr ssa.Instruction, msg string) analysis.RelatedInformation {
	pos := posOf(instr)
	if e := pc.exprAt(pos); e != nil {
		pos = e.Pos()
	}
	return analysis.RelatedInformation{Pos: pos, Message: msg}
}

// reportAt reports a finding of check at instr, spanning the source
// expression there.
func (pc *passCtx) reportAt(check string, instr ssa.Instruction, msg string, rel ...analysis.RelatedInformation) {
	d := analysis.Diagnostic{Pos: posOf(instr), Category: check, Message: msg, Related: rel}
	if e := pc.exprAt(d.Pos); e != nil {
		d.Pos, d.End = e.Pos(), e.End()
	}
	pc.report(d)
}

// buildSSA builds the SSA form of the package's functions, as buildssa does,
// from files (the package's, or fewer bodies: see summaryFiles), and returns
// them, function literals included, in source order.
//
// The SSA builder assumes well-typed code and panics on some ill-typed
// code. Drivers run pubcheck only on packages without type errors, but one
// that runs it despite soft errors (unused variables hide others) gets an
// error naming the package instead of a crash.
func buildSSA(pass *analysis.Pass, files []*ast.File) (funcs []*ssa.Function, err error) {
	defer func() {
		if r := recover(); r != nil {
			funcs, err = nil, fmt.Errorf("%s not analyzed: building its SSA form failed (%v); is it well-typed? (%d type errors)", pass.Pkg.Path(), r, len(pass.TypeErrors))
		}
	}()
	prog := ssa.NewProgram(pass.Fset, 0)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, files, pass.TypesInfo, false)
	pkg.Build()
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range files {
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					if f := prog.FuncValue(obj); f != nil {
						add(f)
					}
				}
			}
		}
	}
	return funcs, nil
}
