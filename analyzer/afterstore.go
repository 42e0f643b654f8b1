package analyzer

import (
	"fmt"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// afterstoreCheck is the afterstore entry of the registry.
var afterstoreCheck = &check{
	name:  "afterstore",
	title: "a value mutated after it was published",
	text: `A pointer, map or slice is mutated after it was published by an atomic
Store/Swap/CompareAndSwap, sync.Map.Store, a channel send or a go statement.
Other goroutines may already hold it and read it while it changes.`,
	rule: `A send is synchronized before the completion of the matching receive, an
atomic store before the atomic load that observes it, a go statement before
the start of the goroutine. Each orders only what came before it: writes
made after the publication race with the reads of the goroutines that
received the value.`,
	wrong: `s.cur.Store(cfg)
cfg.Timeout = 5`,
	right: `next := *cfg            // copy, modify the copy, publish the copy
next.Timeout = 5
s.cur.Store(&next)`,
	run: (*passCtx).afterstore,
}

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
	// Loading the same field again, with no store to it since, gives the
	// same value (a.out <- a.cur; a.cur.Items = a.cur.Items[:0]).
	for _, v := range p.vals {
		for _, ld := range pc.reloads(v, p.instr) {
			vals[ld] = true
		}
	}
	alias := func(v ssa.Value) bool { return vals[v] }
	// A loop that keeps the array (buf = buf[:0]) carries the published
	// value into its next iteration through a phi.
	for range 2 {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				phi, ok := instr.(*ssa.Phi)
				if !ok {
					break
				}
				for _, e := range phi.Edges {
					if !vals[phi] && reaches(e, alias) {
						vals[phi] = true
					}
				}
			}
		}
	}
	start, from := p.instr.Block(), pc.index(p.instr)+1
	if p.sendCase != nil {
		// The value is sent only when the select chooses its case.
		start, from = p.sendCase, 0
	}
	for _, m := range pc.mutations(fn, alias) {
		// The mutation follows the publication on every path, or comes
		// round a loop that publishes in one iteration and mutates in the
		// next.
		after := pc.dominates(p.instr, m.instr) && (p.sendCase == nil || p.sendCase.Dominates(m.instr.Block()))
		if !after && !(pc.reachable(p.instr, m.instr) && pc.reachable(m.instr, p.instr)) {
			continue
		}
		// The value mutated must be the one published: a path that
		// reaches the mutation only by passing the value's definition
		// again (round a loop) mutates the next value, not this one
		// (case out <- buf: buf = nil; case x := <-in: buf = append(buf, x)).
		if !pc.stillPublished(start, from, m.instr, p.vals, alias) {
			continue
		}
		// A goroutine or a receiver may hand the value back or signal that
		// it is done with it; any synchronization in between may be that.
		if (p.kind == pubGo || p.kind == pubSend) && !pc.unsyncedPath(p.instr, m.instr) {
			continue
		}
		// A timer stopped before the mutation never runs its function (if
		// !t.Stop() { return } keeps the paths where it did not fire).
		if p.kind == pubGo && pc.stoppedBefore(p.instr, m.instr) {
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
		if pc.generated(posOf(m.instr)) {
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
	l, field := pc.mutatedField(m)
	if p.ext != nil {
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
	lr := pc.loadedReads(av)
	if !field {
		return lr.any && m.what != "modified by"
	}
	return lr.fields[l]
}

// stillPublished reports whether m can run after instruction from of start
// while a value of vals still holds what was published: on a path that
// does not define the value anew. A loop's phi defines it anew unless the
// value coming round the loop is derived from the published one
// (buf = buf[:0] keeps the array; buf = nil does not).
func (pc *passCtx) stillPublished(start *ssa.BasicBlock, from int, m ssa.Instruction, vals []ssa.Value, alias func(ssa.Value) bool) bool {
	defines := func(instr ssa.Instruction) bool {
		if _, phi := instr.(*ssa.Phi); phi {
			return false // entering the block: see redefines
		}
		v, ok := instr.(ssa.Value)
		return ok && slices.Contains(vals, v)
	}
	return pathCutting(start, from, m, defines, func(from, to *ssa.BasicBlock) bool { return redefines(to, from, alias) })
}

// redefines reports whether entering b from pred gives a variable that may
// hold the published value (a phi of b that alias accepts) a new value not
// derived from it: on this path it holds something else (buf = make(...)
// before the loop comes round).
func redefines(b, pred *ssa.BasicBlock, isVal func(ssa.Value) bool) bool {
	k := slices.Index(b.Preds, pred)
	for _, instr := range b.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if isVal(phi) && k >= 0 && k < len(phi.Edges) && !reaches(phi.Edges[k], isVal) {
			return true
		}
	}
	return false
}

// reloads returns the loads, after instr, of the variable or field that v
// was loaded from, on the same object, with no store to it in the function.
func (pc *passCtx) reloads(v ssa.Value, instr ssa.Instruction) []ssa.Value {
	a := pc.acc.byInstr[asInstr(v)]
	if a == nil || a.kind != plainRead {
		return nil
	}
	var res []ssa.Value
	for _, x := range pc.acc.byFn[a.fn] {
		if x.loc != a.loc || x.base != a.base {
			continue
		}
		if x.kind == plainWrite {
			return nil
		}
		if x.kind == plainRead && x != a && pc.reachable(instr, x.instr) {
			res = append(res, x.val)
		}
	}
	return res
}

func asInstr(v ssa.Value) ssa.Instruction {
	i, _ := v.(ssa.Instruction)
	return i
}

// stoppedBefore reports whether start is time.AfterFunc and a Stop of the
// timer it returns runs on every path to instr.
func (pc *passCtx) stoppedBefore(start, instr ssa.Instruction) bool {
	call, ok := start.(*ssa.Call)
	if !ok || !isFunc(calleeFunc(call.Common()), "time", "", "AfterFunc") {
		return false
	}
	for _, r := range *call.Referrers() {
		stop, ok := r.(*ssa.Call)
		if ok && isFunc(calleeFunc(stop.Common()), "time", "Timer", "Stop") && pc.dominates(stop, instr) {
			return true
		}
	}
	return false
}
