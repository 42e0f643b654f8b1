package analyzer

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// The goroutine model: which functions of the package run in a goroutine
// started in the package, and which instructions may run while such a
// goroutine runs. This is the evidence of concurrency every check needs.

type goroutines struct {
	// roots are the functions started by a go statement (or handed to
	// errgroup.Group.Go, sync.WaitGroup.Go, time.AfterFunc), with the
	// instructions that start them.
	roots map[*ssa.Function][]ssa.Instruction
	// rootsOf lists, for each function a root runs, the roots it runs under;
	// runs is the inverse: the functions each root runs.
	rootsOf map[*ssa.Function][]*ssa.Function
	runs    map[*ssa.Function][]*ssa.Function
	// spawned lists the roots a function starts, itself or through the
	// functions it calls.
	spawned map[*ssa.Function]map[*ssa.Function]bool
	// callers lists the static call sites of each function of the package
	// (plain and deferred calls, not go statements, in code that can run);
	// callees is the inverse: the functions each function calls there.
	callers map[*ssa.Function][]ssa.CallInstruction
	callees map[*ssa.Function][]*ssa.Function
	// escapes holds the functions whose callers are not all known: exported
	// functions, methods, and functions used as values.
	escapes map[*ssa.Function]bool
	// asValue holds the functions used as values (not only called).
	asValue map[*ssa.Function]bool
	// closureSites lists the instructions that make each closure.
	closureSites map[*ssa.Function][]ssa.Instruction
	// selfTypes holds the named types with a method started as a goroutine
	// (go c.run()): their methods share the receiver with a goroutine.
	selfTypes map[*types.TypeName]bool
}

func (pc *passCtx) buildGoroutines() {
	g := &goroutines{
		roots:   make(map[*ssa.Function][]ssa.Instruction),
		rootsOf: make(map[*ssa.Function][]*ssa.Function),
		runs:    make(map[*ssa.Function][]*ssa.Function),
		spawned: make(map[*ssa.Function]map[*ssa.Function]bool),
		callers: make(map[*ssa.Function][]ssa.CallInstruction),
		callees: make(map[*ssa.Function][]*ssa.Function),
		escapes: make(map[*ssa.Function]bool),
		asValue: make(map[*ssa.Function]bool),

		closureSites: make(map[*ssa.Function][]ssa.Instruction),
		selfTypes:    make(map[*types.TypeName]bool),
	}
	pc.gor = g
	direct := make(map[*ssa.Function][]*ssa.Function) // fn -> roots it starts itself
	callees := g.callees
	var paramSpawns []paramSpawn
	for _, fn := range pc.funcs {
		if fn.Object() != nil {
			if obj, ok := fn.Object().(*types.Func); ok && (obj.Exported() || recvName(obj) != "") {
				g.escapes[fn] = true
			}
		}
		for _, b := range fn.Blocks {
			if pc.dead(b) {
				continue
			}
			for _, instr := range b.Instrs {
				for _, op := range instr.Operands(nil) {
					if f := funcValue(*op); f != nil && pc.isSrc[f] {
						if c, ok := instr.(ssa.CallInstruction); !ok || c.Common().Value != *op {
							if _, isMC := instr.(*ssa.MakeClosure); !isMC {
								g.escapes[f] = true
								g.asValue[f] = true
							}
						}
					}
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if f := funcValue(mc); f != nil {
						g.closureSites[f] = append(g.closureSites[f], mc)
					}
				}
				c, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				common := c.Common()
				var started []ssa.Value
				if _, isGo := instr.(*ssa.Go); isGo {
					started = append(started, common.Value)
				} else if i := spawnerArg(calleeFunc(common)); i >= 0 && i < len(common.Args) {
					started = append(started, common.Args[i])
				}
				for _, v := range started {
					if f := funcValue(v); f != nil && pc.isSrc[f] {
						g.roots[f] = append(g.roots[f], instr)
						direct[fn] = append(direct[fn], f)
					} else if p, ok := v.(*ssa.Parameter); ok {
						for i, q := range fn.Params {
							if q == p {
								paramSpawns = append(paramSpawns, paramSpawn{fn, i, instr})
							}
						}
					}
				}
				if f := pc.inPkg(common); f != nil && !isGoInstr(instr) {
					callees[fn] = append(callees[fn], f)
					g.callers[f] = append(g.callers[f], c)
				}
			}
		}
	}
	// A function passed to a parameter that the callee starts as a goroutine.
	for _, ps := range paramSpawns {
		for _, site := range g.callers[ps.fn] {
			args := site.Common().Args
			if ps.param < len(args) {
				if f := funcValue(args[ps.param]); f != nil && pc.isSrc[f] {
					g.roots[f] = append(g.roots[f], ps.site)
					direct[ps.fn] = append(direct[ps.fn], f)
				}
			}
		}
	}
	for r := range g.roots {
		if n := recvType(r); n != nil {
			g.selfTypes[n] = true
		}
	}
	// Functions a root runs: the root and the functions it calls directly.
	// Deeper call chains are weak evidence that a given access runs in the
	// goroutine (in large packages nearly everything is reachable from some
	// go statement), so they are left out.
	for _, r := range pc.sortedRoots() {
		g.rootsOf[r] = append(g.rootsOf[r], r)
		g.runs[r] = append(g.runs[r], r)
		seen := map[*ssa.Function]bool{r: true}
		for _, c := range callees[r] {
			if !seen[c] {
				seen[c] = true
				g.rootsOf[c] = append(g.rootsOf[c], r)
				g.runs[r] = append(g.runs[r], c)
			}
		}
	}
	// Roots started by each function, transitively.
	for fn, rs := range direct {
		for _, r := range rs {
			g.addSpawned(fn, r)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range pc.funcs {
			for _, c := range callees[fn] {
				for r := range g.spawned[c] {
					if !g.spawned[fn][r] {
						g.addSpawned(fn, r)
						changed = true
					}
				}
			}
		}
	}
}

// paramSpawn is a go statement in fn that starts the function passed as
// parameter param.
type paramSpawn struct {
	fn    *ssa.Function
	param int
	site  ssa.Instruction
}

func (g *goroutines) addSpawned(fn, r *ssa.Function) {
	if g.spawned[fn] == nil {
		g.spawned[fn] = make(map[*ssa.Function]bool)
	}
	g.spawned[fn][r] = true
}

func (pc *passCtx) sortedRoots() []*ssa.Function {
	var rs []*ssa.Function
	for _, fn := range pc.funcs {
		if _, ok := pc.gor.roots[fn]; ok {
			rs = append(rs, fn)
		}
	}
	return rs
}

func isGoInstr(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.Go)
	return ok
}

// funcValue returns the function a function-valued operand denotes.
func funcValue(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		if o := v.Origin(); o != nil {
			return o
		}
		return v
	case *ssa.MakeClosure:
		return funcValue(v.Fn)
	}
	return nil
}

// spawnerArg returns the index of the argument that obj runs in a new
// goroutine, or -1. Receivers count as argument 0.
func spawnerArg(obj *types.Func) int {
	switch {
	case isFunc(obj, "golang.org/x/sync/errgroup", "Group", "Go"),
		isFunc(obj, "golang.org/x/sync/errgroup", "Group", "TryGo"),
		isFunc(obj, "sync", "WaitGroup", "Go"):
		return 1
	case isFunc(obj, "time", "", "AfterFunc"):
		return 1
	}
	return -1
}

// concurrent reports whether a (in one function) and b (in another) may run
// at the same time in different goroutines: one of them runs in a goroutine
// started in the package, and the other may run while it does.
func (pc *passCtx) concurrent(a, b ssa.Instruction) bool {
	fa, fb := a.Parent(), b.Parent()
	if fa == fb || pc.inlineClosure(fa, fb) || pc.inlineClosure(fb, fa) {
		return false
	}
	return pc.mayRunWith(a, fb) || pc.mayRunWith(b, fa)
}

// mayRunWith reports whether instr may run while a goroutine that runs
// other is alive, other being a function in a goroutine.
func (pc *passCtx) mayRunWith(instr ssa.Instruction, other *ssa.Function) bool {
	roots := pc.gor.rootsOf[other]
	if len(roots) == 0 {
		return false
	}
	return pc.mayRunWithRoots(instr, roots, make(map[*ssa.Function]bool))
}

func (pc *passCtx) mayRunWithRoots(instr ssa.Instruction, roots []*ssa.Function, seen map[*ssa.Function]bool) bool {
	fn := instr.Parent()
	if o := fn.Origin(); o != nil {
		fn = o
	}
	// In a goroutine itself: concurrent with goroutines of other roots.
	for _, r := range pc.gor.rootsOf[fn] {
		for _, s := range roots {
			if r != s {
				return true
			}
		}
	}
	if len(pc.gor.rootsOf[fn]) > 0 {
		return false // only in the same goroutine as the other side
	}
	if freshInit(instr) {
		return false
	}
	// fn starts the goroutine: only what follows the start runs with it.
	starts := false
	for _, r := range roots {
		if pc.gor.spawned[fn][r] {
			starts = true
		}
	}
	if starts {
		for _, b := range fn.Blocks {
			for _, x := range b.Instrs {
				// Only a join of these goroutines between the start and
				// instr orders them (see model_joins.go).
				if pc.startsAny(x, roots) && pc.unjoinedPath(x, instr, roots, nil) {
					return true
				}
			}
		}
		return false
	}
	if isProgramStart(fn) {
		return false
	}
	if seen[fn] {
		return false
	}
	seen[fn] = true
	// A function literal runs in the context that makes it (callbacks are
	// mostly called before the call that takes them returns).
	if fn.Parent() != nil {
		for _, site := range pc.gor.closureSites[fn] {
			if pc.mayRunWithRoots(site, roots, seen) {
				return true
			}
		}
	} else if pc.gor.escapes[fn] || !pc.isSrc[fn] {
		return true
	}
	for _, site := range pc.gor.callers[fn] {
		if pc.mayRunWithRoots(site, roots, seen) {
			return true
		}
	}
	return false
}

// startsAny reports whether instr starts one of roots, itself or through a call.
func (pc *passCtx) startsAny(instr ssa.Instruction, roots []*ssa.Function) bool {
	for _, r := range roots {
		for _, s := range pc.gor.roots[r] {
			if s == instr {
				return true
			}
		}
	}
	c, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	if f := pc.inPkg(c.Common()); f != nil {
		for _, r := range roots {
			if pc.gor.spawned[f][r] {
				return true
			}
		}
	}
	return false
}

// isProgramStart reports whether fn is main.main or an init function, which
// run before any goroutine of the package unless they start one.
func isProgramStart(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Signature.Recv() != nil {
		return false
	}
	return fn.Name() == "main" && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" || isInitFunc(fn)
}

// isInitFunc reports whether fn is package initialization: the package's
// init, or one of its init functions (init#1, ...).
func isInitFunc(fn *ssa.Function) bool {
	return fn.Parent() == nil && fn.Signature.Recv() == nil &&
		(fn.Name() == "init" || strings.HasPrefix(fn.Name(), "init#"))
}

// recvType returns the named type of fn's receiver, if fn is a method.
func recvType(fn *ssa.Function) *types.TypeName {
	sig := fn.Signature
	if sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// freshInit reports whether instr stores into a variable allocated earlier in
// the same block with no goroutine started in between: the initialization
// of a new instance (a loop variable, say), which no goroutine can see yet.
func freshInit(instr ssa.Instruction) bool {
	st, ok := instr.(*ssa.Store)
	if !ok {
		return false
	}
	alloc, ok := st.Addr.(*ssa.Alloc)
	if !ok || alloc.Block() != st.Block() {
		return false
	}
	seen := false
	for _, x := range st.Block().Instrs {
		switch {
		case x == alloc:
			seen = true
		case x == st:
			return seen
		case seen && isGoInstr(x):
			return false
		}
	}
	return false
}

// inlineClosure reports whether inner is a function literal of outer (at any
// depth) that is only called or deferred where it is made: it runs in the
// goroutine of outer.
func (pc *passCtx) inlineClosure(outer, inner *ssa.Function) bool {
	for f := inner; f != nil && f.Parent() != nil; f = f.Parent() {
		if _, isRoot := pc.gor.roots[f]; isRoot || pc.gor.escapes[f] {
			return false
		}
		for _, site := range pc.gor.closureSites[f] {
			for _, r := range *site.(*ssa.MakeClosure).Referrers() {
				c, ok := r.(ssa.CallInstruction)
				if !ok || isGoInstr(r) || c.Common().Value != site.(ssa.Value) {
					return false
				}
			}
		}
		if f.Parent() == outer {
			return true
		}
	}
	return false
}
