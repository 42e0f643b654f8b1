package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"

	"github.com/pubcheck/pubcheck/analyzer"
)

// The standalone run is a front end over go vet.
//
// `pubcheck [flags] PKGS` runs `go vet -vettool=<this binary> -json PKGS`
// and prints what the units report in its own formats. The go command
// then does what a driver of pubcheck's own would have to: it analyzes one
// package per process, in dependency order, in parallel on every core,
// with the summaries (facts) of every dependency, the standard library
// included, read from vetx files; and it keeps each package's facts and
// findings in the build cache under a key made of the package's inputs,
// its dependencies' facts, the flags and the tool's -V=full line (which
// names the binary's hash), so that a second run on unchanged code replays
// them and a change re-analyzes the package and its importers only. Memory
// is that of the largest package and its dependencies' facts, whatever the
// size of the tree. And the findings are go vet's, by construction: there
// is one way to analyze a package.
//
// A runner of pubcheck's own over `go list -export -deps` was the other
// shape considered: it would share the compiler's export data as go vet
// does, but would need its own cache, its own scheduler and its own way of
// applying fixes, and its findings would have to be kept equal to go vet's
// by testing rather than by construction. The README's cost section gives
// the measurements of both shapes.

// vetCommand returns the go vet command line that analyzes o.patterns with
// the binary exe, plus mode (-json, or -fix with or without -diff) and
// extra tool flags.
func vetCommand(exe string, o *options, mode []string, extra ...string) *exec.Cmd {
	args := []string{"vet", "-vettool=" + exe}
	if o.tags != "" {
		args = append(args, "-tags="+o.tags)
	}
	if c := analyzer.Analyzer.Flags.Lookup("checks"); c != nil && c.Value.String() != c.DefValue {
		args = append(args, "-checks="+c.Value.String())
	}
	args = append(args, mode...)
	args = append(args, extra...)
	args = append(args, o.patterns...)
	cmd := exec.Command("go", args...)
	// The build cache key of a package's vet unit includes the tool's
	// -V=full line, but not the environment: nothing pubcheck reads from
	// it may change what a unit reports.
	return cmd
}

// analyze runs go vet over o.patterns and returns the findings, in
// position order. It prints, once per package, what could not be analyzed
// and why, and returns exit status 1 if anything could not; a nil result
// when go vet could not run at all.
func analyze(o *options, stderr io.Writer) (*result, int) {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "pubcheck: %v\n", err)
		return nil, 1
	}
	var extra []string
	var profDir string
	if o.profiles.any() {
		profDir, err = os.MkdirTemp("", "pubcheck-profiles-")
		if err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			return nil, 1
		}
		defer os.RemoveAll(profDir)
		if err := o.profiles.prepare(profDir); err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			return nil, 1
		}
		extra = append(extra, "-"+profileFlag+"="+profDir)
	}
	cmd := vetCommand(exe, o, []string{"-json"}, extra...)
	var stdout, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &errOut
	var unitLog string
	if o.verbose {
		f, err := os.CreateTemp("", "pubcheck-units-")
		if err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			return nil, 1
		}
		f.Close()
		unitLog = f.Name()
		defer os.Remove(unitLog)
		cmd.Env = append(os.Environ(), unitLogEnv+"="+unitLog)
	}
	runErr := cmd.Run()
	if unitLog != "" {
		printUnitLog(unitLog, stderr)
	}
	var ee *exec.ExitError
	if runErr != nil && !errors.As(runErr, &ee) {
		fmt.Fprintf(stderr, "pubcheck: %v\n", runErr)
		return nil, 1
	}
	if runErr != nil && stdout.Len() == 0 && outsideModule() {
		// go vet says the patterns match nothing in the main module; the
		// cause is that there is none.
		fmt.Fprintln(stderr, "go: go.mod file not found in current directory or any parent directory; see 'go help modules'")
		return nil, 1
	}
	res := &result{}
	code := 0
	if reportVetErrors(errOut.String(), res, stderr) || runErr != nil {
		code = 1
	}
	if err := readVetJSON(&stdout, res, o.tests); err != nil {
		fmt.Fprintf(stderr, "pubcheck: reading go vet's output: %v\n", err)
		return nil, 1
	}
	for _, e := range res.errors {
		if e.unit {
			fmt.Fprintf(stderr, "pubcheck: %s: %s\n", e.pkg, e.msg)
			code = 1
		}
	}
	if len(res.findings) == 0 && len(res.errors) == 0 && stdout.Len() == 0 && runErr != nil {
		return nil, 1
	}
	if profDir != "" {
		if err := o.profiles.collect(profDir); err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			code = 1
		}
	}
	sortFindings(res.findings)
	return res, code
}

// reportVetErrors prints go vet's standard error the way pubcheck reports
// packages it could not analyze: "# pkg" blocks (a package that did not
// build or type-check) become one line each, "pubcheck: PKG not analyzed:
// first error" (the rest indented below it, at most ten); other lines pass
// through. It reports whether a package could not be analyzed. (The go
// command's progress lines, "go: downloading ..." and the like, pass
// through too, and are no failure: go vet's exit status says whether it
// failed.)
func reportVetErrors(text string, res *result, stderr io.Writer) bool {
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return false
	}
	type block struct {
		pkg   string
		lines []string
	}
	var blocks []*block
	var cur *block
	var loose []string
	for _, line := range strings.Split(text, "\n") {
		if variant, ok := strings.CutPrefix(line, "# ["); ok && cur != nil && len(cur.lines) == 0 {
			// "# p" then "# [p]": the package with its tests, which go
			// vet analyzes in place of the package alone.
			cur.pkg = fmt.Sprintf("%s [%s.test]", cur.pkg, strings.TrimSuffix(variant, "]"))
			continue
		}
		if pkg, ok := strings.CutPrefix(line, "# "); ok {
			cur = &block{pkg: pkg}
			blocks = append(blocks, cur)
			continue
		}
		if cur != nil && line != "" {
			cur.lines = append(cur.lines, line)
			continue
		}
		if line != "" {
			loose = append(loose, line)
		}
	}
	seen := make(map[string]bool)
	const most = 10
	for _, b := range blocks {
		var ms []string
		for _, m := range b.lines {
			m = strings.TrimPrefix(m, "vet: ")
			if !seen[b.pkg+"\x00"+m] {
				seen[b.pkg+"\x00"+m] = true
				ms = append(ms, m)
			}
		}
		for _, m := range ms {
			res.errors = append(res.errors, packageError{pkg: b.pkg, msg: m})
		}
		switch len(ms) {
		case 0:
			fmt.Fprintf(stderr, "pubcheck: %s not analyzed\n", b.pkg)
		case 1:
			fmt.Fprintf(stderr, "pubcheck: %s not analyzed: %s\n", b.pkg, ms[0])
		default:
			fmt.Fprintf(stderr, "pubcheck: %s not analyzed (%d errors):\n", b.pkg, len(ms))
			for i, m := range ms {
				if i == most {
					fmt.Fprintf(stderr, "\t(and %d more)\n", len(ms)-most)
					break
				}
				fmt.Fprintf(stderr, "\t%s\n", m)
			}
		}
	}
	for _, l := range loose {
		if !strings.HasPrefix(l, "go: ") && !strings.HasPrefix(l, "pubcheck: ") {
			l = "pubcheck: " + l
		}
		fmt.Fprintln(stderr, l)
	}
	return len(blocks) > 0
}

// The JSON go vet -json prints: one object per unit, package ID to
// analyzer name to either diagnostics or an error.
type vetDiagnostic struct {
	Category       string
	Posn, End      string
	Message        string
	SuggestedFixes []jsonFix `json:"suggested_fixes"`
	Related        []struct {
		Posn, End, Message string
	}
}

// readVetJSON reads go vet's -json output into res. Without tests, it
// drops the findings in _test.go files.
func readVetJSON(r io.Reader, res *result, tests bool) error {
	dec := json.NewDecoder(bufio.NewReader(r))
	files := newSourceFiles()
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		for _, id := range slices.Sorted(maps.Keys(tree)) {
			raw, ok := tree[id][analyzer.Analyzer.Name]
			if !ok {
				continue
			}
			var diags []vetDiagnostic
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e struct{ Error string }
				if json.Unmarshal(raw, &e) != nil {
					return fmt.Errorf("package %s: %v", id, err)
				}
				res.errors = append(res.errors, packageError{pkg: id, msg: e.Error, unit: true})
				continue
			}
			for _, d := range diags {
				f := &finding{pkg: id, check: d.Category, msg: d.Message, url: analyzer.CategoryURL(d.Category),
					pos: parsePosn(d.Posn), fixes: d.SuggestedFixes}
				if !tests && strings.HasSuffix(f.pos.Filename, "_test.go") {
					continue
				}
				if d.End != d.Posn {
					f.end = parsePosn(d.End)
				}
				for _, r := range d.Related {
					rel := related{pos: parsePosn(r.Posn), msg: r.Message}
					if r.End != r.Posn {
						rel.end = parsePosn(r.End)
					}
					f.related = append(f.related, rel)
				}
				f.fn = files.enclosingFunc(f.pos)
				res.findings = append(res.findings, f)
			}
		}
	}
}

// parsePosn parses a "file:line:col" position; the file may itself
// contain colons (Windows drives), so the numbers are split off the end.
func parsePosn(s string) token.Position {
	var nums []int
	for len(nums) < 2 {
		i := strings.LastIndexByte(s, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(s[i+1:])
		if err != nil || n < 0 {
			break
		}
		nums = append(nums, n)
		s = s[:i]
	}
	p := token.Position{Filename: s}
	switch len(nums) {
	case 2:
		p.Line, p.Column = nums[1], nums[0]
	case 1:
		p.Line = nums[0]
	}
	return p
}

func sortFindings(fs []*finding) {
	slices.SortStableFunc(fs, func(a, b *finding) int {
		if c := strings.Compare(a.pos.Filename, b.pos.Filename); c != 0 {
			return c
		}
		if a.pos.Line != b.pos.Line {
			return a.pos.Line - b.pos.Line
		}
		if a.pos.Column != b.pos.Column {
			return a.pos.Column - b.pos.Column
		}
		if c := strings.Compare(a.check, b.check); c != 0 {
			return c
		}
		return strings.Compare(a.msg, b.msg)
	})
}

// sourceFiles reads the source files findings are in, once each, for what
// go vet's JSON does not carry: the function around a finding (baselines
// key on it) and the line and column of a fix's byte offsets (SARIF).
type sourceFiles struct {
	fset  *token.FileSet
	files map[string]*sourceFile
}

type sourceFile struct {
	tf    *token.File // nil if the file could not be read
	decls []*ast.FuncDecl
}

func newSourceFiles() *sourceFiles {
	return &sourceFiles{fset: token.NewFileSet(), files: make(map[string]*sourceFile)}
}

func (s *sourceFiles) get(name string) *sourceFile {
	if sf, ok := s.files[name]; ok {
		return sf
	}
	sf := &sourceFile{}
	s.files[name] = sf
	src, err := os.ReadFile(name)
	if err != nil {
		return sf
	}
	f, _ := parser.ParseFile(s.fset, name, src, parser.SkipObjectResolution)
	if f == nil {
		return sf
	}
	sf.tf = s.fset.File(f.FileStart)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			sf.decls = append(sf.decls, fd)
		}
	}
	return sf
}

// enclosingFunc names the function declaration that contains p: Name, or
// Recv.Name for a method; "" outside any.
func (s *sourceFiles) enclosingFunc(p token.Position) string {
	sf := s.get(p.Filename)
	if sf.tf == nil || p.Line < 1 || p.Line > sf.tf.LineCount() {
		return ""
	}
	pos := sf.tf.LineStart(p.Line) + token.Pos(max(p.Column-1, 0))
	for _, fd := range sf.decls {
		if pos < fd.Pos() || pos > fd.End() {
			continue
		}
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			t := fd.Recv.List[0].Type
			for {
				switch x := t.(type) {
				case *ast.StarExpr:
					t = x.X
					continue
				case *ast.IndexExpr:
					t = x.X
					continue
				case *ast.IndexListExpr:
					t = x.X
					continue
				}
				break
			}
			if id, ok := t.(*ast.Ident); ok {
				return id.Name + "." + fd.Name.Name
			}
		}
		return fd.Name.Name
	}
	return ""
}

// position converts a byte offset of file name to a position; the zero
// Position if the file cannot be read.
func (s *sourceFiles) position(name string, offset int) token.Position {
	sf := s.get(name)
	if sf.tf == nil || offset < 0 || offset > sf.tf.Size() {
		return token.Position{}
	}
	return sf.tf.Position(sf.tf.Pos(offset))
}

// unitLogEnv names the file each unit appends its package ID to (with -v):
// the packages go vet did not replay from its cache. The environment is
// not part of go vet's cache key, and the log changes nothing a unit
// reports.
const unitLogEnv = "PUBCHECK_UNIT_LOG"

// logUnit appends u to the unit log named by the environment, if any.
func logUnit(u unit) {
	name := os.Getenv(unitLogEnv)
	if name == "" {
		return
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return
	}
	line := u.ID
	if u.VetxOnly {
		line += " (facts only)"
	}
	f.WriteString(line + "\n") // one write: appends of units do not interleave
	f.Close()
}

// printUnitLog prints the packages of the unit log in order.
func printUnitLog(name string, w io.Writer) {
	data, err := os.ReadFile(name)
	if err != nil {
		return
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if lines[0] == "" {
		lines = nil
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Fprintf(w, "pubcheck: analyzed %s\n", l)
	}
	fmt.Fprintf(w, "pubcheck: %d %s analyzed, the rest replayed from the build cache\n", len(lines), plural(len(lines), "package", "packages"))
}
