package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Order within one function, from the SSA control-flow graph.

// index returns the position of instr in its block.
func (pc *passCtx) index(instr ssa.Instruction) int {
	if i, ok := pc.instrIndex[instr]; ok {
		return i
	}
	b := instr.Block()
	for i, x := range b.Instrs {
		pc.instrIndex[x] = i
	}
	return pc.instrIndex[instr]
}

// dominates reports whether a is executed before b on every path to b.
func (pc *passCtx) dominates(a, b ssa.Instruction) bool {
	ba, bb := a.Block(), b.Block()
	if ba == bb {
		return pc.index(a) < pc.index(b)
	}
	return ba.Dominates(bb)
}

// reachable reports whether b can execute after a in the same call.
func (pc *passCtx) reachable(a, b ssa.Instruction) bool {
	ba, bb := a.Block(), b.Block()
	if ba == bb && pc.index(a) < pc.index(b) {
		return true
	}
	return pc.reach(ba)[bb.Index]
}

// reach returns the blocks reachable from b by at least one edge.
func (pc *passCtx) reach(b *ssa.BasicBlock) []bool {
	if r, ok := pc.reachCache[b]; ok {
		return r
	}
	r := make([]bool, len(b.Parent().Blocks))
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if r[x.Index] {
			continue
		}
		r[x.Index] = true
		stack = append(stack, x.Succs...)
	}
	pc.reachCache[b] = r
	return r
}

// unsyncedPath reports whether b can execute after a on a path that passes
// no synchronization (a receive, a Wait, a lock, ...): then nothing a
// goroutine started or signalled at a does is ordered before b.
func (pc *passCtx) unsyncedPath(a, b ssa.Instruction) bool {
	return pc.unsyncedFrom(a.Block(), pc.index(a)+1, b)
}

// syncedBefore reports whether every path from the entry of b's function to
// b passes a synchronization: b may be ordered after another goroutine's
// writes by it (a synctest.Wait, a lock taken, a Wait, a receive).
func (pc *passCtx) syncedBefore(b ssa.Instruction) bool {
	if v, ok := pc.syncedMemo[b]; ok {
		return v
	}
	fn := b.Parent()
	v := len(fn.Blocks) > 0 && !pc.unsyncedFrom(fn.Blocks[0], 0, b)
	pc.syncedMemo[b] = v
	return v
}

func (pc *passCtx) unsyncedFrom(start *ssa.BasicBlock, i int, b ssa.Instruction) bool {
	return pc.pathWithout(start, i, b, pc.isSync)
}

// pathWithout reports whether b can be reached from instruction i of start
// on a path with no instruction for which stop returns true.
func (pc *passCtx) pathWithout(start *ssa.BasicBlock, i int, b ssa.Instruction, stop func(ssa.Instruction) bool) bool {
	return pathCutting(start, i, b, stop, nil)
}

// pathCutting is pathWithout that also does not take the edges for which
// cut returns true.
func pathCutting(start *ssa.BasicBlock, i int, b ssa.Instruction, stop func(ssa.Instruction) bool, cut func(from, to *ssa.BasicBlock) bool) bool {
	seen := make([]bool, len(start.Parent().Blocks))
	type pos struct {
		b *ssa.BasicBlock
		i int
	}
	stack := []pos{{start, i}}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		blocked := false
		for _, instr := range p.b.Instrs[p.i:] {
			if instr == b {
				return true
			}
			if stop(instr) {
				blocked = true
				break
			}
		}
		if blocked {
			continue
		}
		for _, s := range p.b.Succs {
			if !seen[s.Index] && (cut == nil || !cut(p.b, s)) {
				seen[s.Index] = true
				stack = append(stack, pos{s, 0})
			}
		}
	}
	return false
}

// Calls.

// calleeFunc returns the function or method a call statically invokes, or
// the interface method it invokes dynamically.
func calleeFunc(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method
	}
	if f := c.StaticCallee(); f != nil {
		if obj, ok := f.Object().(*types.Func); ok {
			return obj
		}
	}
	return nil
}

// isFunc reports whether obj is the function pkg.name (recv == "") or the
// method named name of type pkg.recv.
func isFunc(obj *types.Func, pkg, recv, name string) bool {
	if obj == nil || obj.Name() != name || obj.Pkg() == nil || obj.Pkg().Path() != pkg {
		return false
	}
	return recvName(obj) == recv
}

// recvName returns the name of obj's receiver type, or "".
func recvName(obj *types.Func) string {
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// inPkg returns the function of this package that call invokes statically.
func (pc *passCtx) inPkg(c *ssa.CallCommon) *ssa.Function {
	f := c.StaticCallee()
	if f == nil {
		return nil
	}
	if o := f.Origin(); o != nil {
		f = o
	}
	if pc.isSrc[f] {
		return f
	}
	return nil
}

// Synchronization.

type lockOp uint8

const (
	noLock lockOp = iota
	acquire
	release
)

// lockCall classifies a call as acquiring or releasing a mutex and returns
// the mutex's identity.
//
// Besides sync.Mutex and sync.RWMutex, any function or method named lock,
// Lock, rlock or RLock (and the unlock forms) that takes the lock as its
// receiver or first argument counts: such wrappers are common, and treating
// them as locks keeps guarded accesses from being reported.
func (pc *passCtx) lockCall(c *ssa.CallCommon) (lockOp, any) {
	obj := calleeFunc(c)
	if obj == nil || len(c.Args) == 0 && !c.IsInvoke() {
		return noLock, nil
	}
	var op lockOp
	switch obj.Name() {
	case "Lock", "RLock", "lock", "rlock":
		op = acquire
	case "Unlock", "RUnlock", "unlock", "runlock":
		op = release
	default:
		return noLock, nil
	}
	if sig, ok := obj.Type().(*types.Signature); !ok || sig.Params().Len() > 1 || sig.Recv() == nil && sig.Params().Len() != 1 {
		return noLock, nil
	}
	var key any = c.Value
	if !c.IsInvoke() {
		key = c.Args[0]
		if l, ok := pc.locOf(c.Args[0]); ok {
			key = l
		} else if ld, ok := c.Args[0].(*ssa.UnOp); ok && ld.Op == token.MUL {
			// A mutex held by pointer (mu *sync.RWMutex): the field names it.
			if l, ok := pc.locOf(ld.X); ok {
				key = l
			}
		}
	}
	// A read lock is held alongside other read locks of the same mutex.
	if n := obj.Name(); n == "RLock" || n == "RUnlock" || n == "rlock" || n == "runlock" {
		return op, readLock{key}
	}
	return op, key
}

// readLock is the key of a mutex held for reading.
type readLock struct{ mu any }

// lockBase returns the mutex a lock key names, whatever the mode.
func lockBase(k any) any {
	if r, ok := k.(readLock); ok {
		return r.mu
	}
	return k
}

// locked reports whether some lock is held at instr on every path to it,
// or by every caller of its function (see locksHeld).
func (pc *passCtx) locked(instr ssa.Instruction) bool {
	if v, ok := pc.lockedMemo[instr]; ok {
		return v
	}
	v := len(pc.locksHeld(instr)) > 0
	pc.lockedMemo[instr] = v
	return v
}

// lockSet is a must-hold analysis of the mutexes of one function: bit i of a
// state is set when mutex keys[i] is held.
type lockSet struct {
	keys []any
	in   []uint64
}

func (ls *lockSet) bit(k any) uint64 {
	for i, x := range ls.keys {
		if x == k {
			return 1 << uint(i)
		}
	}
	if len(ls.keys) == 64 {
		return 0
	}
	ls.keys = append(ls.keys, k)
	return 1 << uint(len(ls.keys)-1)
}

func (ls *lockSet) transfer(pc *passCtx, instr ssa.Instruction, held uint64) uint64 {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return held
	}
	switch op, k := pc.lockCall(call.Common()); op {
	case acquire:
		return held | ls.bit(k)
	case release:
		return held &^ ls.bit(k)
	}
	return held
}

func (pc *passCtx) lockState(fn *ssa.Function) *lockSet {
	if ls, ok := pc.locks[fn]; ok {
		return ls
	}
	var ls *lockSet
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if op, _ := pc.lockCall(call.Common()); op != noLock {
					ls = &lockSet{}
				}
			}
		}
	}
	if ls != nil {
		n := len(fn.Blocks)
		ls.in = make([]uint64, n)
		for i := 1; i < n; i++ {
			ls.in[i] = ^uint64(0)
		}
		for changed := true; changed; {
			changed = false
			for _, b := range fn.DomPreorder() {
				in := ls.in[b.Index]
				if b.Index != 0 {
					in = ^uint64(0)
					if len(b.Preds) == 0 {
						in = 0
					}
					for _, p := range b.Preds {
						out := ls.in[p.Index]
						for _, x := range p.Instrs {
							out = ls.transfer(pc, x, out)
						}
						in &= out
					}
				}
				if in != ls.in[b.Index] {
					ls.in[b.Index] = in
					changed = true
				}
			}
		}
	}
	pc.locks[fn] = ls
	return ls
}

// isSync reports whether instr may create a happens-before edge with another
// goroutine: a channel operation, a lock, a wait, a Once, an atomic
// operation, or a call to a function of this package that does one of these.
func (pc *passCtx) isSync(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Select, *ssa.Send:
		return true
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Call:
		return pc.callSyncs(instr.Common())
	}
	return false
}

// callSyncs reports whether a call may order what follows it after another
// goroutine's writes: an acquire, such as Lock, Wait, once.Do or an atomic
// load. Releases (Unlock, WaitGroup.Done and Add, close, an atomic store)
// order nothing for the caller.
func (pc *passCtx) callSyncs(c *ssa.CallCommon) bool {
	if _, ok := c.Value.(*ssa.Builtin); ok {
		return false
	}
	if f := pc.inPkg(c); f != nil {
		return pc.syncs(f)
	}
	if s := pc.summaryOf(c); s != nil {
		return s.Syncs
	}
	obj := calleeFunc(c)
	if obj == nil {
		return false
	}
	name := obj.Name()
	if obj.Pkg() != nil {
		switch obj.Pkg().Path() {
		case "sync":
			for _, p := range []string{"Lock", "RLock", "TryLock", "TryRLock", "Wait", "Do", "Load", "Range", "Swap", "CompareAnd", "Get"} {
				if strings.HasPrefix(name, p) {
					return true
				}
			}
			return false
		case "sync/atomic":
			return !strings.HasPrefix(name, "Store")
		case "golang.org/x/sync/errgroup", "context":
			return name == "Wait"
		}
	}
	return isJoinName(name)
}

// isJoinName reports whether a function of another package is named like a
// wait or a lock; its body is not visible, so it is presumed to synchronize.
func isJoinName(name string) bool {
	for _, p := range []string{"Wait", "Join", "Lock", "RLock", "Do", "Acquire", "Await"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// syncs reports whether fn, or a function of this package it calls,
// synchronizes with another goroutine.
func (pc *passCtx) syncs(fn *ssa.Function) bool {
	return memoized(pc.syncMemo, fn, pc.computeSyncs)
}

func (pc *passCtx) computeSyncs(fn *ssa.Function) bool {
	res := false
	for _, b := range fn.Blocks {
		if pc.dead(b) {
			continue
		}
		for _, instr := range b.Instrs {
			if pc.isSync(instr) {
				res = true
				break
			}
		}
		if res {
			break
		}
	}
	return res
}

// isSleep reports whether instr is a call of time.Sleep.
func isSleep(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	return ok && isFunc(calleeFunc(call.Common()), "time", "", "Sleep")
}

// liveBlocks returns the blocks of fn that can run: those reachable from its
// entry (or its recover block) when a branch on a constant is taken the one
// way it can go. SSA keeps the code under if debugStats { ... } with
// debugStats a false constant; the compiler leaves it out, so nothing in it
// can race. The result is indexed by block; nil means every block is live.
func (pc *passCtx) liveBlocks(fn *ssa.Function) []bool {
	if live, ok := pc.liveMemo[fn]; ok {
		return live
	}
	folded := make(map[*ssa.BasicBlock]bool) // the one way each constant branch goes
	for _, b := range fn.Blocks {
		if ifi, ok := condOf(b); ok && len(b.Succs) == 2 {
			if v, ok := pc.constValue(ifi.Cond, 0); ok && v.Kind() == constant.Bool {
				folded[b] = constant.BoolVal(v)
			}
		}
	}
	var live []bool
	if len(folded) > 0 {
		live = make([]bool, len(fn.Blocks))
		var stack []*ssa.BasicBlock
		stack = append(stack, fn.Blocks[0])
		if fn.Recover != nil {
			stack = append(stack, fn.Recover)
		}
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if live[b.Index] {
				continue
			}
			live[b.Index] = true
			succs := b.Succs
			if then, ok := folded[b]; ok {
				if then {
					succs = succs[:1]
				} else {
					succs = succs[1:]
				}
			}
			stack = append(stack, succs...)
		}
	}
	pc.liveMemo[fn] = live
	return live
}

// dead reports whether b is a block of its function that cannot run (see
// liveBlocks).
func (pc *passCtx) dead(b *ssa.BasicBlock) bool {
	live := pc.liveBlocks(b.Parent())
	return live != nil && !live[b.Index]
}

// condOf returns the If that ends b, if b ends in one.
func condOf(b *ssa.BasicBlock) (*ssa.If, bool) {
	if len(b.Instrs) == 0 {
		return nil, false
	}
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	return ifi, ok
}

// constValue returns the value v always has, where it is a constant, an
// operation on such values, a φ all of whose other edges have that value
// (a loop variable nothing changes), or a load of a local variable every
// store of which (and its zero value, unless it is stored first) gives that
// value: in x, y := 0, 0, with no goroutine writing y, y == 1 is false.
func (pc *passCtx) constValue(v ssa.Value, depth int) (constant.Value, bool) {
	if depth > 8 {
		return nil, false
	}
	switch x := v.(type) {
	case *ssa.Const:
		return x.Value, x.Value != nil
	case *ssa.UnOp:
		switch x.Op {
		case token.NOT:
			c, ok := pc.constValue(x.X, depth+1)
			if !ok || c.Kind() != constant.Bool {
				return nil, false
			}
			return constant.MakeBool(!constant.BoolVal(c)), true
		case token.MUL:
			return pc.constLoad(x, depth)
		}
	case *ssa.BinOp:
		a, ok := pc.constValue(x.X, depth+1)
		if !ok {
			return nil, false
		}
		b, ok := pc.constValue(x.Y, depth+1)
		if !ok || !comparableConsts(a, b, x.Op) {
			return nil, false
		}
		// Comparisons only: arithmetic on constants is exact, on the
		// variables' types it wraps.
		return constant.MakeBool(constant.Compare(a, x.Op, b)), true
	case *ssa.Phi:
		var c constant.Value
		for _, e := range x.Edges {
			if e == x {
				continue
			}
			ec, ok := pc.constValue(e, depth+1)
			if !ok || c != nil && (!comparableConsts(c, ec, token.EQL) || !constant.Compare(c, token.EQL, ec)) {
				return nil, false
			}
			c = ec
		}
		return c, c != nil
	}
	return nil, false
}

// comparableConsts reports whether constant.Compare(a, op, b) is defined: a
// comparison of two values of one kind, booleans by equality only.
func comparableConsts(a, b constant.Value, op token.Token) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case constant.Bool:
		return op == token.EQL || op == token.NEQ
	case constant.Int, constant.Float, constant.String:
		switch op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return true
		}
	}
	return false
}

// constLoad returns the value a load of a local variable always gives (see
// constValue).
func (pc *passCtx) constLoad(ld *ssa.UnOp, depth int) (constant.Value, bool) {
	a := pc.resolveAlloc(ld.X, 0)
	if a == nil {
		return nil, false
	}
	stores, ok := pc.storesTo(a)
	if !ok {
		return nil, false
	}
	var c constant.Value
	if !storedFirst(a) {
		if c = zeroValue(a.Type().(*types.Pointer).Elem()); c == nil {
			return nil, false
		}
	}
	for _, st := range stores {
		sc, ok := pc.constValue(st.Val, depth+1)
		if !ok || c != nil && (!comparableConsts(c, sc, token.EQL) || !constant.Compare(c, token.EQL, sc)) {
			return nil, false
		}
		c = sc
	}
	return c, c != nil
}

// storedFirst reports whether the first use of the local a, in its block, is
// a store into it: no load can see its zero value.
func storedFirst(a *ssa.Alloc) bool {
	seen := false
	for _, x := range a.Block().Instrs {
		if x == a {
			seen = true
			continue
		}
		if !seen {
			continue
		}
		if st, ok := x.(*ssa.Store); ok && st.Addr == a {
			return true
		}
		for _, op := range x.Operands(nil) {
			if *op == a {
				return false
			}
		}
	}
	return false
}

// zeroValue returns the zero value of a boolean, numeric or string type.
func zeroValue(t types.Type) constant.Value {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return nil
	}
	switch info := b.Info(); {
	case info&types.IsBoolean != 0:
		return constant.MakeBool(false)
	case info&types.IsInteger != 0:
		return constant.MakeInt64(0)
	case info&types.IsString != 0:
		return constant.MakeString("")
	}
	return nil
}

// storesTo returns the stores to the local variable a, in its function and
// in the closures that capture it, and false if its address is used
// otherwise (handed to a call, stored, converted).
func (pc *passCtx) storesTo(a *ssa.Alloc) ([]*ssa.Store, bool) {
	var out []*ssa.Store
	addrs := []ssa.Value{a}
	for _, fv := range pc.capturedBy[a] {
		addrs = append(addrs, fv)
	}
	for _, addr := range addrs {
		for _, r := range *addr.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != addr {
					return nil, false
				}
				out = append(out, r)
			case *ssa.DebugRef, *ssa.MakeClosure:
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return nil, false
				}
			default:
				return nil, false
			}
		}
	}
	return out, true
}
