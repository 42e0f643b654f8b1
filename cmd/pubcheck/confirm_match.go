package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/pubcheck/pubcheck/internal/racereport"
)

// A confirmation is what -confirm learned: a status for every finding,
// and the race reports that match no finding.
type confirmation struct {
	findings []*finding
	status   map[*finding]*findingStatus
	races    []*race // distinct reports, in the order of the output
	pkgs     map[string]*testPackage
	coverage *coverData
	goroot   string
	dirs     *dirMap
	src      map[string][]string // source lines by file, read once
	skipped  string              // why no test ran
}

// The statuses of a finding, as -json and -sarif write them.
const (
	statusConfirmed    = "confirmed"         // a race report matches it
	statusExercised    = "exercised-no-race" // its lines ran, no report matches
	statusNotExercised = "not-exercised"     // no test ran its lines
	statusUnknown      = "unknown"           // the tests did not build, or coverage says nothing
)

type findingStatus struct {
	kind        string
	races       []*race
	ran, notRan []position // the finding's lines that ran, and did not
	reason      string     // why the status is what it is, when not evident
}

// A position is one line of a finding, with what it is.
type position struct {
	file  string
	line  int
	label string // "" for the finding itself, else the related message
}

// findingPositions returns the lines of f: its own, then those of its
// related positions, each once.
func findingPositions(f *finding) []position {
	ps := []position{{f.pos.Filename, f.pos.Line, ""}}
	for _, r := range f.related {
		dup := slices.ContainsFunc(ps, func(p position) bool { return p.file == r.pos.Filename && p.line == r.pos.Line })
		if r.pos.IsValid() && !dup {
			ps = append(ps, position{r.pos.Filename, r.pos.Line, r.msg})
		}
	}
	return ps
}

// A race is one distinct race report: the same two lines reported again
// (by another test, or by a later run with -confirm.count) are counted,
// not repeated.
type race struct {
	pkg      string   // the package whose tests reported it
	tests    []string // the tests that reported it; "" when none was running
	count    int
	rep      *racereport.Report
	sides    [2]*side // the current access, then the previous one
	findings []*finding
	pattern  string // for a report that matches no finding: its likely kind
	why      string // and in words
	near     *finding
}

// A side is one access of a race.
type side struct {
	acc    *racereport.Access
	frames []frame // the access's stack, innermost first
	user   int     // the index of the first frame outside the Go distribution, or -1
	text   string  // the source line of that frame
}

type frame struct {
	fn   string
	file string // absolute when it could be resolved
	line int
}

func (s *side) top() (frame, bool) {
	if s.user < 0 {
		return frame{}, false
	}
	return s.frames[s.user], true
}

// userFrames returns the frames from the first one outside the Go
// distribution on.
func (s *side) userFrames() []frame {
	if s.user < 0 {
		return nil
	}
	return s.frames[s.user:]
}

func (c *confirmation) isUser(file string) bool {
	return filepath.IsAbs(file) && !strings.HasPrefix(file, c.goroot+string(filepath.Separator))
}

func (c *confirmation) frames(fs []racereport.Frame) []frame {
	out := make([]frame, len(fs))
	for i, f := range fs {
		out[i] = frame{fn: f.Func, file: c.dirs.file(f.File), line: f.Line}
	}
	return out
}

func (c *confirmation) newSide(a *racereport.Access) *side {
	s := &side{acc: a, frames: c.frames(a.Stack), user: -1}
	for i, f := range s.frames {
		if c.isUser(f.file) {
			s.user = i
			s.text = c.line(f.file, f.line)
			break
		}
	}
	return s
}

// line returns line n of file, or "".
func (c *confirmation) line(file string, n int) string {
	lines, ok := c.src[file]
	if !ok {
		if data, err := os.ReadFile(file); err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c.src[file] = lines
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// collectRaces parses the race reports of every package of run.
func (c *confirmation) collectRaces(run *testRun) {
	index := make(map[string]*race)
	for _, path := range run.order {
		p := run.pkgs[path]
		for _, rep := range racereport.Parse(p.lines) {
			r := &race{pkg: path, rep: rep, sides: [2]*side{c.newSide(&rep.Access), c.newSide(&rep.Previous)}}
			// go test -json gives the output to the test that ran last,
			// which with parallel tests may not be the one that raced; the
			// stacks name the test function (but not the subtest).
			test := p.tests[rep.Line]
			if fn := testOf(rep); fn != "" && fn != strings.Split(test, "/")[0] {
				test = fn
			}
			key := path + "\x00" + r.key()
			if old := index[key]; old != nil {
				old.count++
				if !slices.Contains(old.tests, test) {
					old.tests = append(old.tests, test)
				}
				continue
			}
			r.count, r.tests = 1, []string{test}
			index[key] = r
			c.races = append(c.races, r)
		}
	}
}

// key identifies a race by the lines of its accesses, in either order:
// x++ in two goroutines is reported as a read and a write, or as two
// writes, and is one race.
func (r *race) key() string {
	var k [2]string
	for i, s := range r.sides {
		k[i] = s.where()
	}
	slices.Sort(k[:])
	return k[0] + "\x00" + k[1]
}

// where names the access's line, or its innermost function when no frame
// is outside the Go distribution (atomic operations, or a stack the race
// detector could not restore).
func (s *side) where() string {
	if f, ok := s.top(); ok {
		return posString(tokenPos(f.file, f.line))
	}
	if len(s.frames) > 0 {
		return s.frames[0].fn
	}
	return "an unknown place"
}

// testOf returns the test whose goroutines made the accesses of rep, from
// their stacks, or "".
func testOf(rep *racereport.Report) string {
	for _, a := range rep.Accesses() {
		for _, stack := range [][]racereport.Frame{a.Stack, a.Created} {
			for _, f := range stack {
				if t := testFunc(f.Func); t != "" {
					return t
				}
			}
		}
	}
	return ""
}

var testFuncRE = regexp.MustCompile(`^(?:Test|Benchmark|Fuzz|Example)(?:$|[^\p{Ll}])`)

// testFunc returns the name of the test, benchmark, fuzz test or example
// that fn ("path/pkg.TestX.func1") is or is a closure of, or "".
func testFunc(fn string) string {
	name := fn[strings.LastIndexByte(fn, '/')+1:]
	parts := strings.Split(name, ".")
	if len(parts) >= 2 && testFuncRE.MatchString(parts[1]) {
		return parts[1]
	}
	return ""
}

// A target is a finding as races are matched against it: its lines, and
// the names in its message that its lines use.
type target struct {
	f     *finding
	lines map[lineKey]bool
	names *regexp.Regexp // nil when the message names nothing on its lines
}

// messageWords are words of pubcheck's messages that are not the names of
// variables, even where a line of code spells them.
var messageWords = map[string]bool{
	"a": true, "an": true, "the": true, "by": true, "in": true, "of": true, "to": true, "is": true, "be": true,
	"and": true, "or": true, "not": true, "no": true, "it": true, "its": true, "after": true, "before": true,
	"while": true, "with": true, "without": true, "here": true, "that": true, "this": true, "from": true,
	"on": true, "at": true, "as": true, "may": true, "see": true, "set": true, "read": true, "write": true,
	"written": true, "writes": true, "reads": true, "plain": true, "goroutine": true, "loop": true,
	"for": true, "if": true, "go": true, "func": true, "return": true, "true": true, "false": true, "nil": true,
}

var identRE = regexp.MustCompile(`[\p{L}_][\p{L}\p{Nd}_]*(?:\.[\p{L}_][\p{L}\p{Nd}_]*)*`)

func (c *confirmation) target(f *finding) *target {
	t := &target{f: f, lines: make(map[lineKey]bool)}
	var text strings.Builder
	for _, p := range findingPositions(f) {
		t.lines[lineKey{p.file, p.line}] = true
		text.WriteString(codeOnly(c.line(p.file, p.line)))
		text.WriteByte('\n')
	}
	var names []string
	for _, tok := range identRE.FindAllString(f.msg, -1) {
		parts := strings.Split(tok, ".")
		for _, name := range parts {
			if messageWords[strings.ToLower(name)] || len(parts) > 1 && len(name) < 2 || slices.Contains(names, name) {
				continue
			}
			if wordIn(name, text.String()) {
				names = append(names, regexp.QuoteMeta(name))
			}
		}
	}
	if len(names) > 0 {
		t.names = regexp.MustCompile(`(?:^|[^\p{L}\p{Nd}_])(?:` + strings.Join(names, "|") + `)(?:$|[^\p{L}\p{Nd}_])`)
	}
	return t
}

func wordIn(name, text string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isIdentByte(text[j-1])
		after := j+len(name) == len(text) || !isIdentByte(text[j+len(name)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// codeOnly drops a line comment from a line of Go (a "//" in a string
// literal cuts the line short too, which costs little here).
func codeOnly(line string) string {
	if i := strings.Index(line, "//"); i >= 0 {
		return line[:i]
	}
	return line
}

// mentions reports whether a line of code names one of the variables of
// the finding.
func (t *target) mentions(line string) bool {
	return t.names != nil && t.names.MatchString(codeOnly(line))
}

// deepest is how far down an access's stack (counting from its first
// frame outside the Go distribution) a line of a finding still counts: the
// access itself, or a call or two above it (a helper that does the write,
// the go statement of a goroutine's body).
const deepest = 3

// hit returns the depth of the first frame of s on a line of t, or -1.
func (t *target) hit(s *side) int {
	for i, f := range s.userFrames() {
		if i == deepest {
			break
		}
		if t.lines[lineKey{f.file, f.line}] {
			return i
		}
	}
	return -1
}

// matches reports whether race r is the race finding t describes: both
// accesses are on its lines; or one is, and the other access's line names
// a variable of the message (the variable the finding is about, read or
// written elsewhere); or one is and the other has no line at all (an
// atomic operation, a stack the detector lost).
func (t *target) matches(r *race) bool {
	h := [2]int{t.hit(r.sides[0]), t.hit(r.sides[1])}
	if h[0] >= 0 && h[1] >= 0 {
		return true
	}
	for i, d := range h {
		if d < 0 {
			continue
		}
		own, other := r.sides[i], r.sides[1-i]
		mine := t.mentions(own.text)
		if d > 0 && !mine {
			continue // a call of the finding's line led to an access of something else
		}
		if _, ok := other.top(); !ok {
			return mine
		}
		if t.mentions(other.text) {
			return true
		}
	}
	return false
}

// touches reports whether either access of r is on a line of t.
func (t *target) touches(r *race) bool {
	return t.hit(r.sides[0]) >= 0 || t.hit(r.sides[1]) >= 0
}

// match matches every race to the findings and classifies the races that
// match none.
func (c *confirmation) match() {
	targets := make([]*target, len(c.findings))
	for i, f := range c.findings {
		targets[i] = c.target(f)
	}
	score := make(map[*finding]map[*race]int)
	for _, r := range c.races {
		for _, t := range targets {
			if !t.matches(r) {
				continue
			}
			if score[t.f] == nil {
				score[t.f] = make(map[*race]int)
			}
			score[t.f][r] = t.score(r)
			r.findings = append(r.findings, t.f)
			st := c.status[t.f]
			if st == nil {
				st = &findingStatus{kind: statusConfirmed}
				c.status[t.f] = st
			}
			st.races = append(st.races, r)
		}
		if len(r.findings) > 0 {
			continue
		}
		for _, t := range targets {
			if t.touches(r) {
				r.near = t.f
				break
			}
		}
		c.classify(r)
	}
	// The races whose accesses are nearest the top of their stacks first.
	for f, st := range c.status {
		slices.SortStableFunc(st.races, func(a, b *race) int { return score[f][a] - score[f][b] })
	}
}

// score ranks how closely r matches t: the sum of the depths of the
// frames on t's lines in both stacks, counting an access with none as one
// frame past the deepest.
func (t *target) score(r *race) int {
	n := 0
	for _, s := range r.sides {
		if d := t.hit(s); d >= 0 {
			n += d
		} else {
			n += deepest
		}
	}
	return n
}

// decide gives every finding that no race confirms its status, from the
// coverage of its lines.
func (c *confirmation) decide() {
	for _, f := range c.findings {
		if c.status[f] != nil {
			continue
		}
		st := &findingStatus{}
		c.status[f] = st
		pkg := testedPackage(f.pkg)
		tp := c.pkgs[pkg]
		switch {
		case tp == nil:
			st.kind, st.reason = statusUnknown, "the tests of "+pkg+" did not run"
			continue
		case tp.buildFailed:
			st.kind, st.reason = statusUnknown, "the tests of "+pkg+" did not build"
			continue
		case tp.timeout != "":
			st.kind, st.reason = statusUnknown, "the tests of "+pkg+" stopped: "+tp.timeout
			continue
		case c.coverage == nil:
			st.kind, st.reason = statusUnknown, "coverage could not be measured"
			continue
		}
		for _, p := range findingPositions(f) {
			k := lineKey{p.file, p.line}
			switch {
			case c.coverage.ran[k]:
				st.ran = append(st.ran, p)
			case c.coverage.seen[k]:
				st.notRan = append(st.notRan, p)
			case p.label == "" && strings.HasSuffix(p.file, "_test.go") && testFunc("p."+f.fn) != "":
				// Coverage does not measure test files; a finding in a test
				// function ran if the test did.
				if tp.ran[f.fn] {
					st.ran = append(st.ran, p)
				} else {
					st.notRan = append(st.notRan, p)
				}
			}
		}
		switch {
		case len(st.ran) > 0:
			st.kind = statusExercised
		case len(st.notRan) > 0:
			st.kind = statusNotExercised
			if tp.noTests {
				st.reason = pkg + " has no test files"
			}
		default:
			st.kind, st.reason = statusUnknown, "coverage does not measure its lines"
		}
	}
}

// findingPackages returns the import paths of the packages that hold the
// lines of f.
func (c *confirmation) findingPackages(f *finding) []string {
	var out []string
	for _, p := range findingPositions(f) {
		path, ok := c.dirs.path[filepath.Dir(p.file)]
		if !ok && p.label == "" {
			path, ok = testedPackage(f.pkg), true
		}
		if ok && !slices.Contains(out, path) {
			out = append(out, path)
		}
	}
	return out
}

// The kinds of race that match no finding: the pattern each most likely
// is, from its two accesses.
const (
	patternMap        = "map"
	patternAtomic     = "mixedatomic"
	patternLostUpdate = "lost-update"
	patternSpin       = "spinwait"
	patternUnjoined   = "unjoined"
	patternAfterGo    = "write-after-go"
	patternUnknown    = "unclassified"
)

// rmwRE matches the statements that read and write a variable in one go.
var rmwRE = regexp.MustCompile(`\+\+|--|(?:[-+*/%&|^]|<<|>>|&\^)=`)

// classify guesses the pattern of a race that matches no finding.
func (c *confirmation) classify(r *race) {
	a, b := r.sides[0], r.sides[1]
	w, rd := a, b
	if !a.acc.Write {
		w, rd = b, a
	}
	switch {
	case a.calls("runtime.map", "internal/runtime/maps.") || b.calls("runtime.map", "internal/runtime/maps."):
		r.pattern, r.why = patternMap, "a map used by two goroutines, not publication"
	case a.acc.Atomic || b.acc.Atomic || a.calls("sync/atomic.") || b.calls("sync/atomic."):
		r.pattern, r.why = patternAtomic, "an atomic and a plain access: likely mixedatomic"
	case a.where() == b.where() && rmwRE.MatchString(codeOnly(a.text)):
		r.pattern, r.why = patternLostUpdate, "a read-modify-write in two goroutines: a lost update, not publication"
	case a.acc.Write && b.acc.Write:
		r.pattern, r.why = patternLostUpdate, "two writes: a lost update, not publication"
	case strings.HasPrefix(strings.TrimSpace(rd.text), "for "):
		r.pattern, r.why = patternSpin, "a flag polled in a loop: likely spinwait"
	case c.startedBy(w, rd):
		r.pattern, r.why = patternUnjoined, "read of a value written by a goroutine the reader started, with no join: likely unjoined"
		if fn := c.creator(w); testFunc(fn) != "" {
			r.why = "read of a value written by a goroutine the test started, with no join: likely unjoined"
		}
	case c.startedBy(rd, w):
		r.pattern, r.why = patternAfterGo, "a write after the go statement that started the reader (it orders only the writes before it)"
	default:
		r.pattern, r.why = patternUnknown, "a read and a write with no happens-before edge, no known pattern"
	}
	ta, oka := a.top()
	tb, okb := b.top()
	if oka && okb && strings.HasSuffix(ta.file, "_test.go") && strings.HasSuffix(tb.file, "_test.go") {
		r.why += "; both accesses are in test files"
	}
}

// calls reports whether one of the frames of s below its first frame
// outside the Go distribution (or all of them) is a function whose name
// starts with one of prefixes.
func (s *side) calls(prefixes ...string) bool {
	end := s.user
	if end < 0 {
		end = len(s.frames)
	}
	for _, f := range s.frames[:end] {
		for _, p := range prefixes {
			if strings.HasPrefix(f.fn, p) {
				return true
			}
		}
	}
	return false
}

// creator returns the function, outside the Go distribution, whose go
// statement started the goroutine of s, without the suffixes of closures,
// or "".
func (c *confirmation) creator(s *side) string {
	for _, f := range c.frames(s.acc.Created) {
		if c.isUser(f.file) {
			return outerFunc(f.fn)
		}
	}
	return ""
}

var closureSuffix = regexp.MustCompile(`(?:\.(?:func|gowrap|deferwrap)\d+)+$`)

// outerFunc strips the closure suffixes of a function's name:
// pkg.F.func1.2 is pkg.F.
func outerFunc(fn string) string {
	fn = strings.TrimSuffix(fn, "()")
	for {
		s := closureSuffix.ReplaceAllString(fn, "")
		// Nested closures are also numbered .func1.2.
		if i := strings.LastIndexByte(s, '.'); i > 0 && strings.Trim(s[i+1:], "0123456789") == "" {
			s = s[:i]
		}
		if s == fn {
			return fn
		}
		fn = s
	}
}

// startedBy reports whether the goroutine of s was started by a function
// on the stack of o's access: o's goroutine started s's, and made its
// access while s's goroutine could still run.
func (c *confirmation) startedBy(s, o *side) bool {
	fn := c.creator(s)
	if fn == "" {
		return false
	}
	for _, f := range o.frames {
		if outerFunc(f.fn) == fn {
			return true
		}
	}
	return false
}
