package analyzer

import (
	"fmt"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// afterstore: a value mutated after it was published, by an atomic store, a
// sync.Map store, a channel send, or a goroutine start. Other goroutines may
// already hold the value, and nothing orders the mutation before their reads.
func (pc *passCtx) afterstore() {
	for _, fn := range pc.funcs {
		for _, p := range pc.publications(fn) {
			pc.checkAfterPublish(fn, p)
		}
	}
}

func (pc *passCtx) checkAfterPublish(fn *ssa.Function, p *publication) {
	vals := make(map[ssa.Value]bool)
	for _, v := range p.vals {
		vals[v] = true
	}
	for _, alloc := range p.vars {
		if pc.reassignedAfter(alloc, p.instr) {
			continue // the goroutine may see another value; a race on the variable itself
		}
		for _, r := range *alloc.Referrers() {
			if ld, ok := r.(*ssa.UnOp); ok && ld.X == alloc {
				vals[ld] = true
			}
		}
	}
	if len(vals) == 0 {
		return
	}
	alias := func(v ssa.Value) bool { return vals[v] }
	for _, m := range pc.mutations(fn, alias) {
		if !pc.dominates(p.instr, m.instr) {
			continue
		}
		// A goroutine or a receiver may hand the value back or signal that
		// it is done with it; any synchronization in between may be that.
		if (p.kind == pubGo || p.kind == pubSend) && !pc.unsyncedPath(p.instr, m.instr) {
			continue
		}
		// x.timer = time.AfterFunc(d, x.fire): storing the result of the
		// publishing call itself.
		if st, ok := m.instr.(*ssa.Store); ok && isValue(st.Val, p.instr) {
			continue
		}
		if mu, ok := m.instr.(*ssa.MapUpdate); ok && isValue(mu.Value, p.instr) {
			continue
		}
		// The other side must be seen reading what is mutated: the goroutine
		// started here, or a Load of the same atomic variable.
		if p.kind == pubGo && !pc.goroutineReads(p, m) || p.kind == pubAtomic && !pc.loadersRead(p.origin(), m) {
			continue
		}
		pubName := pc.publishedName(p, m)
		var msg string
		switch p.kind {
		case pubAtomic, pubSyncMap:
			msg = fmt.Sprintf("%s after %s was published by %s (concurrent Loads may see the change)",
				pc.describe(m), pubName, p.via)
		case pubSend:
			msg = fmt.Sprintf("%s after %s was sent on %s (the receiver may see the change)",
				pc.describe(m), pubName, p.via)
		case pubGo:
			via := ""
			if p.via != "" {
				via = " by " + p.via
			}
			msg = fmt.Sprintf("%s after %s was passed to a goroutine%s (the goroutine may see the change)",
				pc.describe(m), pubName, via)
		}
		pc.reportAt("afterstore", m.instr, msg, pc.related(p.instr, "published here"))
	}
}

// publishedName renders the published value that m mutates, as written
// where it was published.
func (pc *passCtx) publishedName(p *publication, m mutation) string {
	for _, v := range p.vals {
		if what, _ := pc.mutates(m.instr, func(x ssa.Value) bool { return x == v }); what != "" {
			return p.names[v]
		}
	}
	for _, a := range p.vars {
		return a.Comment
	}
	return "the value"
}

// reassignedAfter reports whether the captured variable alloc may be assigned
// after instr.
func (pc *passCtx) reassignedAfter(alloc *ssa.Alloc, instr ssa.Instruction) bool {
	for _, r := range *alloc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == alloc && st.Parent() == instr.Parent() && pc.reachable(instr, st) {
			return true
		}
	}
	return false
}

// goroutineReads reports whether a goroutine started by p reads the field
// that m writes.
func (pc *passCtx) goroutineReads(p *publication, m mutation) bool {
	l, ok := pc.mutatedField(m)
	if !ok {
		return false
	}
	if p.ext != nil {
		return l.obj != nil && slices.Contains(p.ext.Loaded, fieldKey(l.obj))
	}
	for _, a := range pc.acc.byLoc[l] {
		if pc.goroutineRead(p, a) {
			return true
		}
	}
	return false
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

// mutatedField returns the innermost field on the path of the written address.
func (pc *passCtx) mutatedField(m mutation) (location, bool) {
	var v ssa.Value
	switch x := m.instr.(type) {
	case *ssa.Store:
		v = x.Addr
	case *ssa.MapUpdate:
		v = x.Map
	case *ssa.Call:
		if m.arg < 0 || m.what == "modified by" {
			return location{}, false
		}
		v = x.Call.Args[m.arg]
	}
	for i := 0; v != nil && i < 16; i, v = i+1, derivedFrom(v) {
		if fa, ok := v.(*ssa.FieldAddr); ok {
			return pc.locOf(fa)
		}
	}
	return location{}, false
}

func isValue(v ssa.Value, instr ssa.Instruction) bool {
	iv, ok := instr.(ssa.Value)
	return ok && iv == v
}

// loadersRead reports whether a value loaded from the atomic variable p
// publishes to is read at the field m writes.
//
// Where m writes no field (an element of a published slice), any Load of the
// variable counts.
func (pc *passCtx) loadersRead(p *publication, m mutation) bool {
	if p.ext != nil {
		l, field := pc.mutatedField(m)
		for _, k := range p.ext.Loaded {
			if !field && k == "*" && m.what != "modified by" || field && l.obj != nil && k == fieldKey(l.obj) {
				return true
			}
		}
		return false
	}
	av, ok := pc.locOf(p.instr.(*ssa.Call).Call.Args[0])
	if !ok {
		return false
	}
	l, field := pc.mutatedField(m)
	for _, ld := range pc.acc.byLoc[av] {
		if ld.kind != atomicRead || ld.val == nil {
			continue
		}
		if !field {
			if m.what != "modified by" {
				return true
			}
			continue
		}
		loaded := func(v ssa.Value) bool { return v == ld.val }
		for _, r := range pc.acc.byFn[ld.fn] {
			if r.kind == plainRead && r.loc == l && reaches(r.instr.(*ssa.UnOp).X, loaded) {
				return true
			}
		}
	}
	return false
}
