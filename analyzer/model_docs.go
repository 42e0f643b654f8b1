package analyzer

import (
	"go/ast"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Documentation as evidence of sharing (evDoc), read sentence by sentence.
//
// A sentence claims concurrent use when it matches sharedDoc and the claim
// is not negated: "Unsubscribe should not be called concurrently with
// Subscribe" and "This type is not generally safe for concurrent use" claim
// nothing. A documentation that takes the claim back anywhere (ownedDoc:
// "not safe for concurrent use", "except", "read-only") claims nothing
// either, as before.
//
// Documentation can also be narrower than its type:
//
//   - A type's claim of safety whose subject names methods ("The Find and
//     Range methods are safe for concurrent use") covers those methods only
//     (and the methods whose names they begin: FindExtensionByName). The
//     other methods of the type (RegisterExtension) get no evidence from it.
//   - A function documented not to be called concurrently ("This must not
//     be called concurrently", "Close should not be called concurrently with
//     Read", "must be called before any data is written") is owned by one
//     caller at a time: its callers order its calls with the functions named
//     (or with every other function when none is named) and with itself. The
//     same sentence in its type's documentation, naming the method, says
//     the same.
//
// A finding that rests on documentation alone then needs both of its sides
// to be functions the documentation lets run at once (docAllows): a
// different concurrently callable function, or the same function when it is
// documented to run concurrently with itself. Other evidence (a lock, a
// poll, a contract, a package variable) is not affected.

var (
	// sentenceEnd splits documentation into sentences and clauses that
	// stand alone ("Note: ...").
	sentenceEnd = regexp.MustCompile(`[.!?;:](\s+|$)`)
	// negatedTail matches the end of the text before a claim when a
	// negation governs the claim ("should not be ", "is not generally "):
	// a negation at most four words before it, with no comma between.
	negatedTail = regexp.MustCompile(`(?i)\b(not|never|cannot|can't|mustn't|shouldn't|isn't|aren't|don't|doesn't|nor)\b(\s+[^\s,]+){0,4}\s*$`)
	// exclusiveDoc matches a sentence that says something must not run
	// concurrently; the text after "with" names what it must not run with.
	exclusiveDoc = regexp.MustCompile(`(?i)(?:\b(?:must|should|may|can)\s*(?:not\b|n't)|\bcannot\b|\b(?:do not|don't|never)\b)\s*(?:\w+\s+){0,3}?(?:concurrently|in parallel|simultaneously|at the same time|from (?:multiple|several|different|many) goroutines)\b(?:\s+with\s+(.*))?`)
	// setupDoc matches a function documented to run before its object is
	// used ("must be called before any data is written", "cannot be called
	// after the handshake"): it runs before anything else does.
	setupDoc = regexp.MustCompile(`(?i)\b(?:must|should) (?:only )?be (?:called|used|run) before (?:any|the first|use|using|other|calling any|it is used|the \w+ is used)\b|\b(?:cannot|can't|must not|should not) be (?:called|used) after\b`)
	// clauseBreak separates the clauses of a sentence.
	clauseBreak = regexp.MustCompile(`(?i),\s*|\s+(but|nor|unless|except|while|whereas)\s+`)
	// safetyClaim matches a claim of sharedDoc that says what is safe to
	// do concurrently.
	safetyClaim = regexp.MustCompile(`(?i)concurren|safe`)
	// methodsSubject matches the subject of a claim that names methods
	// ("The Find and Range methods are ", "Methods Get and Put are ").
	methodsSubject = regexp.MustCompile(`(?i)\bmethods?\b`)
	identRe        = regexp.MustCompile(`\b[A-Z]\w*\b`)
)

// notNames are capitalized words that begin sentences without naming a
// method.
var notNames = map[string]bool{"The": true, "This": true, "It": true, "Its": true, "A": true, "An": true, "Only": true, "Note": true, "All": true, "Both": true, "Any": true, "Methods": true, "Method": true, "Call": true, "Calls": true, "Callers": true, "Use": true, "These": true, "Other": true, "Each": true, "Every": true}

// A docClaim is what one documentation says of concurrent use.
type docClaim struct {
	shared bool
	// methods limits a type's claim to the methods whose names begin with
	// one of these; nil when the claim covers the type.
	methods []string
	// exclusive holds, by the name of the function it speaks of ("" for
	// the documented function itself), the names of what that function
	// must not run concurrently with: nil for anything.
	exclusive map[string][]string
}

// sentences splits doc, its white space folded, into sentences.
func sentences(doc string) []string {
	doc = strings.Join(strings.Fields(doc), " ")
	var out []string
	last := 0
	for _, loc := range sentenceEnd.FindAllStringIndex(doc, -1) {
		out = append(out, doc[last:loc[0]+1]) // with its period, which sharedDoc may need
		last = loc[1]
	}
	if last < len(doc) {
		out = append(out, doc[last:])
	}
	return out
}

// readDoc reads doc, the documentation of a type (isType, whose method
// names isMethod recognizes) or of a function named self.
func readDoc(doc string, isType bool, self string, isMethod func(string) bool) docClaim {
	var c docClaim
	whole := strings.Join(strings.Fields(doc), " ")
	owned := ownedDoc.MatchString(whole)
	limited, unlimited := []string(nil), false
	for _, s := range sentences(doc) {
		subject := s
		if m := exclusiveDoc.FindStringSubmatchIndex(s); m != nil {
			// The subject is the clause before the match ("Read and Write
			// may run at once, but Close must not ..."), and what it must
			// not run with the clause after "with".
			subject = s[:m[0]]
			if i := clauseBreak.FindAllStringIndex(subject, -1); i != nil {
				subject = subject[i[len(i)-1][1]:]
			}
			var with []string
			if m[2] >= 0 {
				w := s[m[2]:m[3]]
				if i := clauseBreak.FindStringIndex(w); i != nil {
					w = w[:i[0]]
				}
				with = names(w, isMethod)
				if with == nil && strings.Contains(strings.ToLower(w), "itself") {
					with = []string{} // with itself only
				}
			}
			for _, n := range exclusiveSubjects(subject, isType, self, isMethod) {
				c.addExclusive(n, with)
			}
		} else if !isType && setupDoc.MatchString(s) {
			c.addExclusive("", nil)
		}
		if owned {
			continue
		}
		for _, m := range sharedDoc.FindAllStringIndex(s, -1) {
			if negatedTail.MatchString(s[:m[0]]) {
				continue
			}
			// Only a claim of safety limits the type's claim to the
			// methods it names: "Compute runs on the aggregation
			// goroutine, Quantiles on the scrape handler" describes
			// goroutines that call the type, not a limit.
			if isType {
				if ms := claimedMethods(s[:m[0]], self, isMethod); ms != nil && safetyClaim.MatchString(s[m[0]:m[1]]) {
					limited = append(limited, ms...)
				} else {
					unlimited = true
				}
			}
			c.shared = true
			break
		}
	}
	if c.shared && isType && !unlimited {
		c.methods = limited
	}
	return c
}

func (c *docClaim) addExclusive(name string, with []string) {
	if c.exclusive == nil {
		c.exclusive = make(map[string][]string)
	}
	old, ok := c.exclusive[name]
	c.exclusive[name] = mergeWith(old, ok, with)
}

// mergeWith merges two lists of the functions a function must not run
// concurrently with, where nil means every function: old (if ok, the list
// so far) and with.
func mergeWith(old []string, ok bool, with []string) []string {
	switch {
	case !ok:
		return with
	case old != nil && with != nil:
		return append(old, with...)
	}
	return nil
}

// exclusiveSubjects returns the functions a sentence that says something
// must not run concurrently speaks of, from the text before that: the
// methods it names, or the documented function itself ("") when it names
// none, in a function's documentation. A type's documentation that names
// no method speaks of the type, which ownedDoc reads.
func exclusiveSubjects(subject string, isType bool, self string, isMethod func(string) bool) []string {
	ns := names(subject, isMethod)
	if isType {
		return ns
	}
	if len(ns) == 0 || slices.Contains(ns, self) {
		return []string{""}
	}
	return ns
}

// names returns the method names text mentions (every capitalized word but
// sentence openers when isMethod is nil). Words such as "other methods"
// or "itself" name nothing, so that the caller takes every function.
func names(text string, isMethod func(string) bool) []string {
	var out []string
	for _, w := range identRe.FindAllString(text, -1) {
		if notNames[w] || isMethod != nil && !isMethod(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// claimedMethods returns the methods a type's claim is limited to, from its
// subject: the names before "methods", each the beginning of a method's
// name ("The Find and Range methods are"), or a subject made only of method
// names ("Get and Put are"). It returns nil when the subject is the type
// itself (self) or names no method.
func claimedMethods(subject, self string, isMethod func(string) bool) []string {
	if isMethod == nil {
		return nil
	}
	var ns []string
	for _, w := range identRe.FindAllString(subject, -1) {
		if !notNames[w] {
			ns = append(ns, w)
		}
	}
	if len(ns) == 0 || slices.Contains(ns, self) {
		return nil
	}
	family := methodsSubject.MatchString(subject)
	for _, n := range ns {
		if !isMethod(n) && !(family && isMethod(n+"*")) {
			return nil
		}
	}
	return ns
}

// readDocs records the documentation claims of the package's functions and
// types in the model.
func (pc *passCtx) readDocs(m *model) {
	for cur := range pc.inspect.Root().Preorder((*ast.FuncDecl)(nil)) {
		fd := cur.Node().(*ast.FuncDecl)
		obj, ok := pc.pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok || fd.Doc == nil {
			continue
		}
		var recv *types.TypeName
		var isMethod func(string) bool
		if sig := obj.Signature(); sig.Recv() != nil {
			recv = namedOf(sig.Recv().Type())
			isMethod = methodNamer(recv)
		}
		c := readDoc(fd.Doc.Text(), false, obj.Name(), isMethod)
		if c.shared {
			m.documentedFuncs[obj] = fd.Doc
		}
		for n, with := range c.exclusive {
			if n == "" {
				n = obj.Name()
			}
			m.addExclusive(exclKey{recv, n}, with)
		}
	}
	for cur := range pc.inspect.Root().Preorder((*ast.GenDecl)(nil)) {
		gd := cur.Node().(*ast.GenDecl)
		for _, spec := range gd.Specs {
			ts, ok := spec.(*ast.TypeSpec)
			if !ok {
				continue
			}
			doc := ts.Doc
			if doc == nil && len(gd.Specs) == 1 {
				doc = gd.Doc
			}
			obj, ok := pc.pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
			if !ok || doc == nil {
				continue
			}
			c := readDoc(doc.Text(), true, obj.Name(), methodNamer(obj))
			if unsafeDoc.MatchString(strings.Join(strings.Fields(doc.Text()), " ")) {
				m.serialized[obj] = true
			}
			if c.shared {
				m.documented[obj] = doc
				if c.methods != nil {
					m.docMethods[obj] = c.methods
				}
			}
			for n, with := range c.exclusive {
				m.addExclusive(exclKey{obj, n}, with)
			}
		}
	}
}

// methodNamer returns whether a name is that of a method of the named type
// n, or, for a name that ends in "*", the beginning of one (nil when n is
// not a named type).
func methodNamer(n *types.TypeName) func(string) bool {
	if n == nil {
		return nil
	}
	named, ok := types.Unalias(n.Type()).(*types.Named)
	if !ok {
		return nil
	}
	return func(name string) bool {
		prefix, isPrefix := strings.CutSuffix(name, "*")
		for i := range named.NumMethods() {
			if m := named.Method(i).Name(); m == name || isPrefix && strings.HasPrefix(m, prefix) {
				return true
			}
		}
		return false
	}
}

// namedOf returns the named type of a receiver type (T or *T).
func namedOf(t types.Type) *types.TypeName {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// An exclKey names a function documented not to run concurrently: a method
// of recv, or a package function (recv nil).
type exclKey struct {
	recv *types.TypeName
	name string
}

func (m *model) addExclusive(k exclKey, with []string) {
	old, ok := m.exclusive[k]
	m.exclusive[k] = mergeWith(old, ok, with)
}

func funcKey(fn *ssa.Function) exclKey {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return exclKey{recvType(fn), fn.Name()}
}

// docAllows reports whether the documentation lets functions f and g (the
// same function, for a finding within one) run at the same time: neither
// is documented not to run concurrently with the other (a function so
// documented does not run concurrently with itself either), and neither is
// a method its type's claim leaves out, unless its own documentation
// claims concurrent use.
func (pc *passCtx) docAllows(f, g *ssa.Function) bool {
	m := pc.model
	for _, p := range [][2]*ssa.Function{{f, g}, {g, f}} {
		if with, ok := m.exclusive[funcKey(p[0])]; ok {
			if with == nil || p[0] == p[1] || slices.Contains(with, p[1].Name()) {
				return false
			}
		}
		if !pc.docCallable(p[0]) {
			return false
		}
	}
	return true
}

// docCallable reports whether fn is not left out by its type's claim of
// concurrent use (see docClaim.methods).
func (pc *passCtx) docCallable(fn *ssa.Function) bool {
	n := recvType(fn)
	ms := pc.model.docMethods[n]
	if n == nil || ms == nil {
		return true
	}
	if obj, ok := fn.Object().(*types.Func); ok && pc.model.documentedFuncs[obj] != nil {
		return true
	}
	for _, p := range ms {
		if strings.HasPrefix(fn.Name(), p) {
			return true
		}
	}
	return false
}
