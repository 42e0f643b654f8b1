package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// The concurrency model: which locations of the package are shared between
// goroutines, on what evidence, and which pairs of accesses may run at the
// same time. It is built once per package (buildModel) and read by the
// checks; nothing in it depends on which check asks.
//
// Evidence of sharing comes from the object itself, not only from a go
// statement in the package: a library's callers start the goroutines, so a
// library is judged by what its own code claims about its data.
//
//	evidence    what shows it                                   read by
//	go          a goroutine started in the package runs it      every check
//	atomic      the location is accessed with sync/atomic       mixedatomic
//	published   loaded or stored through atomic.Pointer,        afterstore, loadmutate
//	            atomic.Value, sync.Map, or sent on a channel
//	locked      every other access of the location in its       doublecheck, flagdata
//	            function and elsewhere holds one lock
//	polled      a loop that only another goroutine can end      spinwait, flagdata
//	            polls it
//	type        other methods of its type synchronize on the    (none: see below)
//	            receiver (lock a mutex field, use an atomic
//	            field, close or send on a channel field)
//	contract    the method runs concurrently with itself by     doublecheck, flagdata
//	            contract (http.Handler.ServeHTTP, ...)
//	doc         its type's or function's documentation says     doublecheck, flagdata
//	            several goroutines use it ("safe for concurrent
//	            use", "called from any goroutine"), in a sentence
//	            that does not negate it, for functions it lets
//	            run at once (model_docs.go)
//	global      a package variable read and written by          flagdata
//	            exported functions (any goroutine may call them)
//
// A type that synchronizes on its receiver somewhere is weak evidence for
// its other fields: on the standard library, types such as http.response,
// exec.Cmd and gob.Decoder lock a mutex for some state and leave the rest
// to one goroutine at a time, and most reports it led to were false. The
// field itself must carry the evidence (locked, polled, atomic).
//
// Without a go statement, two accesses may run at the same time when both
// are made in functions another package can call (exported functions and
// methods and what they call, functions used as values), neither holds a
// lock the other holds, neither initializes an object no one else can see
// yet, and they reach the same object: the same package variable, or the
// same field path of receivers of one type.

type evidenceKind uint8

const (
	evGo evidenceKind = iota
	evAtomic
	evPublished
	evLocked
	evPolled
	evType
	evContract
	evDoc
	evGlobal
)

// An evidence is one reason to believe a location is shared.
type evidence struct {
	kind  evidenceKind
	instr ssa.Instruction // where it shows
	what  string          // "accessed atomically here", rendered for a related position
	fn    *ssa.Function   // for contract evidence, the method
	pos   token.Pos       // for documentation, the comment
}

type model struct {
	// external holds the functions another package may call, directly or
	// through the functions of this package that call them.
	external map[*ssa.Function]bool
	// concTypes maps each named type one of whose methods synchronizes on
	// its receiver to the instruction that does so.
	concTypes map[*types.TypeName]ssa.Instruction
	// contract maps the methods that run concurrently with themselves by
	// contract to the interface that says so ("http.Handler").
	contract map[*ssa.Function]string
	// polled maps locations to the loops that poll them (see waitLoop).
	polled map[location][]*access
	// documented maps the named types whose documentation says they are
	// used by several goroutines to that documentation.
	documented map[*types.TypeName]*ast.CommentGroup
	// documentedFuncs likewise holds the functions whose documentation
	// says they run alongside other goroutines.
	documentedFuncs map[*types.Func]*ast.CommentGroup
	// docMethods limits the claim of a documented type to the methods it
	// names ("The Find and Range methods are safe for concurrent use"), and
	// exclusive holds the functions documented not to run concurrently,
	// with what (nil: anything); see model_docs.go.
	docMethods map[*types.TypeName][]string
	exclusive  map[exclKey][]string
	// serialized holds the named types documented not to be used from
	// several goroutines at once ("It is not safe for concurrent usage"):
	// their callers order every call of their methods.
	serialized map[*types.TypeName]bool
	// indirect holds the methods called through an interface or used as
	// method values, freshParams the parameters every call passes a fresh
	// object, escapeSites the instructions at which an object escapes (see
	// model_fresh.go).
	indirect    map[any]bool
	freshParams map[*ssa.Parameter]bool
	escapeSites map[ssa.Value][]ssa.Instruction
}

// buildModel computes the package-wide parts of the model. It needs the
// goroutine model and the access index.
func (pc *passCtx) buildModel() {
	pc.solveSummaries()
	m := &model{
		external:  make(map[*ssa.Function]bool),
		concTypes: make(map[*types.TypeName]ssa.Instruction),
		contract:  make(map[*ssa.Function]string),
		polled:    make(map[location][]*access),

		documented:      make(map[*types.TypeName]*ast.CommentGroup),
		documentedFuncs: make(map[*types.Func]*ast.CommentGroup),
		docMethods:      make(map[*types.TypeName][]string),
		exclusive:       make(map[exclKey][]string),
		serialized:      make(map[*types.TypeName]bool),

		freshParams: make(map[*ssa.Parameter]bool),
		escapeSites: make(map[ssa.Value][]ssa.Instruction),
	}
	pc.model = m
	m.indirect = pc.indirectMethods()
	pc.readDocs(m)
	var stack []*ssa.Function
	for _, fn := range pc.funcs {
		if pc.entryPoint(fn) {
			m.external[fn] = true
			stack = append(stack, fn)
		}
		if n := recvType(fn); n != nil {
			if _, ok := m.concTypes[n]; !ok {
				if x := pc.syncsOnReceiver(fn); x != nil {
					m.concTypes[n] = x
				}
			}
			if iface := contractOf(fn); iface != "" {
				m.contract[fn] = iface
			}
		}
	}
	for len(stack) > 0 {
		fn := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		next := slices.Clone(pc.gor.callees[fn])
		// Function literals run where they are made, or later on behalf
		// of the function that made them.
		for _, anon := range fn.AnonFuncs {
			next = append(next, anon)
		}
		for _, c := range next {
			if !m.external[c] && !isProgramStart(c) {
				m.external[c] = true
				stack = append(stack, c)
			}
		}
	}
	for _, fn := range pc.funcs {
		for _, loop := range loops(fn) {
			for _, r := range pc.waitLoop(fn, loop) {
				m.polled[r.loc] = append(m.polled[r.loc], r)
			}
		}
	}
}

// entryPoint reports whether another package may call fn: an exported
// function or method, or a function used as a value.
//
// Tests, benchmarks, fuzz targets and examples are not: the test runner
// calls them one at a time (a test that calls t.Parallel starts goroutines
// through testing, which the go statement model sees).
func (pc *passCtx) entryPoint(fn *ssa.Function) bool {
	if isProgramStart(fn) || isTestFunc(fn) {
		return false
	}
	if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil && obj.Exported() {
		return true
	}
	return pc.gor.escapes[fn] && fn.Parent() == nil && fn.Signature.Recv() == nil
}

// isTestFunc reports whether fn is named as a test, benchmark, fuzz target
// or example.
// inTestFile reports whether fn is declared in a _test.go file.
func (pc *passCtx) inTestFile(fn *ssa.Function) bool {
	f := pc.pass.Fset.File(fn.Pos())
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

func isTestFunc(fn *ssa.Function) bool {
	if fn.Parent() != nil {
		return false
	}
	for _, p := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if !strings.HasPrefix(fn.Name(), p) {
			continue
		}
		if fn.Signature.Recv() == nil {
			return true
		}
		// A test method of a suite (func (s) TestX(t *testing.T)).
		for v := range fn.Signature.Params().Variables() {
			if p, ok := v.Type().(*types.Pointer); ok {
				if n, ok := p.Elem().(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" {
					return true
				}
			}
		}
	}
	return false
}

// syncsOnReceiver returns an instruction of method fn that synchronizes on
// a field of its receiver: locks a mutex, uses an atomic, sends on, receives
// from or closes a channel, or waits on a WaitGroup, Cond or Once.
func (pc *passCtx) syncsOnReceiver(fn *ssa.Function) ssa.Instruction {
	if len(fn.Params) == 0 {
		return nil
	}
	recv := fn.Params[0]
	onRecv := func(v ssa.Value) bool {
		for i := 0; v != nil && i < 8; i, v = i+1, derivedFrom(v) {
			if v == recv {
				return true
			}
		}
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Send:
				if onRecv(x.Chan) {
					return x
				}
			case *ssa.UnOp:
				if x.Op == token.ARROW && onRecv(x.X) {
					return x
				}
			case *ssa.Select:
				for _, st := range x.States {
					if onRecv(st.Chan) {
						return x
					}
				}
			case *ssa.Call:
				c := x.Common()
				if b, ok := c.Value.(*ssa.Builtin); ok {
					if b.Name() == "close" && len(c.Args) == 1 && onRecv(c.Args[0]) {
						return x
					}
					continue
				}
				obj := calleeFunc(c)
				if obj == nil || obj.Pkg() == nil || len(c.Args) == 0 || c.IsInvoke() {
					continue
				}
				if p := obj.Pkg().Path(); (p == "sync" || p == "sync/atomic") && onRecv(c.Args[0]) {
					return x
				}
			}
		}
	}
	return nil
}

// contractInterfaces lists the interface methods whose implementations run
// concurrently with themselves by the interface's documented contract.
var contractInterfaces = []struct {
	pkg, iface, method string
}{
	{"net/http", "Handler", "ServeHTTP"},
	{"net/http", "RoundTripper", "RoundTrip"},
	{"log/slog", "Handler", "Handle"},
	{"log/slog", "Handler", "Enabled"},
	{"github.com/prometheus/client_golang/prometheus", "Collector", "Collect"},
	{"google.golang.org/grpc/credentials", "PerRPCCredentials", "GetRequestMetadata"},
	{"google.golang.org/grpc/balancer", "Picker", "Pick"},
}

// contractOf returns the interface ("http.Handler") whose method fn
// implements when that interface is documented as safe for concurrent use.
func contractOf(fn *ssa.Function) string {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return ""
	}
	recv := fn.Signature.Recv().Type()
	for _, c := range contractInterfaces {
		if obj.Name() != c.method {
			continue
		}
		iface := lookupInterface(fn, c.pkg, c.iface)
		if iface == nil {
			continue
		}
		if types.Implements(recv, iface) {
			return c.pkg[strings.LastIndex(c.pkg, "/")+1:] + "." + c.iface
		}
	}
	return ""
}

// lookupInterface finds the interface pkg.name among the packages fn's
// package imports, directly or not.
func lookupInterface(fn *ssa.Function, pkg, name string) *types.Interface {
	if fn.Pkg == nil {
		return nil
	}
	seen := make(map[*types.Package]bool)
	var find func(p *types.Package) *types.Interface
	find = func(p *types.Package) *types.Interface {
		if seen[p] {
			return nil
		}
		seen[p] = true
		if p.Path() == pkg {
			if obj, ok := p.Scope().Lookup(name).(*types.TypeName); ok {
				if it, ok := obj.Type().Underlying().(*types.Interface); ok {
					return it
				}
			}
			return nil
		}
		for _, imp := range p.Imports() {
			if it := find(imp); it != nil {
				return it
			}
		}
		return nil
	}
	return find(fn.Pkg.Pkg)
}

// locksHeld returns the locks held at instr on every path to it, including
// the locks every caller of an unexported function holds at its calls.
func (pc *passCtx) locksHeld(instr ssa.Instruction) []any {
	return pc.locksHeldDepth(instr, 0)
}

func (pc *passCtx) locksHeldDepth(instr ssa.Instruction, depth int) []any {
	if h, ok := pc.heldMemo[instr]; ok {
		return h
	}
	h := pc.computeLocksHeld(instr, depth)
	if depth == 0 {
		pc.heldMemo[instr] = h
	}
	return h
}

func (pc *passCtx) computeLocksHeld(instr ssa.Instruction, depth int) []any {
	fn := instr.Parent()
	var held []any
	if ls := pc.lockState(fn); ls != nil {
		bits := ls.in[instr.Block().Index]
		for _, x := range instr.Block().Instrs {
			if x == instr {
				break
			}
			bits = ls.transfer(pc, x, bits)
		}
		for i, k := range ls.keys {
			if bits&(1<<uint(i)) != 0 {
				held = append(held, k)
			}
		}
	}
	// An unexported function whose every caller holds a lock runs with it
	// held ("c.mu must be held").
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if pc.lockedByContract(fn) && !slices.Contains(held, any(contractLock{})) {
		held = append(held, contractLock{})
	}
	sites := pc.gor.callers[fn]
	if depth > 3 || fn.Parent() != nil || pc.gor.asValue[fn] || len(sites) == 0 {
		return held
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Exported() {
		return held
	}
	var common []any
	for i, s := range sites {
		hs := slices.DeleteFunc(slices.Clone(pc.locksHeldDepth(s, depth+1)), func(k any) bool {
			_, local := lockBase(k).(ssa.Value) // a lock named by a value of the caller
			return local
		})
		if i == 0 {
			common = hs
			continue
		}
		common = slices.DeleteFunc(common, func(k any) bool { return !slices.Contains(hs, k) })
	}
	for _, k := range common {
		if !slices.Contains(held, k) {
			held = append(held, k)
		}
	}
	return held
}

// commonLock reports whether a and b hold one lock that excludes the other:
// the same mutex, not both for reading. A function held to run with a lock
// (see lockedByContract) excludes any other lock holder.
func (pc *passCtx) commonLock(a, b ssa.Instruction) bool {
	ha, hb := pc.locksHeld(a), pc.locksHeld(b)
	if len(ha) > 0 && slices.Contains(hb, any(contractLock{})) || len(hb) > 0 && slices.Contains(ha, any(contractLock{})) {
		return true
	}
	for _, ka := range ha {
		for _, kb := range hb {
			_, ra := ka.(readLock)
			_, rb := kb.(readLock)
			if lockBase(ka) == lockBase(kb) && !(ra && rb) {
				return true
			}
		}
	}
	return false
}

// receiverField returns the named receiver type and field path of an
// access to a field of a method's receiver.
func receiverField(a *access) (*types.TypeName, string, bool) {
	p, ok := a.base.root.(*ssa.Parameter)
	if !ok {
		return nil, "", false
	}
	fn := p.Parent()
	if len(fn.Params) == 0 || fn.Params[0] != p {
		return nil, "", false
	}
	n := recvType(fn)
	return n, a.base.path, n != nil
}

// sameSharedObject reports whether a and b reach the same object as library
// code sees it: the same package variable or captured variable, or the
// same field path of receivers of one named type.
func (pc *passCtx) sameSharedObject(a, b *access) bool {
	if a.loc != b.loc {
		return false
	}
	if a.base == (objKey{}) && b.base == (objKey{}) {
		return a.loc.obj != nil // package variables; captured ones need a go statement
	}
	if _, ok := a.base.root.(types.Object); ok && a.base == b.base {
		return true
	}
	na, pa, oka := receiverField(a)
	nb, pb, okb := receiverField(b)
	return oka && okb && na == nb && pa == pb
}

// libConcurrent reports whether a and b may run at the same time in
// goroutines the package's callers start: both are made in functions
// another package can call, on the same object, and no lock orders them.
func (pc *passCtx) libConcurrent(a, b *access) bool {
	m := pc.model
	if !m.external[a.fn] || !m.external[b.fn] || pc.fresh(a) || pc.fresh(b) {
		return false
	}
	if !pc.sameSharedObject(a, b) {
		return false
	}
	return !pc.commonLock(a.instr, b.instr)
}

// evidenceOf returns the evidence, among kinds, that l is shared, starting
// from the access a (whose function and type may carry it), for a finding
// whose other side is in function other (a's own function when the finding
// is within one). Documentation counts only where it lets a's function and
// other run at once (see docAllows).
func (pc *passCtx) evidenceOf(a *access, other *ssa.Function, kinds ...evidenceKind) *evidence {
	m := pc.model
	for _, k := range kinds {
		switch k {
		case evAtomic:
			for _, x := range pc.acc.byLoc[a.loc] {
				if x.kind == atomicRead || x.kind == atomicWrite {
					return &evidence{kind: evAtomic, instr: x.instr, what: "accessed atomically here"}
				}
			}
		case evLocked:
			if x := pc.guardedElsewhere(a); x != nil {
				return &evidence{kind: evLocked, instr: x.instr, what: "every other access holds a lock, as here"}
			}
		case evPolled:
			if rs := m.polled[a.loc]; len(rs) > 0 {
				return &evidence{kind: evPolled, instr: rs[0].instr, what: "polled by a wait loop here"}
			}
		case evType:
			if n, _, ok := receiverField(a); ok {
				if x := m.concTypes[n]; x != nil {
					return &evidence{kind: evType, instr: x, what: n.Name() + " synchronizes on its receiver here"}
				}
			}
		case evDoc:
			if !pc.docAllows(a.fn, other) {
				continue
			}
			if n, _, ok := receiverField(a); ok {
				if doc := m.documented[n]; doc != nil {
					return &evidence{kind: evDoc, pos: doc.Pos(), what: n.Name() + " is documented as used by several goroutines"}
				}
			}
			if obj, ok := a.fn.Object().(*types.Func); ok {
				if doc := m.documentedFuncs[obj]; doc != nil {
					return &evidence{kind: evDoc, pos: doc.Pos(), what: obj.Name() + " is documented as running alongside other goroutines"}
				}
			}
		case evGlobal:
			if a.base == (objKey{}) && isPackageVar(a.loc) && pc.entryPoint(a.fn) {
				return &evidence{kind: evGlobal, instr: a.instr, what: "a package variable, used by " + funcName(a.fn) + ", which any goroutine may call"}
			}
		case evContract:
			if iface := m.contract[a.fn]; iface != "" {
				return &evidence{kind: evContract, fn: a.fn, what: iface + " implementations are called concurrently"}
			}
		}
	}
	return nil
}

// evidenceRelated renders ev as a related position of a finding; evidence
// with no instruction (a contract) points at the function.
func (pc *passCtx) evidenceRelated(ev *evidence) analysis.RelatedInformation {
	if ev.instr != nil {
		return pc.related(ev.instr, "shared: "+ev.what)
	}
	if ev.pos.IsValid() {
		return analysis.RelatedInformation{Pos: ev.pos, Message: "shared: " + ev.what}
	}
	return analysis.RelatedInformation{Pos: ev.fn.Pos(), Message: "shared: " + ev.what}
}

// Documentation that says a type is used by several goroutines, and
// documentation that says it is not (read sentence by sentence by
// readDoc, model_docs.go).
var (
	sharedDoc = regexp.MustCompile(`(?i)(safe for concurrent|for concurrent use|concurrent(ly)? (use|call|access)|called concurrently|used concurrently|(from|by) (multiple|many|several|any|other|another|all) (\w+ )?goroutines?|(by|from|in|on) (a|an|the|its) (\w+ )?goroutines?( (that|which|calls|drives|fills|sets|writes|updates|loads|reads)|[;,.])|\w+ goroutines? (calls|call|drives|fills|sets|writes|updates|loads|reads)|goroutine-safe|thread-safe|shared (between|by|among) goroutines|shared freely|(while|as|when) (other|another) goroutines?)`)
	ownedDoc  = regexp.MustCompile(`(?i)(not (\w+ )?(safe|meant|designed) for concurrent|not (goroutine|thread|concurrency)-safe|\bunsafe\b[^.;]*\bconcurren|must not be (used|called) concurrently|belongs to (the|a|one) goroutine|(a|one) single goroutine|only one goroutine|only from the goroutine|\bexcept\b|other than|read-only)`)
	// unsafeDoc is the part of ownedDoc that says the callers must not use
	// the type from several goroutines at once: they serialize its methods.
	unsafeDoc = regexp.MustCompile(`(?i)(not (\w+ )?(safe|meant|designed) for concurrent|not (goroutine|thread|concurrency)-safe|\bunsafe\b[^.;]*\bconcurren|must not be (used|called) concurrently)`)
)

// guardedElsewhere returns an access of a's location, when every access of
// it other than a and the plain accesses of a's own function outside a
// lock (at least two, outside fresh objects) holds one lock: the package
// guards the location with that lock, and a skips it. It returns nil
// otherwise.
func (pc *passCtx) guardedElsewhere(a *access) *access {
	var common []any
	var first *access
	n := 0
	for _, x := range pc.acc.byLoc[a.loc] {
		if x == a || x.kind != plainRead && x.kind != plainWrite || pc.fresh(x) {
			continue
		}
		var held []any
		for _, k := range pc.locksHeld(x.instr) {
			held = append(held, lockBase(k))
		}
		if x.fn == a.fn && len(held) == 0 {
			continue // the unlocked accesses of the function at hand
		}
		if n == 0 {
			common, first = slices.Clone(held), x
		} else {
			common = slices.DeleteFunc(common, func(k any) bool { return !slices.Contains(held, k) })
		}
		n++
		if len(common) == 0 {
			return nil
		}
	}
	if n < 2 {
		return nil
	}
	return first
}

// contractLock is the key of a lock a function is documented to run with
// (see lockedByContract): which lock is not known.
type contractLock struct{}

var lockHeldDoc = regexp.MustCompile(`(?i)\b(lock|mutex|mu|\w+\.mu|\w+Mu)\b.{0,20}\b(should|must) be (held|locked)|\b(called|call) with .{0,30}\b(held|locked)\b|\bassumes? .{0,30}\b(is )?(held|locked)\b|\brequires? .{0,30}\block\b`)

// lockedByContract reports whether fn runs with a lock held by the
// convention of its name (fooLocked) or its documentation ("Lock should be
// held", "must be called with c.mu held"), as the standard library and
// large servers write it.
func (pc *passCtx) lockedByContract(fn *ssa.Function) bool {
	if v, ok := pc.contractMemo[fn]; ok {
		return v
	}
	v := pc.computeLockedByContract(fn)
	pc.contractMemo[fn] = v
	return v
}

func (pc *passCtx) computeLockedByContract(fn *ssa.Function) bool {
	if fn.Parent() != nil {
		return false
	}
	if strings.HasSuffix(fn.Name(), "Locked") || strings.HasSuffix(fn.Name(), "locked") {
		return true
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	doc, ok := pc.funcDocs()[obj]
	return ok && lockHeldDoc.MatchString(strings.Join(strings.Fields(doc), " "))
}

// funcDocs returns the documentation of the package's functions, by object.
func (pc *passCtx) funcDocs() map[*types.Func]string {
	if pc.docs != nil {
		return pc.docs
	}
	pc.docs = make(map[*types.Func]string)
	for cur := range pc.inspect.Root().Preorder((*ast.FuncDecl)(nil)) {
		fd := cur.Node().(*ast.FuncDecl)
		if obj, ok := pc.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && fd.Doc != nil {
			pc.docs[obj] = fd.Doc.Text()
		}
	}
	return pc.docs
}

// returnsFresh reports whether every value f returns is an object it
// allocates and does not share (a constructor).
func (pc *passCtx) returnsFresh(f *ssa.Function, depth int) bool {
	returns := false
	for _, b := range f.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if len(ret.Results) == 0 || !pc.freshAt(objKey{root: ret.Results[0]}, ret, depth) || handedOut(ret.Results[0]) {
			return false
		}
		returns = true
	}
	return returns
}

// handedOut reports whether the allocation v is stored somewhere or passed
// to a call before it is returned: someone else may hold it already.
func handedOut(v ssa.Value) bool {
	a, ok := v.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Val == a {
				return true
			}
		case ssa.CallInstruction:
			return true
		case *ssa.MakeClosure, *ssa.MakeInterface, *ssa.Send:
			return true
		}
	}
	return false
}
