package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// unjoinedCheck is the unjoined entry of the registry.
var unjoinedCheck = &check{
	name:  "unjoined",
	title: "a goroutine's write read without a join",
	text: `A goroutine writes a variable that the function which started it reads
later, with no channel receive, WaitGroup.Wait, errgroup Wait, lock or Cond
wait in between. The end of a goroutine is not synchronized before anything,
and time.Sleep is not a join. In library code, where the callers start the
goroutines, a method that signals its end (close(t.done) as it returns, a
deferred wg.Done) or runs until told to stop (and that the package does not
itself call with a plain call, on a type not documented as unsafe for
concurrent use) is a goroutine body: another method that reads what it
writes must first receive from that channel or Wait on that WaitGroup. What only the body calls runs on its goroutine: the writes of such
a method of its receiver are the body's, for readers the body never calls.`,
	rule: `The exit of a goroutine is not synchronized before any event in the
program. A goroutine's writes are visible after a join: Wait after its Done,
a receive of its send or close, a lock after its unlock, an atomic load of
its atomic store.`,
	wrong: `go func() { result = compute() }()
time.Sleep(time.Second)
fmt.Println(result)`,
	right: `var wg sync.WaitGroup
wg.Go(func() { result = compute() })
wg.Wait()
fmt.Println(result)`,
	run: (*passCtx).unjoined,
}

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
	pc.libUnjoined()
}

// libUnjoined reports the same for goroutines the package's callers start:
// a method that signals its own end (it closes a channel field of its
// receiver or calls Done on a WaitGroup field when it returns) is a
// goroutine body, and another method that reads what the body writes must
// first wait for that signal. Only the matching operation joins: a receive
// from that channel, a Wait on that WaitGroup.
func (pc *passCtx) libUnjoined() {
	for _, body := range pc.funcs {
		rels := pc.exitReleases(body)
		var stop ssa.Instruction
		if len(rels) == 0 {
			stop = pc.stopReceive(body)
			// A loop the package itself calls with a plain call runs on its
			// caller's goroutine (a drain, lookup.shutdown): that shape
			// alone is no goroutine body. Its documentation may still say
			// it is one (see model_bodies.go).
			if stop != nil && pc.calledInline(body) && !pc.documentedBody(body) {
				stop = nil
			}
		}
		if len(rels) == 0 && stop == nil && pc.documentedBody(body) {
			// Documented to run in its own goroutine: any signal it gives
			// is what its readers can wait for.
			rels = pc.signals(body)
		}
		if len(rels) == 0 && stop == nil || !pc.model.external[body] {
			continue
		}
		// The methods of a type documented not to be used from several
		// goroutines at once run one at a time: one that signals its end
		// (a Close that closes cleanupDone) is no goroutine body unless
		// documented to be one.
		if pc.model.serialized[recvType(body)] && !pc.documentedBody(body) {
			continue
		}
		n := recvType(body)
		for _, bw := range pc.bodyWrites(body) {
			w := bw.access
			if w.kind != plainWrite || pc.guarded(w) || pc.fresh(w) {
				continue
			}
			for _, r := range pc.acc.byLoc[w.loc] {
				// A helper's write is the body's only for readers the body
				// cannot reach: one the body calls, on some path, runs on
				// the body's goroutine there.
				helper := bw.call != nil && bw.deferred == nil
				if r.kind != plainRead || pc.generated(posOf(r.instr)) || pc.runsIn(r.fn, body) || helper && pc.reaches(body, r.fn) || recvType(r.fn) != n && !isPackageVar(r.loc) || pc.guarded(r) || !pc.libConcurrent(w, r) ||
					pc.documentedBefore(r.fn, body) {
					continue
				}
				name := pc.nameAt(posOf(r.instr), r.loc)
				if stop != nil {
					// A loop that runs until told to stop, and signals
					// nothing when it returns: no reader can wait for it.
					pc.reportAt("unjoined", r.instr,
						fmt.Sprintf("%s read while %s may still write it (it signals nothing when it returns, so nothing orders its write before this read)",
							name, funcName(body)),
						pc.related(w.instr, pc.nameAt(posOf(w.instr), w.loc)+" written in "+bw.where(body)),
						pc.related(stop, funcName(body)+" runs until this receive"))
					continue
				}
				// Only a signal the body gives after the write orders it.
				// A write in a deferred call comes after every signal but
				// those deferred before it (deferred calls run last in,
				// first out).
				after := slices.DeleteFunc(slices.Clone(rels), func(e exitSignal) bool {
					_, deferred := e.instr.(*ssa.Defer)
					if bw.deferred != nil {
						return !deferred || !pc.dominates(e.instr, bw.deferred)
					}
					return !deferred && !pc.reachable(bw.at(), e.instr)
				})
				if len(after) == 0 {
					pc.reportAt("unjoined", r.instr,
						fmt.Sprintf("%s read while %s may still write it (it writes it after %s, so waiting for that orders nothing)",
							name, funcName(body), pc.signalText(rels[0].instr)),
						pc.related(w.instr, pc.nameAt(posOf(w.instr), w.loc)+" written in "+bw.where(body)),
						pc.related(rels[0].instr, funcName(body)+" signals here, before the write"))
					continue
				}
				if pc.joinedOn(r.instr, after) {
					continue
				}
				pc.reportAt("unjoined", r.instr,
					fmt.Sprintf("%s read while %s may still write it (nothing orders its write before this read: wait for %s first)",
						name, funcName(body), rels[0].name),
					pc.related(w.instr, pc.nameAt(posOf(w.instr), w.loc)+" written in "+bw.where(body)),
					pc.related(rels[0].instr, funcName(body)+" signals its end here"))
			}
		}
	}
}

// An exitSignal is a channel close or WaitGroup.Done on a field of the
// receiver that a goroutine body makes as it returns.
type exitSignal struct {
	loc   location
	instr ssa.Instruction
	name  string // "w.done", rendered for the message
}

// exitReleases returns the signals by which a goroutine body, method fn,
// tells others it is done: a deferred close or Done, a close or Done in a
// block that returns, or a WaitGroup.Done anywhere (a worker that counts
// down each item).
func (pc *passCtx) exitReleases(fn *ssa.Function) []exitSignal {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 {
		return nil
	}
	var rels []exitSignal
	for _, b := range fn.Blocks {
		_, returns := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			_, deferred := instr.(*ssa.Defer)
			done := isFunc(calleeFunc(c.Common()), "sync", "WaitGroup", "Done")
			if !deferred && !returns && !done {
				continue
			}
			if l, ok := pc.releaseLoc(c.Common()); ok {
				rels = append(rels, exitSignal{l, instr, pc.releaseName(c.Common(), l)})
			}
		}
	}
	return rels
}

// signalText renders the call that signals at instr: close(r.done), for a
// deferred call too.
func (pc *passCtx) signalText(instr ssa.Instruction) string {
	if d, ok := instr.(*ssa.Defer); ok {
		if ds, ok := pc.enclosing(d.Pos(), (*ast.DeferStmt)(nil)).(*ast.DeferStmt); ok {
			return types.ExprString(ds.Call)
		}
	}
	return pc.operandText(posOf(instr))
}

// A bodyWrite is a write a goroutine body makes: in its own code, or in a
// method of its receiver it calls (r.measure()) or defers (defer
// r.save()), which runs when the body returns.
type bodyWrite struct {
	*access
	call     ssa.CallInstruction // the body's call that makes the write, or nil
	deferred *ssa.Defer          // the defer that runs the write, or nil
}

// at returns where in the body the write is made: the write itself, or
// the call that makes it.
func (bw bodyWrite) at() ssa.Instruction {
	if bw.call != nil {
		return bw.call
	}
	return bw.instr
}

// where names the function that makes the write, for a message.
func (bw bodyWrite) where(body *ssa.Function) string {
	switch {
	case bw.deferred != nil:
		return funcName(bw.fn) + ", which " + funcName(body) + " defers"
	case bw.call != nil:
		return funcName(bw.fn) + ", which " + funcName(body) + " calls"
	}
	return funcName(body)
}

// bodyWrites returns the writes of body, of the methods of its receiver it
// defers, and of those it calls that run on its goroutine alone.
func (pc *passCtx) bodyWrites(body *ssa.Function) []bodyWrite {
	var ws []bodyWrite
	for _, a := range pc.acc.byFn[body] {
		ws = append(ws, bodyWrite{access: a})
	}
	for _, b := range body.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok || isGoInstr(instr) {
				continue
			}
			f := pc.inPkg(c.Common())
			if f == nil || f == body || recvType(f) == nil || recvType(f) != recvType(body) {
				continue
			}
			// A helper called from elsewhere too writes on other
			// goroutines as well: only one that runs on the body's alone
			// writes what the body does.
			d, _ := instr.(*ssa.Defer)
			if d == nil && !pc.runsIn(f, body) {
				continue
			}
			for _, a := range pc.acc.byFn[f] {
				ws = append(ws, bodyWrite{access: a, call: c, deferred: d})
			}
		}
	}
	return ws
}

// signals returns every close of a channel field and Done of a
// WaitGroup field that the method fn makes.
func (pc *passCtx) signals(fn *ssa.Function) []exitSignal {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 {
		return nil
	}
	var rels []exitSignal
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				if l, ok := pc.releaseLoc(c.Common()); ok {
					rels = append(rels, exitSignal{l, instr, pc.releaseName(c.Common(), l)})
				}
			}
		}
	}
	return rels
}

// documentedBody reports whether the documentation of fn's receiver type
// says that fn runs in a goroutine of its own ("Call Run in its own
// goroutine").
func (pc *passCtx) documentedBody(fn *ssa.Function) bool {
	n := recvType(fn)
	if n == nil {
		return false
	}
	doc := pc.model.documented[n]
	if doc == nil {
		return false
	}
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(fn.Name()) + `\b[^.]*\b(its own|a separate|a|another|a background|a new) goroutine`)
	return re.MatchString(strings.Join(strings.Fields(doc.Text()), " "))
}

// releaseLoc returns the field a close or WaitGroup.Done call releases.
func (pc *passCtx) releaseLoc(c *ssa.CallCommon) (location, bool) {
	if len(c.Args) == 0 {
		return location{}, false
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		if b.Name() != "close" {
			return location{}, false
		}
		return pc.chanLoc(c.Args[0])
	}
	if isFunc(calleeFunc(c), "sync", "WaitGroup", "Done") {
		return pc.locOf(c.Args[0])
	}
	return location{}, false
}

func (pc *passCtx) releaseName(c *ssa.CallCommon, l location) string {
	if e := pc.exprAt(c.Pos()); e != nil {
		if call, ok := pc.enclosing(c.Pos(), (*ast.CallExpr)(nil)).(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				return types.ExprString(sel.X) + ".Wait()"
			}
			if len(call.Args) == 1 {
				return "<-" + types.ExprString(call.Args[0])
			}
		}
	}
	return l.String()
}

// joinedOn reports whether every path to instr passes an operation that
// matches one of rels: a receive from the channel closed, a Wait on the
// WaitGroup, in instr's function or a function of the package it calls, or,
// for a function only the package calls, before each of its calls (see
// joinedAtCalls).
func (pc *passCtx) joinedOn(instr ssa.Instruction, rels []exitSignal) bool {
	if pc.joinedWithin(instr, rels) {
		return true
	}
	// The memo key: the locations of rels, by identity.
	var key strings.Builder
	for _, r := range rels {
		fmt.Fprintf(&key, "%p/%p;", r.loc.obj, r.loc.alloc)
	}
	return pc.joinedAtCalls(instr.Parent(), key.String(), func(site ssa.Instruction) bool { return pc.joinedWithin(site, rels) })
}

// joinedWithin is joinedOn in instr's function alone.
func (pc *passCtx) joinedWithin(instr ssa.Instruction, rels []exitSignal) bool {
	fn := instr.Parent()
	if len(fn.Blocks) == 0 {
		return false
	}
	return !pc.pathWithout(fn.Blocks[0], 0, instr, func(x ssa.Instruction) bool { return pc.matchesRelease(x, rels, 0) })
}

func (pc *passCtx) matchesRelease(x ssa.Instruction, rels []exitSignal, depth int) bool {
	match := func(l location, ok bool) bool {
		return ok && slices.ContainsFunc(rels, func(r exitSignal) bool { return r.loc == l })
	}
	switch x := x.(type) {
	case *ssa.UnOp:
		return x.Op == token.ARROW && match(pc.chanLoc(x.X))
	case *ssa.Select:
		// A select with the matching receive among its cases: the other
		// cases (a context's Done, a timeout) end in an early return.
		for _, st := range x.States {
			if st.Dir == types.RecvOnly && match(pc.chanLoc(st.Chan)) {
				return true
			}
		}
	case *ssa.Call:
		c := x.Common()
		if isFunc(calleeFunc(c), "sync", "WaitGroup", "Wait") && len(c.Args) == 1 {
			return match(pc.locOf(c.Args[0]))
		}
		if f := pc.inPkg(c); f != nil && depth < 3 {
			for _, b := range f.Blocks {
				for _, y := range b.Instrs {
					if pc.matchesRelease(y, rels, depth+1) {
						return true
					}
				}
			}
		}
	}
	return false
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
		if r.kind != plainRead || pc.generated(posOf(r.instr)) || r.loc.obj == nil || r.base != arg || !slices.Contains(pp.Written, fieldKey(r.loc.obj)) ||
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
				if r.kind != plainRead || r.fn != spawner || pc.generated(posOf(r.instr)) || pc.guarded(r) ||
					!pc.unjoinedPath(site, r.instr, []*ssa.Function{root}, pc.releasedAfter(w)) || !pc.sameObject(w, r) || pc.flagGuarded(r, root) ||
					pc.newInstance(w.loc, site, r.instr) || pc.gatedBySpawner(w, site, r) || pc.ownElement(w, r, root, site) {
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
		if f == r || f.kind != plainRead && f.kind != atomicRead {
			continue
		}
		writtenByRoot := false
		for _, w := range pc.acc.byLoc[f.loc] {
			if (w.kind == plainWrite || w.kind == atomicWrite) && pc.runsUnder(w.fn, root) {
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

// runsIn reports whether fn is body, or a function of the package that
// runs only on body's goroutine: every call path in the package to it
// starts in body (a helper it defers, a refresh that only it calls, and
// what that calls in turn; see onBodyGoroutine).
func (pc *passCtx) runsIn(fn, body *ssa.Function) bool {
	return pc.onBodyGoroutine(fn, body)
}

// stopReceive returns the receive, in a loop of method fn, from a channel
// field of its receiver that ends the loop (case <-w.quit: return): fn runs
// until another goroutine tells it to stop, so it is a goroutine body.
func (pc *passCtx) stopReceive(fn *ssa.Function) ssa.Instruction {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 {
		return nil
	}
	for _, loop := range loops(fn) {
		for _, b := range fn.Blocks {
			if !loop[b.Index] {
				continue
			}
			for _, instr := range b.Instrs {
				var chans []ssa.Value
				switch x := instr.(type) {
				case *ssa.UnOp:
					if x.Op == token.ARROW {
						chans = append(chans, x.X)
					}
				case *ssa.Select:
					for _, st := range x.States {
						if st.Dir == types.RecvOnly {
							chans = append(chans, st.Chan)
						}
					}
				}
				for _, ch := range chans {
					if l, ok := pc.chanLoc(ch); ok && l.obj != nil && isReceiverField(ch, fn) {
						return instr
					}
				}
			}
		}
	}
	return nil
}

// isReceiverField reports whether v is loaded from a field of fn's receiver.
func isReceiverField(v ssa.Value, fn *ssa.Function) bool {
	for i := 0; v != nil && i < 8; i, v = i+1, derivedFrom(v) {
		if v == fn.Params[0] {
			return true
		}
	}
	return false
}

// gatedBySpawner reports whether the goroutine's write w waits first for
// something only the spawner can give, and gives only after the read r: a
// receive from a channel (or a Wait on a WaitGroup with a count the
// spawner added) that the spawner sends on, closes or calls Done on only
// after r, if at all, itself or in the functions it calls (rl.Accept() in
// the goroutine, rl.Stop() after the read). Then r is ordered before the
// release, the release before the acquire, and the acquire before w.
func (pc *passCtx) gatedBySpawner(w *access, site ssa.Instruction, r *access) bool {
	spawner := site.Parent()
	for _, b := range w.fn.Blocks {
		for _, instr := range b.Instrs {
			if instr == w.instr || !pc.dominates(instr, w.instr) {
				continue
			}
			var acqs []syncOp
			switch x := instr.(type) {
			case *ssa.UnOp:
				if x.Op == token.ARROW {
					acqs = pc.syncOps(x)
				}
			case *ssa.Call:
				if f := pc.calleeOf(x.Common()); f != nil {
					acqs = pc.mustAcquires(f)
				} else {
					for _, op := range pc.syncOps(x) {
						if op.kind == opWait {
							acqs = append(acqs, op)
						}
					}
				}
			}
			for _, acq := range acqs {
				if acq.key != nil && pc.spawnerGives(spawner, site, r, acq) {
					return true
				}
			}
		}
	}
	return false
}

// spawnerGives reports whether the spawner holds back what acq waits for
// until after r: no release paired with acq between site and r, and, for
// a Wait, a count added before site (a WaitGroup at zero lets Wait return
// at once).
func (pc *passCtx) spawnerGives(spawner *ssa.Function, site ssa.Instruction, r *access, acq syncOp) bool {
	// A path that declares the channel's variable anew (round a loop)
	// reaches another channel.
	redeclares := func(x ssa.Instruction) bool { return x == acq.key }
	added := acq.kind != opWait
	for _, sb := range spawner.Blocks {
		for _, y := range sb.Instrs {
			if !added && pc.reachable(y, site) && pc.addsTo(y, acq.key) {
				added = true
			}
			if pc.releasesIn(y, acq) &&
				pc.pathWithout(site.Block(), pc.index(site)+1, y, redeclares) &&
				pc.pathWithout(y.Block(), pc.index(y)+1, r.instr, redeclares) {
				return false
			}
		}
	}
	return added
}

// releasedAfter keeps the releases a goroutine makes after its write w (or
// that it defers, or makes in other functions it runs): only those order w.
func (pc *passCtx) releasedAfter(w *access) func(syncOp) bool {
	return func(rel syncOp) bool {
		if _, deferred := rel.instr.(*ssa.Defer); deferred {
			return true
		}
		if rel.instr.Parent() == w.fn {
			return pc.reachable(w.instr, rel.instr)
		}
		// A release in a function w's function calls (in turn) comes
		// after w if one of those calls can: f.conn = c; f.serve(), whose
		// callee closes f.Ready. One the calls reach only before w does
		// not; a release w's function does not reach is presumed after.
		before := false
		for _, c := range pc.callsReaching(w.fn, rel.instr.Parent()) {
			if _, deferred := c.(*ssa.Defer); deferred || pc.reachable(w.instr, c) {
				return true
			}
			before = true
		}
		return !before
	}
}

// documentedBefore reports whether fn's documentation tells its callers to
// call it before body runs ("Call it before Run, or after Stop returned"):
// the order is the callers' contract, and they make the join.
func (pc *passCtx) documentedBefore(fn, body *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	doc := strings.Join(strings.Fields(pc.funcDocs()[obj]), " ")
	re, err := regexp.Compile(`(?i)\bbefore (calling |starting )?(\w+\.)?` + regexp.QuoteMeta(body.Name()) + `\b`)
	return err == nil && re.MatchString(doc)
}

// ownElement reports whether w, in the goroutine root that site starts,
// writes the element of an array that the go statement names by an index
// the loop around site advances every time round (go func(i int) {
// a[i] = f() }(i)), and r, in the spawner, reads the element at that same
// index before site on every path from site in the same iteration. Each
// goroutine started earlier writes another element, and the one started in
// this iteration starts after r: distinct memory locations, or ordered by
// the go statement.
func (pc *passCtx) ownElement(w, r *access, root *ssa.Function, site ssa.Instruction) bool {
	st, ok := w.instr.(*ssa.Store)
	if !ok || st.Parent() != root {
		return false
	}
	wa, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	p, ok := wa.Index.(*ssa.Parameter)
	g, isGo := site.(*ssa.Go)
	if !ok || !isGo {
		return false
	}
	k := slices.Index(root.Params, p)
	if k < 0 || k >= len(g.Call.Args) {
		return false
	}
	v, ok := g.Call.Args[k].(*ssa.Phi)
	if !ok || !advancing(v) {
		return false
	}
	ld, ok := r.instr.(*ssa.UnOp)
	if !ok {
		return false
	}
	ra, ok := ld.X.(*ssa.IndexAddr)
	if !ok || ra.Index != v {
		return false
	}
	return !pc.pathWithout(site.Block(), pc.index(site)+1, r.instr, func(x ssa.Instruction) bool { return x == v })
}

// advancing reports whether the loop variable v (a φ at the loop's head)
// changes by a non-zero constant every time round, always in the same
// direction (i++ in for i := 0; i < n; i++, or the index of a range loop):
// it never takes the same value twice.
func advancing(v *ssa.Phi) bool {
	var dir int
	for _, e := range v.Edges {
		switch e := e.(type) {
		case *ssa.Const:
		case *ssa.BinOp:
			c, ok := e.Y.(*ssa.Const)
			if !ok || e.X != v || c.Value == nil || c.Value.Kind() != constant.Int {
				return false
			}
			s := constant.Sign(c.Value)
			if e.Op == token.SUB {
				s = -s
			} else if e.Op != token.ADD {
				return false
			}
			if s == 0 || dir != 0 && s != dir {
				return false
			}
			dir = s
		default:
			return false
		}
	}
	return dir != 0
}
