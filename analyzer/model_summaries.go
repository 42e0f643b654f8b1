package analyzer

import (
	"maps"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Summaries of the package's functions for each other: whether a function
// synchronizes (syncs), joins (computeJoin), which locations it writes
// (writes), which parameters it mutates (mutatesParams), publishes
// (publishesParams) or lets escape (paramEscapes), and whether it returns a
// snapshot (returnsSnapshot).
// Each depends on the summaries of the functions it calls, so they are
// computed bottom-up over the strongly connected components of the call
// graph, to a fixpoint inside each: no summary depends on the order in
// which functions are declared or asked about. The summaries of exported
// functions are what facts carry to other packages (see facts.go).

// memoized returns memo[fn], computing it on first use. A function asked
// about while its own summary is being computed (recursion outside
// solveSummaries) sees the zero value: nothing known.
func memoized[T any](memo map[*ssa.Function]T, fn *ssa.Function, compute func(*ssa.Function) T) T {
	if v, ok := memo[fn]; ok {
		return v
	}
	var zero T
	memo[fn] = zero
	v := compute(fn)
	memo[fn] = v
	return v
}

// solveSummaries computes every summary of every function of the package.
func (pc *passCtx) solveSummaries() {
	for _, scc := range pc.sccs() {
		solve(scc, pc.syncMemo, pc.computeSyncs, func(a, b bool) bool { return a == b })
		solve(scc, pc.joinMemo, pc.computeJoin, func(a, b bool) bool { return a == b })
		solve(scc, pc.writesMemo, pc.computeWrites, maps.Equal)
		solve(scc, pc.mutMemo, pc.computeMutates, slices.Equal)
		solve(scc, pc.escMemo, pc.computeParamEscapes, slices.Equal)
		solve(scc, pc.pubMemo, pc.computePublishes, func(a, b []*publication) bool {
			return slices.EqualFunc(a, b, func(x, y *publication) bool { return (x == nil) == (y == nil) })
		})
		solve(scc, pc.snapMemo, pc.computeSnapshot, func(a, b *ssa.Call) bool { return a == b })
	}
}

// solve computes one summary for the functions of one component: from
// nothing known, again and again until no function's summary changes (the
// summaries only grow; the bound is a guard).
func solve[T any](scc []*ssa.Function, memo map[*ssa.Function]T, compute func(*ssa.Function) T, equal func(a, b T) bool) {
	var zero T
	for _, fn := range scc {
		memo[fn] = zero
	}
	for range 2*len(scc) + 2 {
		changed := false
		for _, fn := range scc {
			if v := compute(fn); !equal(v, memo[fn]) {
				memo[fn] = v
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// sccs returns the strongly connected components of the package's static
// call graph, callees before callers (Tarjan's algorithm), in an order that
// depends only on the order of pc.funcs.
func (pc *passCtx) sccs() [][]*ssa.Function {
	callees := make(map[*ssa.Function][]*ssa.Function)
	for _, fn := range pc.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok {
					if f := pc.inPkg(c.Common()); f != nil {
						callees[fn] = append(callees[fn], f)
					}
				}
			}
		}
	}
	index := make(map[*ssa.Function]int)
	low := make(map[*ssa.Function]int)
	onStack := make(map[*ssa.Function]bool)
	var stack []*ssa.Function
	var out [][]*ssa.Function
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		index[fn] = len(index)
		low[fn] = index[fn]
		stack = append(stack, fn)
		onStack[fn] = true
		for _, c := range callees[fn] {
			if _, seen := index[c]; !seen {
				visit(c)
				low[fn] = min(low[fn], low[c])
			} else if onStack[c] {
				low[fn] = min(low[fn], index[c])
			}
		}
		if low[fn] == index[fn] {
			var scc []*ssa.Function
			for {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[x] = false
				scc = append(scc, x)
				if x == fn {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for _, fn := range pc.funcs {
		if _, seen := index[fn]; !seen {
			visit(fn)
		}
	}
	return out
}
