package analyzer

import (
	"fmt"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// unjoined: a goroutine writes a variable that the function which started
// it reads later, with no join (channel receive, Wait, lock) in between.
// The exit of a goroutine is not synchronized before any event: only a join
// orders its writes before the spawner's reads.
func (pc *passCtx) unjoined() {
	for _, root := range pc.sortedRoots() {
		for _, site := range pc.gor.roots[root] {
			if _, ok := site.(*ssa.Go); ok {
				pc.checkSpawn(root, site)
			}
		}
	}
	pc.extUnjoined()
}

// extUnjoined reports the same for goroutines started inside a function of
// another package: the caller reads a field of an argument that, as the
// function's summary says, the goroutine it starts writes, with no join in
// between.
func (pc *passCtx) extUnjoined() {
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				s := pc.summaryOf(call.Common())
				if s == nil {
					continue
				}
				for _, pp := range s.Publishes {
					if len(pp.Written) > 0 && pp.Param < len(call.Call.Args) {
						pc.checkExtSpawn(call, pp)
					}
				}
			}
		}
	}
}

func (pc *passCtx) checkExtSpawn(call *ssa.Call, pp pubParam) {
	arg := pc.objOf(call.Call.Args[pp.Param], 0)
	for _, r := range pc.acc.byFn[call.Parent()] {
		if r.kind != plainRead || r.loc.obj == nil || r.base != arg || !slices.Contains(pp.Written, fieldKey(r.loc.obj)) ||
			pc.guarded(r) || !pc.unsyncedPath(call, r.instr) {
			continue
		}
		pc.reportAt("unjoined", r.instr,
			fmt.Sprintf("%s read while the goroutine that %s started may still write it (nothing orders the goroutine's write before this read)",
				pc.nameAt(posOf(r.instr), r.loc), pc.calleeText(call)),
			pc.related(call, "goroutine started here"))
	}
}

func (pc *passCtx) checkSpawn(root *ssa.Function, site ssa.Instruction) {
	spawner := site.Parent()
	for _, fn := range pc.gor.runs[root] {
		for _, w := range pc.acc.byFn[fn] {
			if w.kind != plainWrite || pc.guarded(w) {
				continue
			}
			for _, r := range pc.acc.byLoc[w.loc] {
				if r.kind != plainRead || r.fn != spawner || pc.guarded(r) ||
					!pc.unsyncedPath(site, r.instr) || !pc.sameObject(w, r) || pc.flagGuarded(r, root) ||
					pc.newInstance(w.loc, site, r.instr) {
					continue
				}
				name := pc.nameAt(posOf(r.instr), r.loc)
				why := "nothing orders the goroutine's write before this read"
				if pc.sleepsBetween(site, r.instr) {
					why += "; time.Sleep is not a join"
				}
				pc.reportAt("unjoined", r.instr,
					fmt.Sprintf("%s read while the goroutine that writes it may still run (%s)", name, why),
					pc.related(w.instr, pc.nameAt(posOf(w.instr), w.loc)+" written in the goroutine"),
					pc.related(site, "goroutine started here"))
			}
		}
	}
}

// runsUnder reports whether fn is run by the goroutine root.
func (pc *passCtx) runsUnder(fn, root *ssa.Function) bool {
	for _, r := range pc.gor.rootsOf[fn] {
		if r == root {
			return true
		}
	}
	return false
}

// sleepsBetween reports whether a time.Sleep can run after a and before b.
func (pc *passCtx) sleepsBetween(a, b ssa.Instruction) bool {
	for _, blk := range a.Parent().Blocks {
		for _, instr := range blk.Instrs {
			if isSleep(instr) && pc.reachable(a, instr) && pc.reachable(instr, b) {
				return true
			}
		}
	}
	return false
}

// flagGuarded reports whether r runs only after a branch on another plain
// read of something the goroutine writes: a flag or a polled pointer, which
// flagdata and spinwait report at the flag.
func (pc *passCtx) flagGuarded(r *access, root *ssa.Function) bool {
	for _, f := range pc.acc.byFn[r.fn] {
		if f == r || f.kind != plainRead {
			continue
		}
		writtenByRoot := false
		for _, w := range pc.acc.byLoc[f.loc] {
			if w.kind == plainWrite && pc.runsUnder(w.fn, root) {
				writtenByRoot = true
			}
		}
		if !writtenByRoot {
			continue
		}
		for _, ifi := range guards(f.val, 0) {
			if ib := ifi.Block(); ib != r.instr.Block() && ib.Dominates(r.instr.Block()) {
				return true
			}
		}
	}
	return false
}

// newInstance reports whether every path from a to b declares the variable l
// anew (a variable declared in a loop body): b then reads another variable
// than the one the goroutine started at a captured.
func (pc *passCtx) newInstance(l location, a, b ssa.Instruction) bool {
	if l.alloc == nil || l.alloc.Parent() != a.Parent() {
		return false
	}
	return !pc.pathWithout(a.Block(), pc.index(a)+1, b, func(x ssa.Instruction) bool { return x == l.alloc })
}
