package analyzer

import (
	"golang.org/x/tools/go/ssa"
)

// Goroutine bodies in library code, and what runs on their goroutine.
//
// In a library the callers start the goroutines, so unjoined presumes some
// methods to be goroutine bodies from their shape (see libUnjoined). Two
// rules keep that presumption from reaching code that runs on one goroutine:
//
//   - A function the package calls with a plain call (not go, and not from a
//     function that is itself the body of a goroutine the package starts) runs
//     on its caller's goroutine. A loop that runs until a receive is then a
//     drain the caller waits for (go-ethereum's lookup.shutdown), not a
//     goroutine of its own: that shape alone no longer makes it a body. A
//     function that signals its end, or whose documentation says it runs in
//     its own goroutine, still is one. Calls in _test.go files do not count:
//     tests call goroutine bodies directly once they have stopped them.
//
//   - A function reached only through the body runs on the body's goroutine:
//     when every call path in the package to it starts in the body (the body
//     dominates it in the package's call graph, whose root stands for every
//     caller pubcheck cannot see), its accesses are ordered with the body's
//     by program order, not concurrent with them (Prometheus' Discovery.Run
//     calls refresh, which alone calls watchFiles).
//
// The dominator tree is computed once per package, in time near linear in
// the size of the call graph; each question is then two comparisons.

// callDoms is the dominator tree of the package's call graph.
type callDoms struct {
	index    map[*ssa.Function]int // node of each function; 0 is the root
	pre, end []int                 // interval of each node in a preorder walk of the tree; end 0 for nodes the root does not reach
}

// callDominators builds the tree on first use.
func (pc *passCtx) callDominators() *callDoms {
	if pc.doms != nil {
		return pc.doms
	}
	d := &callDoms{index: make(map[*ssa.Function]int)}
	pc.doms = d
	n := len(pc.funcs) + 1
	for i, fn := range pc.funcs {
		d.index[fn] = i + 1
	}
	node := func(fn *ssa.Function) int {
		if o := fn.Origin(); o != nil {
			fn = o
		}
		return d.index[fn] // 0, the root, for a function not of the package
	}
	preds := make([][]int, n)
	succs := make([][]int, n)
	edge := func(from, to int) {
		preds[to] = append(preds[to], from)
		succs[from] = append(succs[from], to)
	}
	for i, fn := range pc.funcs {
		v := i + 1
		switch {
		case fn.Parent() != nil:
			// A function literal runs where it is made only if it is called
			// or deferred there, and never started or handed out.
			if pc.inlineClosure(fn.Parent(), fn) {
				edge(node(fn.Parent()), v)
			} else {
				edge(0, v)
			}
			continue
		case !pc.closedFunc(fn) || len(pc.gor.callers[fn]) == 0:
			// Callers pubcheck cannot see: other packages, function values,
			// interface calls, go statements.
			edge(0, v)
		}
		for _, s := range pc.gor.callers[fn] {
			edge(node(s.Parent()), v)
		}
	}
	// Reverse postorder from the root, iteratively.
	post := make([]int, n) // postorder number + 1; 0 for unreached
	var order []int        // nodes in postorder
	type frame struct{ v, next int }
	visited := make([]bool, n)
	stack := []frame{{0, 0}}
	visited[0] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < len(succs[top.v]) {
			w := succs[top.v][top.next]
			top.next++
			if !visited[w] {
				visited[w] = true
				stack = append(stack, frame{w, 0})
			}
			continue
		}
		order = append(order, top.v)
		post[top.v] = len(order)
		stack = stack[:len(stack)-1]
	}
	// Cooper, Harvey and Kennedy's iterative algorithm.
	idom := make([]int, n)
	for i := range idom {
		idom[i] = -1
	}
	idom[0] = 0
	intersect := func(a, b int) int {
		for a != b {
			for post[a] < post[b] {
				a = idom[a]
			}
			for post[b] < post[a] {
				b = idom[b]
			}
		}
		return a
	}
	for changed := true; changed; {
		changed = false
		for i := len(order) - 2; i >= 0; i-- { // the root is last
			v := order[i]
			nd := -1
			for _, p := range preds[v] {
				if idom[p] < 0 {
					continue
				}
				if nd < 0 {
					nd = p
				} else {
					nd = intersect(p, nd)
				}
			}
			if nd >= 0 && idom[v] != nd {
				idom[v] = nd
				changed = true
			}
		}
	}
	// Preorder intervals of the tree: a dominates b when b's interval lies
	// within a's.
	children := make([][]int, n)
	for v := 1; v < n; v++ {
		if idom[v] >= 0 {
			children[idom[v]] = append(children[idom[v]], v)
		}
	}
	d.pre, d.end = make([]int, n), make([]int, n)
	clock := 0
	walk := []frame{{0, 0}}
	clock++
	d.pre[0] = clock
	for len(walk) > 0 {
		top := &walk[len(walk)-1]
		if top.next < len(children[top.v]) {
			w := children[top.v][top.next]
			top.next++
			clock++
			d.pre[w] = clock
			walk = append(walk, frame{w, 0})
			continue
		}
		d.end[top.v] = clock
		walk = walk[:len(walk)-1]
	}
	return d
}

// onBodyGoroutine reports whether fn runs on the goroutine of body whenever
// it runs: fn is body, or every call path in the package to fn starts in
// body.
func (pc *passCtx) onBodyGoroutine(fn, body *ssa.Function) bool {
	if fn == body {
		return true
	}
	d := pc.callDominators()
	a, b := d.index[body], d.index[fn]
	if a == 0 || b == 0 || d.end[a] == 0 || d.end[b] == 0 {
		return false
	}
	return d.pre[a] <= d.pre[b] && d.pre[b] <= d.end[a]
}

// calledInline reports whether the package calls fn with a plain call, in
// code of its own (not a _test.go file) that is not itself the body of a
// goroutine the package starts (go func() { w.loop() }() starts loop as
// much as go w.loop() does).
func (pc *passCtx) calledInline(fn *ssa.Function) bool {
	for _, s := range pc.gor.callers[fn] {
		p := s.Parent()
		if o := p.Origin(); o != nil {
			p = o
		}
		if len(pc.gor.roots[p]) == 0 && !pc.inTestFile(p) {
			return true
		}
	}
	return false
}

// reaches reports whether fn can call g, through the package's static
// calls (not go statements; see goroutines.callees) and the function
// literals it makes, at any depth.
func (pc *passCtx) reaches(fn, g *ssa.Function) bool {
	set, ok := pc.reachMemo[fn]
	if !ok {
		set = map[*ssa.Function]bool{fn: true}
		stack := []*ssa.Function{fn}
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, h := range pc.gor.callees[f] {
				if !set[h] {
					set[h] = true
					stack = append(stack, h)
				}
			}
			for _, a := range f.AnonFuncs {
				if !set[a] {
					set[a] = true
					stack = append(stack, a)
				}
			}
		}
		pc.reachMemo[fn] = set
	}
	return set[g]
}
