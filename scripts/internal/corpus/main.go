// Command corpus is the helper of scripts/corpus. It reads the race corpus
// (testdata/corpus, see its README.md): the markers `// want:CHECK Case`
// and `// ok:CHECK Case` on library lines and the tests TestBug_Case and
// TestOK_Case in *_race_test.go files. It has three modes:
//
//	corpus check [-pkgs FILE] CORPUS [PKG...]
//		checks that the corpus is well-formed: every marker has its test
//		in the same package and every TestBug_/TestOK_ test its marker;
//		markers are well-formed (a known check, a CamelCase case unique
//		in its package) and stand at the end of code lines of library
//		(non-test) files; no library file has a go statement or uses
//		time.AfterFunc; TestBug_/TestOK_ tests are in *_race_test.go
//		files, and these carry //go:build corpusrace; packages are named
//		after their directory. Prints the markers per check and every
//		violation. With -pkgs, writes the packages that have a case
//		with its test, one a line.
//
//	corpus race [-bin DIR] [-runs N] [-timeout D] [-j N] [-v] CORPUS [PKG...]
//		runs the test of every case with the binary DIR/PKG.test (built
//		with go test -c -race -tags corpusrace; a / in PKG becomes _),
//		with GORACE="atexit_sleep_ms=0 halt_on_error=0", on -j workers.
//		A bug is verified by the first run, of at most N, whose race
//		reports name the line of its marker; a look-alike by N runs that
//		pass without a race report. Prints every case that fails, with
//		an excerpt of the output (with -v, every case).
//
//	corpus score [-mode NAME=PREFIX]... [-v] [-min-recall X] [-min-precision Y] CORPUS [PKG...]
//		reads the output of a pubcheck run for each mode, PREFIX.out
//		(stdout), PREFIX.err (stderr) and PREFIX.rc (exit code): JSON
//		trees {"pkg": {"pubcheck": [diagnostic...] or {"error": ...}}},
//		concatenated, on either stream. Prints, for each mode, recall and
//		precision per check as a Markdown table (with -v, every missed
//		bug and every false positive), then whether the modes agree.
//
// PKG is a directory of the corpus relative to CORPUS ("flagdata",
// "./flagdata", "flagdata/..." are the same): it selects the packages in
// it and beneath it. No PKG selects them all. Paths are printed as CORPUS
// was given, joined with the path of the file inside it.
//
// Exit status: 0 fine, 1 errors (printed), 2 usage, 3 (score) overall
// recall or precision of some mode below -min-recall or -min-precision.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pubcheck/pubcheck/scripts/internal/pcjson"
)

// checks are pubcheck's checks, in the order of its README; a marker must
// name one of them.
var checks = []string{"flagdata", "spinwait", "afterstore", "loadmutate", "mixedatomic", "doublecheck", "unjoined"}

// directive is the category of pubcheck's reports on its own directives:
// never wanted, always a false positive.
const directive = "directive"

const raceTag = "corpusrace"

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var code int
	switch os.Args[1] {
	case "check":
		code = checkCmd(os.Args[2:])
	case "race":
		code = raceCmd(os.Args[2:])
	case "score":
		code = scoreCmd(os.Args[2:])
	default:
		usage()
	}
	os.Exit(code)
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage: corpus check [-pkgs FILE] CORPUS [PKG...]
       corpus race [-bin DIR] [-runs N] [-timeout D] [-j N] [-v] CORPUS [PKG...]
       corpus score [-mode NAME=PREFIX]... [-v] [-min-recall X] [-min-precision Y] CORPUS [PKG...]`)
	os.Exit(2)
}

func fatal(err error) int {
	fmt.Fprintln(os.Stderr, "corpus:", err)
	return 1
}

// ---- The corpus: markers, tests, violations ----

// A marker is a `// want:CHECK Case` or `// ok:CHECK Case` comment.
type marker struct {
	Pkg   string // directory relative to the corpus, slash-separated
	File  string // file relative to the corpus, slash-separated
	Line  int
	Want  bool // want: (a bug), else ok: (a look-alike)
	Check string
	Case  string
}

func (m marker) kind() string {
	if m.Want {
		return "want"
	}
	return "ok"
}

func (m marker) String() string { return m.kind() + ":" + m.Check + " " + m.Case }

// testName is the name of the test that exercises m's case.
func (m marker) testName() string { return testName(m.Want, m.Case) }

func testName(want bool, cs string) string {
	if want {
		return "TestBug_" + cs
	}
	return "TestOK_" + cs
}

// A testFunc is a TestBug_Case or TestOK_Case function.
type testFunc struct {
	Pkg, File string
	Line      int
	Name      string
	Want      bool
	Case      string
}

// A problem is a violation of the corpus's rules.
type problem struct {
	File string // relative to the corpus; "" for none
	Line int    // 0 for none
	Msg  string
}

// A testCase is a marker with its test: what the race runs verify.
type testCase struct {
	marker
	Test string
}

type corpus struct {
	Dir      string // absolute
	Display  string // the directory as given, to print paths with
	Pkgs     []string
	Markers  []marker
	Tests    []testFunc
	Cases    []testCase
	Problems []problem
}

// path returns how to print the corpus file rel.
func (c *corpus) path(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.ToSlash(filepath.Join(c.Display, rel))
}

func (c *corpus) where(file string, line int) string {
	switch {
	case file == "":
		return ""
	case line == 0:
		return c.path(file)
	}
	return c.path(file) + ":" + strconv.Itoa(line)
}

// diagString prints d as path:line:col: category: message.
func (c *corpus) diagString(d diagnostic) string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", c.path(d.File), d.Line, d.Col, or(d.Category, "(none)"), d.Message)
}

func (c *corpus) problemf(file string, line int, format string, args ...any) {
	c.Problems = append(c.Problems, problem{file, line, fmt.Sprintf(format, args...)})
}

// normPkg turns a PKG argument into a directory relative to the corpus;
// "" selects every package.
func normPkg(s string) string {
	s = filepath.ToSlash(filepath.Clean(s))
	s = strings.TrimSuffix(s, "/...")
	if s == "..." || s == "." {
		return ""
	}
	return strings.TrimPrefix(s, "./")
}

func selected(pkg string, sel []string) bool {
	if len(sel) == 0 {
		return true
	}
	for _, s := range sel {
		if s == "" || pkg == s || strings.HasPrefix(pkg, s+"/") {
			return true
		}
	}
	return false
}

// load reads the packages of the corpus in dir that sel selects (see
// normPkg) and checks its rules.
func load(dir string, args []string) (*corpus, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	c := &corpus{Dir: abs, Display: filepath.Clean(dir)}
	var sel []string
	for _, a := range args {
		sel = append(sel, normPkg(a))
	}
	fset := token.NewFileSet()
	pkgs := map[string]bool{}
	err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p == abs {
				return nil
			}
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return fs.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return fs.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return nil
		}
		rel, err := filepath.Rel(abs, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		pkg := path.Dir(rel)
		if pkg == "." {
			c.problemf(rel, 0, "a Go file outside the package directories")
			return nil
		}
		if !selected(pkg, sel) {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pkgs[pkg] = true
		c.addFile(fset, rel, src)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, s := range sel {
		found := false
		for p := range pkgs {
			if selected(p, []string{s}) {
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no package %q in %s", s, c.Display)
		}
	}
	for p := range pkgs {
		c.Pkgs = append(c.Pkgs, p)
	}
	sort.Strings(c.Pkgs)
	c.pair()
	return c, nil
}

// addFile parses the file rel of the corpus, with contents src, and records
// its markers, tests and problems.
func (c *corpus) addFile(fset *token.FileSet, rel string, src []byte) {
	f, err := parser.ParseFile(fset, rel, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				c.problemf(rel, e.Pos.Line, "%s", e.Msg)
			}
		} else {
			c.problemf(rel, 0, "%v", err)
		}
		return
	}
	pkg := path.Dir(rel)
	isTest := strings.HasSuffix(rel, "_test.go")
	isRace := strings.HasSuffix(rel, "_race_test.go")
	base := path.Base(pkg)
	if f.Name.Name != base && !(isTest && f.Name.Name == base+"_test") {
		c.problemf(rel, fset.Position(f.Name.Pos()).Line, "package %s in directory %s: name the package after its directory", f.Name.Name, pkg)
	}

	ms, probs := parseMarkers(fset, f, src)
	c.Problems = append(c.Problems, probs...)
	for _, m := range ms {
		if isTest {
			c.problemf(rel, m.Line, "marker %s in a test file: markers belong on lines of library files", m)
			continue
		}
		m.Pkg = pkg
		c.Markers = append(c.Markers, m)
	}

	if !isTest {
		c.Problems = append(c.Problems, libraryProblems(fset, f)...)
	}
	if isRace {
		if msg := raceTagProblem(f); msg != "" {
			c.problemf(rel, 1, "%s", msg)
		}
	}
	if isTest {
		for _, t := range corpusTests(fset, f) {
			t.Pkg = pkg
			if !isRace {
				c.problemf(rel, t.Line, "%s in a file not named *_race_test.go", t.Name)
			}
			c.Tests = append(c.Tests, t)
		}
	}
}

var caseRE = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)

// parseMarkers returns the markers in the line comments of f (the file's
// name in fset is its path relative to the corpus), and the problems of
// malformed ones. A comment is a marker when its text starts with "want:"
// or "ok:" followed by something other than a space.
func parseMarkers(fset *token.FileSet, f *ast.File, src []byte) ([]marker, []problem) {
	var ms []marker
	var probs []problem
	for _, g := range f.Comments {
		for _, cm := range g.List {
			text, ok := strings.CutPrefix(cm.Text, "//")
			if !ok {
				continue // a block comment
			}
			text = strings.TrimSpace(text)
			var want bool
			var rest string
			if r, ok := strings.CutPrefix(text, "want:"); ok {
				want, rest = true, r
			} else if r, ok := strings.CutPrefix(text, "ok:"); ok {
				rest = r
			} else {
				continue
			}
			if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
				continue // prose, not a marker
			}
			pos := fset.Position(cm.Pos())
			bad := func(format string, args ...any) {
				probs = append(probs, problem{pos.Filename, pos.Line, fmt.Sprintf(format, args...)})
			}
			fields := strings.Fields(rest)
			if len(fields) != 2 {
				bad("malformed marker %q: want `// want:CHECK Case` or `// ok:CHECK Case`", cm.Text)
				continue
			}
			m := marker{File: pos.Filename, Line: pos.Line, Want: want, Check: fields[0], Case: fields[1]}
			if !slices.Contains(checks, m.Check) {
				bad("marker %s: unknown check %q (checks: %s)", m, m.Check, strings.Join(checks, ", "))
				continue
			}
			if !caseRE.MatchString(m.Case) {
				bad("marker %s: the case name must be CamelCase ([A-Z][A-Za-z0-9]*)", m)
				continue
			}
			tf := fset.File(cm.Pos())
			start := tf.Offset(tf.LineStart(pos.Line))
			if strings.TrimSpace(string(src[start:pos.Offset])) == "" {
				bad("marker %s on a line of its own: put it at the end of the line it marks", m)
				continue
			}
			ms = append(ms, m)
		}
	}
	return ms, probs
}

// libraryProblems returns the go statements and uses of time.AfterFunc in
// the library file f.
func libraryProblems(fset *token.FileSet, f *ast.File) []problem {
	var probs []problem
	add := func(n ast.Node, msg string) {
		pos := fset.Position(n.Pos())
		probs = append(probs, problem{pos.Filename, pos.Line, msg})
	}
	timeNames := map[string]bool{}
	dot := false
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err != nil || p != "time" {
			continue
		}
		switch {
		case imp.Name == nil:
			timeNames["time"] = true
		case imp.Name.Name == ".":
			dot = true
		case imp.Name.Name != "_":
			timeNames[imp.Name.Name] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			add(n, "a go statement in a library file: goroutines belong in the *_race_test.go files")
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok && timeNames[id.Name] && n.Sel.Name == "AfterFunc" {
				add(n, "time.AfterFunc in a library file: it starts a goroutine; keep it in the *_race_test.go files")
				return false
			}
		case *ast.Ident:
			if dot && n.Name == "AfterFunc" {
				add(n, "time.AfterFunc (dot-imported) in a library file: it starts a goroutine; keep it in the *_race_test.go files")
			}
		}
		return true
	})
	return probs
}

// raceTagProblem returns what is wrong with the build constraint of the
// *_race_test.go file f, or "" when it carries //go:build corpusrace before
// the package clause. (The go command reads a //go:build line there even
// without the blank line after it that gofmt adds.)
func raceTagProblem(f *ast.File) string {
	var other []string
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, cm := range g.List {
			if !constraint.IsGoBuild(cm.Text) {
				continue
			}
			x, err := constraint.Parse(cm.Text)
			switch {
			case err != nil:
				other = append(other, fmt.Sprintf("%q (%v)", cm.Text, err))
			case x.String() != raceTag:
				other = append(other, cm.Text)
			default:
				return ""
			}
		}
	}
	if len(other) > 0 {
		return fmt.Sprintf("the build constraint is %s, want exactly //go:build %s", strings.Join(other, ", "), raceTag)
	}
	return "a *_race_test.go file without //go:build " + raceTag + " before its package clause"
}

var testRE = regexp.MustCompile(`^Test(Bug|OK)_(.+)$`)

// corpusTests returns the TestBug_ and TestOK_ functions of f.
func corpusTests(fset *token.FileSet, f *ast.File) []testFunc {
	var ts []testFunc
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		m := testRE.FindStringSubmatch(fd.Name.Name)
		if m == nil {
			continue
		}
		pos := fset.Position(fd.Name.Pos())
		ts = append(ts, testFunc{File: pos.Filename, Line: pos.Line, Name: fd.Name.Name, Want: m[1] == "Bug", Case: m[2]})
	}
	return ts
}

// pair matches markers and tests, package by package, and records the
// cases and the problems.
func (c *corpus) pair() {
	for _, pkg := range c.Pkgs {
		first := map[string]marker{} // case -> its first marker
		tests := map[string]testFunc{}
		for _, t := range c.Tests {
			if t.Pkg == pkg {
				tests[t.Name] = t
			}
		}
		for _, m := range c.Markers {
			if m.Pkg != pkg {
				continue
			}
			if prev, ok := first[m.Case]; ok {
				c.problemf(m.File, m.Line, "marker %s: case %s is already marked at %s (%s)", m, m.Case, c.where(prev.File, prev.Line), prev)
				continue
			}
			first[m.Case] = m
			t, ok := tests[m.testName()]
			if !ok {
				hint := ""
				if o, ok := tests[testName(!m.Want, m.Case)]; ok {
					hint = fmt.Sprintf(" (there is %s at %s)", o.Name, c.where(o.File, o.Line))
				}
				c.problemf(m.File, m.Line, "marker %s: no test %s in package %s%s", m, m.testName(), pkg, hint)
				continue
			}
			c.Cases = append(c.Cases, testCase{m, t.Name})
		}
		for _, t := range c.Tests {
			if t.Pkg != pkg {
				continue
			}
			if m, ok := first[t.Case]; !ok || m.Want != t.Want {
				kind := "ok"
				if t.Want {
					kind = "want"
				}
				hint := ""
				if ok {
					hint = fmt.Sprintf(" (case %s is marked %s at %s)", t.Case, m, c.where(m.File, m.Line))
				}
				c.problemf(t.File, t.Line, "%s: no marker `// %s:CHECK %s` in the library files of package %s%s", t.Name, kind, t.Case, pkg, hint)
			}
		}
	}
}

// markerCounts returns the number of want and ok markers per check.
func markerCounts(ms []marker) (want, ok map[string]int) {
	want, ok = map[string]int{}, map[string]int{}
	for _, m := range ms {
		if m.Want {
			want[m.Check]++
		} else {
			ok[m.Check]++
		}
	}
	return want, ok
}

func checkCmd(args []string) int {
	fl := flag.NewFlagSet("corpus check", flag.ExitOnError)
	pkgsFile := fl.String("pkgs", "", "write the packages that have a case with its test to `FILE`")
	fl.Usage = usage
	fl.Parse(args)
	if fl.NArg() < 1 {
		usage()
	}
	c, err := load(fl.Arg(0), fl.Args()[1:])
	if err != nil {
		return fatal(err)
	}
	want, ok := markerCounts(c.Markers)
	var parts []string
	for _, ch := range checks {
		parts = append(parts, fmt.Sprintf("%s %d want + %d ok", ch, want[ch], ok[ch]))
	}
	var nw, no int
	for _, m := range c.Markers {
		if m.Want {
			nw++
		} else {
			no++
		}
	}
	fmt.Printf("corpus %s: %s, %s, %s\n", c.Display, plural(len(c.Pkgs), "package"), plural(nw, "bug"), plural(no, "look-alike"))
	fmt.Printf("markers: %s\n", strings.Join(parts, ", "))
	if *pkgsFile != "" {
		var buf bytes.Buffer
		var last string
		for _, cs := range c.Cases {
			if cs.Pkg != last {
				buf.WriteString(cs.Pkg + "\n")
				last = cs.Pkg
			}
		}
		if err := os.WriteFile(*pkgsFile, buf.Bytes(), 0o644); err != nil {
			return fatal(err)
		}
	}
	if len(c.Problems) == 0 {
		fmt.Println("well-formed")
		return 0
	}
	fmt.Printf("NOT well-formed: %s\n", plural(len(c.Problems), "problem"))
	sort.SliceStable(c.Problems, func(i, j int) bool {
		a, b := c.Problems[i], c.Problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	for _, p := range c.Problems {
		if w := c.where(p.File, p.Line); w != "" {
			fmt.Printf("  %s: %s\n", w, p.Msg)
		} else {
			fmt.Printf("  %s\n", p.Msg)
		}
	}
	return 1
}

// ---- Race verification ----

type raceOpts struct {
	bin     string
	runs    int
	timeout time.Duration
}

// A runOut is the outcome of one run of a test binary.
type runOut struct {
	out      []byte
	exit     int // -1: did not exit by itself
	timedOut bool
	err      error // could not run it
}

// A verdict is the outcome of a case's runs.
type verdict struct {
	ok      bool
	runs    int
	elapsed time.Duration
	note    string
	excerpt []string
}

func binName(pkg string) string { return strings.ReplaceAll(pkg, "/", "_") + ".test" }

func runTest(dir, bin, test string, timeout time.Duration) runOut {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.run", "^"+regexp.QuoteMeta(test)+"$", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0 halt_on_error=0")
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	r := runOut{out: out, exit: cmd.ProcessState.ExitCode()}
	if ctx.Err() != nil {
		r.timedOut = true
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) && !r.timedOut {
		r.err = err
	}
	return r
}

// raceReports splits test output into its race reports, each from its
// "WARNING: DATA RACE" line to the "==================" line that closes
// it (or the end of the output).
func raceReports(out []byte) [][]string {
	var reps [][]string
	var cur []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "WARNING: DATA RACE"):
			if in {
				reps = append(reps, cur)
			}
			in, cur = true, []string{line}
		case in && strings.HasPrefix(line, "=================="):
			reps = append(reps, cur)
			in, cur = false, nil
		case in:
			cur = append(cur, line)
		}
	}
	if in {
		reps = append(reps, cur)
	}
	return reps
}

// siteRE returns the regexp that finds the file:line of m in a stack: the
// file's path inside the corpus, after a slash, and the line number.
func siteRE(m marker) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta("/"+m.File+":"+strconv.Itoa(m.Line)) + `\b`)
}

var stackLineRE = regexp.MustCompile(`(\S+\.go):(\d+)`)

// namedLines returns the file:line of every frame in reps that lies in the
// package pkg, as "pkg/file.go:line".
func namedLines(reps [][]string, pkg string) []string {
	var out []string
	for _, rep := range reps {
		for _, line := range rep {
			for _, m := range stackLineRE.FindAllStringSubmatch(line, -1) {
				i := strings.LastIndex(m[1], "/"+pkg+"/")
				if i < 0 {
					continue
				}
				s := m[1][i+1:] + ":" + m[2]
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

func tail(out []byte, n int) []string {
	if len(bytes.TrimSpace(out)) == 0 {
		return []string{"(no output)"}
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return lines
}

func head(lines []string, n int) []string {
	if len(lines) > n {
		return append(slices.Clone(lines[:n]), "...")
	}
	return lines
}

// excerpt returns the first lines of the race report rep: the stacks of
// the two accesses, without those of the goroutines' creation.
func excerpt(rep []string) []string {
	for i, l := range rep {
		if strings.HasPrefix(l, "Goroutine ") {
			return head(append(slices.Clone(rep[:i]), "(goroutine creation stacks left out)"), 40)
		}
	}
	return head(rep, 40)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

var noTests = []byte("testing: warning: no tests to run")

// verify runs the test of cs up to o.runs times. run is runTest, or a
// stand-in in tests.
func verify(cs testCase, o raceOpts, run func(test string) runOut) verdict {
	start := time.Now()
	site := siteRE(cs.marker)
	var v verdict
	var last runOut
	var lastReps [][]string
	for i := 1; i <= o.runs; i++ {
		r := run(cs.Test)
		v.runs = i
		last = r
		if r.err != nil {
			v.note = fmt.Sprintf("cannot run the test binary: %v", r.err)
			break
		}
		if bytes.Contains(r.out, noTests) {
			v.note = "the test did not run (no tests to run): is it in a *_race_test.go file of the package, with the build constraint?"
			v.excerpt = tail(r.out, 10)
			break
		}
		reps := raceReports(r.out)
		lastReps = reps
		if cs.Want {
			for _, rep := range reps {
				for _, l := range rep {
					if site.MatchString(l) {
						v.ok = true
						v.note = fmt.Sprintf("a race report names %s in run %d", cs.File+":"+strconv.Itoa(cs.Line), i)
						v.elapsed = time.Since(start)
						return v
					}
				}
			}
			continue
		}
		switch {
		case len(reps) > 0:
			v.note = fmt.Sprintf("%s in run %d", plural(len(reps), "race report"), i)
			v.excerpt = excerpt(reps[0])
		case r.timedOut:
			v.note = fmt.Sprintf("timed out after %v in run %d", o.timeout, i)
			v.excerpt = tail(r.out, 15)
		case r.exit != 0:
			v.note = fmt.Sprintf("the test failed (exit status %d) without a race report in run %d", r.exit, i)
			v.excerpt = tail(r.out, 15)
		default:
			continue
		}
		v.elapsed = time.Since(start)
		return v
	}
	v.elapsed = time.Since(start)
	if !cs.Want {
		if v.note == "" {
			v.ok = true
			v.note = fmt.Sprintf("%s passed without a race report", plural(v.runs, "run"))
		}
		return v
	}
	if v.note != "" {
		return v
	}
	loc := cs.File + ":" + strconv.Itoa(cs.Line)
	switch {
	case len(lastReps) > 0:
		v.note = fmt.Sprintf("%s: races reported, but none names %s; lines of %s named in the last run: %s",
			plural(v.runs, "run"), loc, cs.Pkg, or(strings.Join(namedLines(lastReps, cs.Pkg), ", "), "none"))
		v.excerpt = excerpt(lastReps[0])
	case last.timedOut:
		v.note = fmt.Sprintf("%s: no race report; the last timed out after %v", plural(v.runs, "run"), o.timeout)
		v.excerpt = tail(last.out, 15)
	default:
		v.note = fmt.Sprintf("%s: no race report (last exit status %d)", plural(v.runs, "run"), last.exit)
		v.excerpt = tail(last.out, 15)
	}
	return v
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func raceCmd(args []string) int {
	fl := flag.NewFlagSet("corpus race", flag.ExitOnError)
	var o raceOpts
	fl.StringVar(&o.bin, "bin", ".", "the test binaries are in `DIR`")
	fl.IntVar(&o.runs, "runs", 3, "at most `N` runs per case")
	fl.DurationVar(&o.timeout, "timeout", 60*time.Second, "limit of each run")
	workers := fl.Int("j", 2, "run `N` cases at a time")
	verbose := fl.Bool("v", false, "print every case")
	fl.Usage = usage
	fl.Parse(args)
	if fl.NArg() < 1 || o.runs < 1 || *workers < 1 {
		usage()
	}
	c, err := load(fl.Arg(0), fl.Args()[1:])
	if err != nil {
		return fatal(err)
	}
	fmt.Printf("race verification: %s, %d at a time, up to %s of at most %v each\n",
		plural(len(c.Cases), "case"), *workers, plural(o.runs, "run"), o.timeout)

	verdicts := make([]verdict, len(c.Cases))
	jobs := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range *workers {
		wg.Go(func() {
			for i := range jobs {
				cs := c.Cases[i]
				bin := filepath.Join(o.bin, binName(cs.Pkg))
				var v verdict
				if _, err := os.Stat(bin); err != nil {
					v.note = fmt.Sprintf("no test binary %s (did go test -c fail?)", bin)
				} else {
					dir := filepath.Join(c.Dir, filepath.FromSlash(cs.Pkg))
					v = verify(cs, o, func(test string) runOut { return runTest(dir, bin, test, o.timeout) })
				}
				verdicts[i] = v
				mu.Lock()
				done++
				status := "verified"
				if !v.ok {
					status = "FAILED"
				}
				fmt.Fprintf(os.Stderr, "race: [%d/%d] %s %s: %s (%s, %.1fs)\n", done, len(c.Cases), cs.Pkg, cs.Test, status, plural(v.runs, "run"), v.elapsed.Seconds())
				mu.Unlock()
			}
		})
	}
	for i := range c.Cases {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	var bugs, bugsOK, looks, looksOK int
	for i, cs := range c.Cases {
		v := verdicts[i]
		if cs.Want {
			bugs++
		} else {
			looks++
		}
		if v.ok {
			if cs.Want {
				bugsOK++
			} else {
				looksOK++
			}
			if *verbose {
				fmt.Printf("ok    %s %s (%s at %s): %s\n", cs.Pkg, cs.Test, cs.marker, c.where(cs.File, cs.Line), v.note)
			}
			continue
		}
		what := "bug not verified"
		if !cs.Want {
			what = "look-alike not verified"
		}
		fmt.Printf("FAIL  %s %s (%s at %s): %s: %s\n", cs.Pkg, cs.Test, cs.marker, c.where(cs.File, cs.Line), what, v.note)
		for _, l := range v.excerpt {
			fmt.Printf("      | %s\n", l)
		}
	}
	fmt.Printf("bugs verified: %d of %d; look-alikes verified: %d of %d\n", bugsOK, bugs, looksOK, looks)
	if bugsOK < bugs || looksOK < looks {
		return 1
	}
	return 0
}

// ---- pubcheck's output (see package pcjson) ----

type (
	diagnostic = pcjson.Diagnostic
	output     = pcjson.Output
)

// ---- Scoring ----

type row struct {
	Bugs, Found, Reports, False, LookAlikes, LookAlikesHit int
}

// A falsePos is a report on a line without a want marker of its category.
type falsePos struct {
	diagnostic
	Marks []marker // markers on its line, if any
}

type score struct {
	Rows   map[string]*row // by check or category
	Order  []string        // the rows to print
	Missed []marker
	False  []falsePos
}

type lineKey struct {
	file string
	line int
}

// scoreDiags scores the unique reports ds (files relative to the corpus)
// against markers.
func scoreDiags(markers []marker, ds []diagnostic) *score {
	s := &score{Rows: map[string]*row{}}
	get := func(k string) *row {
		r := s.Rows[k]
		if r == nil {
			r = &row{}
			s.Rows[k] = r
		}
		return r
	}
	byLine := map[lineKey][]marker{}
	for _, m := range markers {
		byLine[lineKey{m.File, m.Line}] = append(byLine[lineKey{m.File, m.Line}], m)
		if m.Want {
			get(m.Check).Bugs++
		} else {
			get(m.Check).LookAlikes++
		}
	}
	found := map[marker]bool{}
	hit := map[marker]bool{}
	for _, d := range ds {
		r := get(or(d.Category, "(none)"))
		r.Reports++
		ms := byLine[lineKey{d.File, d.Line}]
		tp := false
		for _, m := range ms {
			if m.Check == d.Category {
				if m.Want {
					tp = true
					found[m] = true
				} else {
					hit[m] = true
				}
			}
		}
		if !tp {
			r.False++
			s.False = append(s.False, falsePos{d, ms})
		}
	}
	for _, m := range markers {
		switch {
		case m.Want && found[m]:
			get(m.Check).Found++
		case m.Want:
			s.Missed = append(s.Missed, m)
		case hit[m]:
			get(m.Check).LookAlikesHit++
		}
	}
	s.Order = append(slices.Clone(checks), directive)
	var extra []string
	for k := range s.Rows {
		if !slices.Contains(s.Order, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	s.Order = append(s.Order, extra...)
	for _, k := range s.Order {
		get(k)
	}
	return s
}

func (s *score) total() row {
	var t row
	for _, r := range s.Rows {
		t.Bugs += r.Bugs
		t.Found += r.Found
		t.Reports += r.Reports
		t.False += r.False
		t.LookAlikes += r.LookAlikes
		t.LookAlikesHit += r.LookAlikesHit
	}
	return t
}

// ratio returns n/d, ok false when d is 0.
func ratio(n, d int) (float64, bool) {
	if d == 0 {
		return 0, false
	}
	return float64(n) / float64(d), true
}

func (r row) recall() (float64, bool)    { return ratio(r.Found, r.Bugs) }
func (r row) precision() (float64, bool) { return ratio(r.Reports-r.False, r.Reports) }

func fmtRatio(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.2f", v)
}

func (r row) cells(name string) string {
	looks := strconv.Itoa(r.LookAlikes)
	if r.LookAlikesHit > 0 {
		looks += fmt.Sprintf(" (%d reported)", r.LookAlikesHit)
	}
	rec, rok := r.recall()
	prec, pok := r.precision()
	return fmt.Sprintf("| %s | %d | %d | %s | %d | %d | %s | %s |", name, r.Bugs, r.Found, fmtRatio(rec, rok),
		r.Reports, r.False, fmtRatio(prec, pok), looks)
}

// writeTable writes the Markdown table of s.
func (s *score) writeTable(w io.Writer) {
	fmt.Fprintln(w, "| check | bugs | found | recall | reports | false | precision | look-alikes |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, k := range s.Order {
		fmt.Fprintln(w, s.Rows[k].cells(k))
	}
	t := s.total()
	fmt.Fprintln(w, t.cells("**total**"))
}

// writeDetails writes the missed bugs and the false positives of s.
func (s *score) writeDetails(w io.Writer, c *corpus) {
	fmt.Fprintf(w, "\nmissed bugs (%d):\n", len(s.Missed))
	for _, m := range s.Missed {
		fmt.Fprintf(w, "  %s %s (%s)\n", c.where(m.File, m.Line), m.Case, m.Check)
	}
	fmt.Fprintf(w, "false positives (%d):\n", len(s.False))
	for _, f := range s.False {
		note := ""
		if len(f.Marks) > 0 {
			var ms []string
			for _, m := range f.Marks {
				ms = append(ms, m.String())
			}
			note = " [line marked " + strings.Join(ms, ", ") + "]"
		}
		fmt.Fprintf(w, "  %s %s: %s%s\n", c.where(f.File, f.Line), or(f.Category, "(none)"), f.Message, note)
	}
}

type modeArg struct{ name, prefix string }

type modeFlag []modeArg

func (m *modeFlag) String() string { return fmt.Sprint(*m) }
func (m *modeFlag) Set(s string) error {
	name, prefix, ok := strings.Cut(s, "=")
	if !ok || name == "" || prefix == "" {
		return errors.New("want NAME=PREFIX")
	}
	*m = append(*m, modeArg{name, prefix})
	return nil
}

// parseThreshold reads a fraction ("0.8") or a percentage ("80%").
func parseThreshold(s string) (float64, error) {
	scale := 1.0
	if p, ok := strings.CutSuffix(s, "%"); ok {
		s, scale = p, 100
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	v /= scale
	if v < 0 || v > 1 {
		return 0, fmt.Errorf("%v is not between 0 and 1", v)
	}
	return v, nil
}

func scoreCmd(args []string) int {
	fl := flag.NewFlagSet("corpus score", flag.ExitOnError)
	var modes modeFlag
	fl.Var(&modes, "mode", "score the run in `NAME=PREFIX`.{out,err,rc} (repeated)")
	verbose := fl.Bool("v", false, "list every missed bug and false positive")
	minRecall := fl.String("min-recall", "", "exit 3 when the overall recall of a mode is below `X`")
	minPrecision := fl.String("min-precision", "", "exit 3 when the overall precision of a mode is below `Y`")
	fl.Usage = usage
	fl.Parse(args)
	if fl.NArg() < 1 || len(modes) == 0 {
		usage()
	}
	var minR, minP float64 = -1, -1
	var err error
	if *minRecall != "" {
		if minR, err = parseThreshold(*minRecall); err != nil {
			fmt.Fprintln(os.Stderr, "corpus: -min-recall:", err)
			return 2
		}
	}
	if *minPrecision != "" {
		if minP, err = parseThreshold(*minPrecision); err != nil {
			fmt.Fprintln(os.Stderr, "corpus: -min-precision:", err)
			return 2
		}
	}
	c, err := load(fl.Arg(0), fl.Args()[1:])
	if err != nil {
		return fatal(err)
	}
	dirs := []string{c.Dir}
	if real, err := filepath.EvalSymlinks(c.Dir); err == nil && real != c.Dir {
		dirs = append(dirs, real)
	}

	code := 0
	below := false
	results := map[string][]diagnostic{}
	for _, md := range modes {
		fmt.Printf("\n### %s\n\n", md.name)
		out, rc, err := pcjson.ReadRun(md.prefix)
		if err != nil {
			fmt.Printf("ERROR: %v\n", err)
			code = 1
			continue
		}
		bad := rc != 0 || len(out.Errors) > 0
		if rc != 0 {
			fmt.Printf("ERROR: exit status %d (with -json, 0 is expected, reports or not)\n", rc)
		}
		for _, e := range out.Errors {
			fmt.Printf("ERROR: %s\n", e)
		}
		if len(out.Other) > 0 {
			label := "other output"
			if !bad {
				label = "other output (ignored)"
			}
			fmt.Printf("%s:\n", label)
			for _, l := range head(out.Other, 30) {
				fmt.Printf("  | %s\n", l)
			}
		}
		if bad {
			code = 1
			fmt.Println()
		}
		ds := pcjson.Unique(out.Diags, dirs...)
		results[md.name] = ds
		s := scoreDiags(c.Markers, ds)
		s.writeTable(os.Stdout)
		if *verbose {
			s.writeDetails(os.Stdout, c)
		}
		t := s.total()
		if r, ok := t.recall(); ok && r < minR {
			fmt.Printf("%s: recall %.2f is below -min-recall %.2f\n", md.name, r, minR)
			below = true
		}
		if p, ok := t.precision(); ok && p < minP {
			fmt.Printf("%s: precision %.2f is below -min-precision %.2f\n", md.name, p, minP)
			below = true
		}
	}

	if len(modes) > 1 {
		first := modes[0].name
		for _, md := range modes[1:] {
			a, aok := results[first]
			b, bok := results[md.name]
			if !aok || !bok {
				continue
			}
			fmt.Printf("\n### %s vs %s\n\n", first, md.name)
			onlyA, onlyB := diff(a, b)
			if len(onlyA) == 0 && len(onlyB) == 0 {
				fmt.Printf("agree: the same %d reports\n", len(a))
				continue
			}
			fmt.Printf("DIFFER: %d reports in %s only, %d in %s only\n", len(onlyA), first, len(onlyB), md.name)
			for _, d := range onlyA {
				fmt.Printf("  %s only: %s\n", first, c.diagString(d))
			}
			for _, d := range onlyB {
				fmt.Printf("  %s only: %s\n", md.name, c.diagString(d))
			}
		}
	}
	switch {
	case code != 0:
		return code
	case below:
		return 3
	}
	return 0
}

// diff returns the reports in a and not in b, and those in b and not in a.
func diff(a, b []diagnostic) (onlyA, onlyB []diagnostic) {
	in := func(ds []diagnostic) map[string]bool {
		m := map[string]bool{}
		for _, d := range ds {
			m[d.Key()] = true
		}
		return m
	}
	ka, kb := in(a), in(b)
	for _, d := range a {
		if !kb[d.Key()] {
			onlyA = append(onlyA, d)
		}
	}
	for _, d := range b {
		if !ka[d.Key()] {
			onlyB = append(onlyB, d)
		}
	}
	return onlyA, onlyB
}
