package analyzer

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// doublecheckCheck is the doublecheck entry of the registry.
var doublecheckCheck = &check{
	name:  "doublecheck",
	title: "an unsynchronized check before a lock or once.Do",
	text: `A plain read decides whether to take a lock or call once.Do: the memory
model's "if !done { once.Do(setup) }" and double-checked locking on a plain
variable. A goroutine that sees the guard set skips the synchronization, so
nothing orders the initialization before its reads. Also reported: lazy
initialization with no synchronization at all (if p.tmpl == nil { p.tmpl =
parse() }) in a method that runs concurrently with itself by contract
(http.Handler.ServeHTTP and the like) or by its documentation.`,
	rule: `The completion of the single call of f in once.Do(f) is synchronized before
the return of every once.Do(f), and an unlock before the next lock. A
goroutine that skips once.Do or the lock because a plain read saw the guard
set gets neither edge: the memory model's double-checked locking example
may see done set and a not yet written.`,
	wrong: `if inst == nil {
	mu.Lock()
	if inst == nil {
	inst = newT()
	}
	mu.Unlock()
}`,
	right: `var get = sync.OnceValue(newT)  // or once.Do unconditionally, or an atomic.Pointer guard`,
	run:   (*passCtx).doublecheck,
}

// doublecheck: a plain read used as a guard before a lock or once.Do, as in
// the memory model's "if !done { once.Do(setup) }" and in double-checked
// locking. A goroutine that sees the guard set takes neither the lock nor
// the Once, so nothing orders the initialization before its later reads.
func (pc *passCtx) doublecheck() {
	for _, l := range pc.acc.locs {
		accs := pc.acc.byLoc[l]
		if !written(accs) {
			continue
		}
		for _, r := range accs {
			if r.kind != plainRead || pc.generated(posOf(r.instr)) || pc.locked(r.instr) {
				continue
			}
			if w, ev := pc.lazyInit(r); w != nil {
				name := pc.nameAt(posOf(r.instr), r.loc)
				pc.reportAt("doublecheck", r.instr,
					fmt.Sprintf("%s checked and initialized without synchronization in %s (calls that run at once may both initialize it, and one that sees it set may not see its initialization)", name, funcName(r.fn)),
					pc.related(w.instr, "initialized here"), pc.evidenceRelated(ev))
				continue
			}
			if call := pc.guardedSync(r); call != nil {
				name := pc.nameAt(posOf(r.instr), r.loc)
				what := pc.calleeText(call)
				var msg string
				if obj := calleeFunc(call.Common()); obj != nil && obj.Name() == "Do" {
					msg = fmt.Sprintf("%s checked without synchronization before %s (a goroutine that sees it set skips %s and may not see what the function wrote)", name, what, what)
				} else if pc.readsInitialized(r, call) {
					msg = fmt.Sprintf("%s checked without holding the lock before %s (double-checked locking: a goroutine that sees it set may not see its initialization)", name, what)
				} else {
					msg = fmt.Sprintf("%s checked without holding the lock before %s (the check races with the writes made under the lock)", name, what)
				}
				rel := []analysis.RelatedInformation{pc.related(call, "synchronization skipped by the check")}
				if w := pc.lockedWrite(r); w != nil {
					rel = append(rel, pc.related(w.instr, "shared: "+pc.nameAt(posOf(w.instr), w.loc)+" written holding a lock here, the claim that other goroutines use it"))
				}
				pc.reportAt("doublecheck", r.instr, msg, rel...)
			}
		}
	}
}

// lockedWrite returns a write of r's location, on an object that is not
// fresh, made holding a lock: the evidence that the location is shared.
func (pc *passCtx) lockedWrite(r *access) *access {
	for _, w := range pc.acc.byLoc[r.loc] {
		if w.kind == plainWrite && pc.locked(w.instr) && !pc.fresh(w) {
			return w
		}
	}
	return nil
}

// written reports whether some access writes the location.
func written(accs []*access) bool {
	for _, a := range accs {
		if a.kind == plainWrite || a.kind == atomicWrite {
			return true
		}
	}
	return false
}

// guardedSync returns the once.Do or Lock call that runs only on some paths
// from a branch decided by the value r read (if c.inst == nil { c.mu.Lock()
// ... }), and under which what r read is written. The check itself then
// races with that write, and a goroutine that sees the value set skips
// the synchronization that would order the initialization before its
// reads.
func (pc *passCtx) guardedSync(r *access) *ssa.Call {
	if _, ok := r.loc.typ().Underlying().(*types.Struct); ok || r.loc.alloc != nil {
		return nil // only package variables and fields are shared this way
	}
	for _, ifi := range guards(r.val, 0) {
		ib := ifi.Block()
		for _, b := range r.fn.Blocks {
			if b == ib || !ib.Dominates(b) || !oneSide(ib, b) {
				continue
			}
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				obj := calleeFunc(call.Common())
				if isFunc(obj, "sync", "Once", "Do") {
					if pc.onceWritten(call)[r.loc] {
						return call
					}
				}
				// The second check under the lock is the author's own
				// word that another goroutine may change the value
				// meanwhile; without it, the first check may be a hint in
				// code that one goroutine runs at a time, unless the
				// function runs concurrently by contract or documentation,
				// or is double-checked locking without the second check:
				// it initializes under the lock what the check reads (and
				// every write of it holds the lock), and reads the result
				// without the lock (if len(e.cols) == 0 { lock; e.cols =
				// ...; unlock }; return e.cols).
				if op, mu := pc.lockCall(call.Common()); op == acquire && !isReadLock(obj) && pc.lockOf(call, mu, r) {
					if (pc.writtenUnder(r, instr)[r.loc] || pc.lockGuarded(r.loc)) &&
						(pc.rereadUnder(r, instr, r.fn) || pc.evidenceOf(r, r.fn, evContract, evDoc) != nil ||
							pc.lockGuarded(r.loc) && pc.writtenUnder(r, instr)[r.loc] && pc.readsInitialized(r, call)) {
						return call
					}
				}
				// A helper that checks again and initializes under the
				// lock that guards what r reads (if r.re == nil {
				// r.compile() }).
				if f := pc.inPkg(call.Common()); f != nil && pc.lockedWrites(f)[r.loc] && pc.lockGuarded(r.loc) && pc.checksAgain(r, f) {
					return call
				}
			}
		}
	}
	return nil
}

// oneSide reports whether b runs on one outcome of the branch that ends
// ib only: one successor reaches b, the other does not (if inst == nil {
// mu.Lock() ... }). A lock both outcomes reach is taken whatever the check
// saw (it may be skipped only by an error return on the way).
func oneSide(ib, b *ssa.BasicBlock) bool {
	// The outcomes of a condition made of several checks (c.tok == "" ||
	// expired()) are the exits of its blocks.
	chain := map[*ssa.BasicBlock]bool{ib: true}
	var exits []*ssa.BasicBlock
	for queue := []*ssa.BasicBlock{ib}; len(queue) > 0; queue = queue[1:] {
		for _, s := range queue[0].Succs {
			switch {
			case chain[s]:
			case strings.HasPrefix(s.Comment, "cond.") && len(s.Preds) == 1:
				chain[s] = true
				queue = append(queue, s)
			case !slices.Contains(exits, s):
				exits = append(exits, s)
			}
		}
	}
	some, all := false, true
	for _, e := range exits {
		r := blockReaches(e, b, ib)
		some = some || r
		all = all && r
	}
	return some && !all
}

// blockReaches reports whether b can be reached from from without passing
// through stop.
func blockReaches(from, b, stop *ssa.BasicBlock) bool {
	seen := make([]bool, len(from.Parent().Blocks))
	stack := []*ssa.BasicBlock{from}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if x == stop || seen[x.Index] {
			continue
		}
		seen[x.Index] = true
		stack = append(stack, x.Succs...)
	}
	return false
}

// avoidable reports whether some path from from returns without passing
// through b.
func avoidable(from, b *ssa.BasicBlock) bool {
	seen := make([]bool, len(from.Parent().Blocks))
	stack := []*ssa.BasicBlock{from}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b || seen[x.Index] {
			continue
		}
		seen[x.Index] = true
		if _, ok := x.Instrs[len(x.Instrs)-1].(*ssa.Return); ok {
			return true
		}
		stack = append(stack, x.Succs...)
	}
	return false
}

// writtenUnder returns the locations written in r's function while the
// lock taken at lock is held: the initialization of double-checked
// locking (the second check is optional: without it the race is the same).
func (pc *passCtx) writtenUnder(r *access, lock ssa.Instruction) map[location]bool {
	written := make(map[location]bool)
	for _, a := range pc.acc.byFn[r.fn] {
		if a.kind == plainWrite && pc.dominates(lock, a.instr) && pc.locked(a.instr) {
			written[a.loc] = true
		}
	}
	return written
}

// rereadUnder reports whether fn reads r's location again while holding a
// lock (after lock, when given): the second check of double-checked locking.
func (pc *passCtx) rereadUnder(r *access, lock ssa.Instruction, fn *ssa.Function) bool {
	for _, a := range pc.acc.byFn[fn] {
		if a != r && a.kind == plainRead && a.loc == r.loc && pc.locked(a.instr) && (lock == nil || pc.dominates(lock, a.instr)) {
			return true
		}
	}
	return false
}

// checksAgain reports whether f checks r's location again holding a lock
// and writes it only on some outcomes of that check (the write is control
// dependent on the check): the second check and
// the initialization of double-checked locking, in a helper. A helper that
// reads the location under the lock and writes it unconditionally (prev :=
// c.acc; ...; c.acc = acc) is no second check.
func (pc *passCtx) checksAgain(r *access, f *ssa.Function) bool {
	for _, a := range pc.acc.byFn[f] {
		if a.kind != plainRead || a.loc != r.loc || !pc.locked(a.instr) {
			continue
		}
		for _, ifi := range guards(a.val, 0) {
			ib := ifi.Block()
			for _, w := range pc.acc.byFn[f] {
				if w.kind == plainWrite && w.loc == r.loc && pc.locked(w.instr) && controlDependent(w.instr.Block(), ib) {
					return true
				}
			}
		}
	}
	return false
}

// controlDependent reports whether the check that ends block ib decides
// whether b runs: every path from one of its successors passes b, and some
// path from ib avoids it.
func controlDependent(b, ib *ssa.BasicBlock) bool {
	if b == ib || !avoidable(ib, b) {
		return false
	}
	for _, s := range ib.Succs {
		if !avoidable(s, b) {
			return true
		}
	}
	return false
}

// lockedWrites returns the locations f writes while holding a lock it
// takes itself.
func (pc *passCtx) lockedWrites(f *ssa.Function) map[location]bool {
	written := make(map[location]bool)
	if pc.lockState(f) == nil {
		return written
	}
	for _, a := range pc.acc.byFn[f] {
		if a.kind == plainWrite && pc.locked(a.instr) && !pc.fresh(a) {
			written[a.loc] = true
		}
	}
	return written
}

// lockOf reports whether the lock mu taken at call belongs with what r
// reads: a lock of the same object (c.mu for c.inst), or a package-level
// lock for a package variable. A lock of another object (bdy.mu before
// w.closeAfterReply) orders nothing about it.
func (pc *passCtx) lockOf(call *ssa.Call, mu any, r *access) bool {
	var arg ssa.Value
	switch {
	case call.Call.IsInvoke():
		arg = call.Call.Value // tx.Lock() on an interface
	case len(call.Call.Args) == 0:
		return true // a lock function of the package (lock())
	default:
		arg = call.Call.Args[0]
	}
	// The object that owns the mutex: c for &c.mu, the pointer's target
	// for a *sync.Mutex.
	if fa, ok := arg.(*ssa.FieldAddr); ok {
		arg = fa.X
	}
	k := pc.objOf(arg, 0)
	if r.base == (objKey{}) {
		_, global := k.root.(types.Object)
		return global || k.root == nil
	}
	return k == r.base
}

// onceWritten returns the locations the function passed to once.Do writes,
// itself or in the functions of the package it calls.
func (pc *passCtx) onceWritten(call *ssa.Call) map[location]bool {
	written := make(map[location]bool)
	args := call.Common().Args
	if len(args) < 2 {
		return written
	}
	f := pc.srcFunc(funcValue(args[1]))
	if f == nil {
		return written
	}
	fns := []*ssa.Function{f}
	for callee, sites := range pc.gor.callers {
		for _, site := range sites {
			if site.Parent() == f {
				fns = append(fns, callee)
			}
		}
	}
	for _, fn := range fns {
		for _, a := range pc.acc.byFn[fn] {
			if a.kind == plainWrite {
				written[a.loc] = true
			}
		}
	}
	return written
}

// isReadLock reports whether obj takes a read lock, under which the
// initialization of double-checked locking cannot happen.
func isReadLock(obj *types.Func) bool {
	return obj.Name() == "RLock" || obj.Name() == "rlock"
}

// lazyInit returns the unlocked write that initializes what r checks (if
// c.conn == nil { c.conn = dial() }), when nothing synchronizes the two and
// the function runs concurrently with itself: it implements an interface
// whose contract says so, or its type synchronizes on the receiver
// elsewhere.
func (pc *passCtx) lazyInit(r *access) (*access, *evidence) {
	if r.loc.alloc != nil {
		return nil, nil
	}
	// Only a method other packages call directly runs with no lock its
	// callers hold.
	if !pc.entryPoint(r.fn) {
		return nil, nil
	}
	// A field guarded by a lock elsewhere is weaker evidence here: an
	// exported method that initializes defaults (Start, Init) runs before
	// the object is shared, which pubcheck cannot see.
	ev := pc.evidenceOf(r, r.fn, evContract, evDoc)
	if ev == nil {
		return nil, nil
	}
	// A check of what the function itself wrote before is no lazy
	// initialization.
	for _, w := range pc.acc.byFn[r.fn] {
		if w.kind == plainWrite && w.loc == r.loc && w.base == r.base && pc.dominates(w.instr, r.instr) {
			return nil, nil
		}
	}
	for _, ifi := range guards(r.val, 0) {
		for _, succ := range ifi.Block().Succs {
			if len(succ.Preds) != 1 {
				continue
			}
			for _, w := range pc.acc.byFn[r.fn] {
				if w.kind != plainWrite || w.loc != r.loc || w.base != r.base || !succ.Dominates(w.instr.Block()) ||
					pc.locked(w.instr) || !pc.unsyncedPath(r.instr, w.instr) || !pc.libConcurrent(r, w) {
					continue
				}
				return w, ev
			}
		}
	}
	return nil, nil
}

// srcFunc returns the function of the package that f denotes: f itself, or
// the method a bound method value (c.load) wraps.
func (pc *passCtx) srcFunc(f *ssa.Function) *ssa.Function {
	if f == nil || pc.isSrc[f] {
		return f
	}
	if obj, ok := f.Object().(*types.Func); ok {
		if g := f.Prog.FuncValue(obj); g != nil && pc.isSrc[g] {
			return g
		}
	}
	return nil
}

// readsInitialized reports whether r's function, besides the check, reads
// without the lock something written under the lock taken at call: the
// fast path of double-checked locking, which may see a half-built value.
func (pc *passCtx) readsInitialized(r *access, call *ssa.Call) bool {
	written := pc.writtenUnder(r, call)
	for _, x := range pc.acc.byFn[r.fn] {
		if x != r && x.kind == plainRead && written[x.loc] && !pc.locked(x.instr) {
			return true
		}
	}
	return false
}

// lockGuarded reports whether every write of l, outside initialization of
// a fresh object and outside test files, holds a lock: the package guards l
// with it. Tests set fields up without the lock before anything runs
// alongside; that says nothing of the package's own discipline (and go
// vet analyzes a package with its tests only).
func (pc *passCtx) lockGuarded(l location) bool {
	n := 0
	for _, w := range pc.acc.byLoc[l] {
		if w.kind != plainWrite || pc.fresh(w) || pc.inTestFile(w.fn) {
			continue
		}
		if !pc.locked(w.instr) {
			return false
		}
		n++
	}
	return n > 0
}
