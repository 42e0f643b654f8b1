package analyzer

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

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
			if r.kind != plainRead || pc.locked(r.instr) {
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
				} else {
					msg = fmt.Sprintf("%s checked without holding the lock before %s (double-checked locking: a goroutine that sees it set may not see its initialization)", name, what)
				}
				pc.reportAt("doublecheck", r.instr, msg, pc.related(call, "synchronization skipped by the check"))
			}
		}
	}
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

// guardedSync returns the once.Do or Lock call that runs only in a branch
// decided by the value r read.
func (pc *passCtx) guardedSync(r *access) *ssa.Call {
	if _, ok := r.loc.typ().Underlying().(*types.Struct); ok || r.loc.alloc != nil {
		return nil // only package variables and fields are shared this way
	}
	for _, ifi := range guards(r.val, 0) {
		for i, succ := range ifi.Block().Succs {
			if len(succ.Preds) != 1 {
				continue // a join of both branches, not one branch
			}
			skip := ifi.Block().Succs[1-i]
			for _, b := range r.fn.Blocks {
				if !succ.Dominates(b) {
					continue
				}
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					obj := calleeFunc(call.Common())
					if isFunc(obj, "sync", "Once", "Do") {
						if written := pc.onceWritten(call); written[r.loc] && pc.usedWhenSkipped(r, skip, written) {
							return call
						}
					}
					if op, _ := pc.lockCall(call.Common()); op == acquire && !isReadLock(obj) && pc.initializedUnder(r, instr) {
						if pc.usedWhenSkipped(r, skip, map[location]bool{r.loc: true}) {
							return call
						}
					}
				}
			}
		}
	}
	return nil
}

// usedWhenSkipped reports whether, on the branch that skips the
// synchronization, the function goes on to read what the synchronized code
// initializes (or the guard again): the read that may see a half-initialized
// state. A guard that only saves a lock, and whose fast path reads nothing,
// is a hint, not double-checked locking.
func (pc *passCtx) usedWhenSkipped(r *access, skip *ssa.BasicBlock, written map[location]bool) bool {
	from := pc.reach(skip)
	for _, x := range pc.acc.byFn[r.fn] {
		if x == r || x.kind != plainRead || !written[x.loc] || pc.locked(x.instr) {
			continue
		}
		if b := x.instr.Block(); b == skip || from[b.Index] {
			return true
		}
	}
	return false
}

// initializedUnder reports whether the location r read is read again and
// written while the lock taken at lock is held: the second check and the
// initialization of double-checked locking.
func (pc *passCtx) initializedUnder(r *access, lock ssa.Instruction) bool {
	reread, written := false, false
	for _, a := range pc.acc.byLoc[r.loc] {
		if a.fn != r.fn || a == r || !pc.dominates(lock, a.instr) || !pc.locked(a.instr) {
			continue
		}
		switch a.kind {
		case plainRead:
			reread = true
		case plainWrite:
			written = true
		}
	}
	return reread && written
}

// onceWritten returns the locations the function passed to once.Do writes,
// itself or in the functions of the package it calls.
func (pc *passCtx) onceWritten(call *ssa.Call) map[location]bool {
	written := make(map[location]bool)
	args := call.Common().Args
	if len(args) < 2 {
		return written
	}
	f := funcValue(args[1])
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
	ev := pc.evidenceOf(r, evContract, evType)
	if ev == nil {
		return nil, nil
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
