// Command racetests is the helper of scripts/racetests, which measures
// pubcheck against the race detector's own tests,
// $(go env GOROOT)/src/runtime/race/testdata: *_test.go files of one
// package whose tests TestRace... race and TestNoRace... do not. It has two
// modes:
//
//	racetests setup [-module PATH] [-patterns FILE] SRC DST
//		copies the directory SRC to DST (which must not exist) and
//		adjusts the copy so that it builds as a module of its own, with
//		every line where it was (only import lines change, and only in
//		their columns):
//		  - a non-test file of package main (cgo_test_main.go, a program
//		    that a test runs with go run) moves to a directory of its own,
//		    named after the file, so that it is not a second package in
//		    the directory of the tests;
//		  - an import of an internal package of the standard library,
//		    which only std may import, is rewritten to a stub of the
//		    package under PATH/internal/ (internal/testenv,
//		    internal/synctest); an internal package without a stub is
//		    left alone and noted (type-checking will then fail).
//		Prints each adjustment, and writes the package patterns to
//		analyze, one a line, to FILE: "." and the moved programs, not
//		the stubs, which stand for std packages and, like them, should
//		be loaded from export data without summaries. DST receives no
//		go.mod: run go mod init PATH in it.
//
//	racetests report [-v] DIR PREFIX
//		reads the output of pubcheck -json -test on DIR: PREFIX.out
//		(stdout), PREFIX.err (stderr) and PREFIX.rc (exit code), JSON
//		trees {"pkg": {"pubcheck": [diagnostic...] or {"error": ...}}},
//		possibly several, on either stream. Reports are made unique
//		(position, category, message: a test variant repeats its
//		package's) and attributed to the top-level declaration of DIR's
//		files (parsed with go/parser) whose source range holds their
//		position. Prints the TestRace* tests with a report inside (with
//		-v also those without, and every report), the TestNoRace* tests
//		with a report inside (false positives, with the reports), the
//		reports in other declarations (helpers, other tests; with the
//		functions that mention them by name), and the reports per check.
//
// Exit status: 0 fine, 1 errors (printed: pubcheck failed or reported
// errors, a file does not parse, no TestRace* test in DIR), 2 usage.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pubcheck/pubcheck/scripts/internal/pcjson"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var code int
	switch os.Args[1] {
	case "setup":
		code = setupCmd(os.Args[2:])
	case "report":
		code = reportCmd(os.Args[2:], os.Stdout)
	default:
		usage()
	}
	os.Exit(code)
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage: racetests setup [-module PATH] [-patterns FILE] SRC DST
       racetests report [-v] DIR PREFIX`)
	os.Exit(2)
}

func fatal(err error) int {
	fmt.Fprintln(os.Stderr, "racetests:", err)
	return 1
}

// ---- setup ----

// stubs are the internal packages of the standard library that the race
// tests import, with stand-ins for what the tests use of them. They are
// loaded from export data, as std packages are, so their bodies do not
// matter to pubcheck, only their names and types.
var stubs = map[string]string{
	"internal/testenv": `// Package testenv stands in for the standard library's internal/testenv,
// which only std may import.
package testenv

import "testing"

// GoToolPath returns the path of the go command.
func GoToolPath(t testing.TB) string { return "go" }
`,
	"internal/synctest": `// Package synctest stands in for the standard library's internal/synctest,
// which only std may import.
package synctest

// Run runs f (in a bubble, in the real package) and waits for it and the
// goroutines it starts to exit.
func Run(f func()) { f() }

// Wait blocks until every other goroutine of the bubble is durably blocked.
func Wait() {}
`,
}

func setupCmd(args []string) int {
	fl := flag.NewFlagSet("racetests setup", flag.ExitOnError)
	module := fl.String("module", "racetestdata", "the module `PATH` the copy will have")
	patterns := fl.String("patterns", "", "write the package patterns to analyze to `FILE`")
	fl.Usage = usage
	fl.Parse(args)
	if fl.NArg() != 2 {
		usage()
	}
	notes, pats, err := setup(fl.Arg(0), fl.Arg(1), *module)
	for _, n := range notes {
		fmt.Println("setup:", n)
	}
	if err != nil {
		return fatal(err)
	}
	if *patterns != "" {
		if err := os.WriteFile(*patterns, []byte(strings.Join(pats, "\n")+"\n"), 0o666); err != nil {
			return fatal(err)
		}
	}
	return 0
}

// setup copies src to dst and adjusts the copy (see the package comment).
// It returns the adjustments made and the patterns to analyze.
func setup(src, dst, module string) (notes, patterns []string, err error) {
	if _, err := os.Stat(dst); err == nil {
		return nil, nil, fmt.Errorf("%s already exists", dst)
	}
	if err := copyDir(src, dst); err != nil {
		return nil, nil, err
	}
	patterns = []string{"."}
	entries, err := os.ReadDir(dst)
	if err != nil {
		return nil, nil, err
	}
	usedStubs := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") {
			continue
		}
		file := filepath.Join(dst, name)
		data, err := os.ReadFile(file)
		if err != nil {
			return notes, nil, err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, data, parser.ImportsOnly)
		if err != nil {
			// Left for pubcheck (and report) to show.
			notes = append(notes, fmt.Sprintf("%s does not parse (%v); copied as it is", name, err))
			continue
		}
		out, rewritten, unknown := rewriteImports(fset, f, data, module)
		for _, p := range rewritten {
			notes = append(notes, fmt.Sprintf("%s imports %s, which only std may import: the import now names a stub, %s/%s", name, p, module, p))
			usedStubs[p] = true
		}
		for _, p := range unknown {
			notes = append(notes, fmt.Sprintf("%s imports %s, which only std may import, and there is no stub for it: it will not type-check", name, p))
		}
		if len(rewritten) > 0 {
			if err := os.WriteFile(file, out, 0o666); err != nil {
				return notes, nil, err
			}
		}
		if !strings.HasSuffix(name, "_test.go") && f.Name.Name == "main" {
			dir := strings.TrimSuffix(name, ".go")
			if err := os.Mkdir(filepath.Join(dst, dir), 0o777); err != nil {
				return notes, nil, err
			}
			if err := os.Rename(file, filepath.Join(dst, dir, name)); err != nil {
				return notes, nil, err
			}
			notes = append(notes, fmt.Sprintf("%s is a program of its own (package main, not a test file): moved to %s/%s and analyzed as package ./%s", name, dir, name, dir))
			patterns = append(patterns, "./"+dir)
		}
	}
	for _, p := range slices.Sorted(mapKeys(usedStubs)) {
		dir := filepath.Join(dst, filepath.FromSlash(p))
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return notes, nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, path.Base(p)+".go"), []byte(stubs[p]), 0o666); err != nil {
			return notes, nil, err
		}
	}
	return notes, patterns, nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// rewriteImports returns the source data of f with each import of an
// internal std package that has a stub replaced by module/path, the paths
// so rewritten, and the internal std paths without a stub. Only the path
// literals change, so every line keeps its number.
func rewriteImports(fset *token.FileSet, f *ast.File, data []byte, module string) (out []byte, rewritten, unknown []string) {
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || !isStdInternal(p) {
			continue
		}
		if _, ok := stubs[p]; !ok {
			unknown = append(unknown, p)
			continue
		}
		edits = append(edits, edit{
			start: fset.Position(imp.Path.Pos()).Offset,
			end:   fset.Position(imp.Path.End()).Offset,
			text:  strconv.Quote(module + "/" + p),
		})
		rewritten = append(rewritten, p)
	}
	if len(edits) == 0 {
		return data, nil, unknown
	}
	var b bytes.Buffer
	last := 0
	for _, e := range edits { // in source order
		b.Write(data[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(data[last:])
	return b.Bytes(), rewritten, unknown
}

// isStdInternal reports whether p is an internal package of the standard
// library: its first element has no dot and it has an "internal" element.
func isStdInternal(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	if strings.Contains(first, ".") {
		return false
	}
	return slices.Contains(strings.Split(p, "/"), "internal")
}

// copyDir copies the regular files and directories of src to dst, which
// it creates; the copies are writable.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o777)
		case !d.Type().IsRegular():
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o666)
	})
}

// ---- The declarations ----

// kind classifies a top-level declaration.
type kind int

const (
	other   kind = iota
	race         // a TestRace... function: the program races
	noRace       // a TestNoRace... function: the program is race-free
	test         // another Test... function
	nonFunc      // a declaration other than a function
)

// A decl is a top-level declaration of one of the files.
type decl struct {
	File       string // relative to the directory, slash-separated
	Name       string // F, (T).M, (*T).M, or "var x, y", "type T", ...
	Kind       kind
	Start, End token.Position
	Mentions   map[string]bool // identifiers in it, selectors included
	Strings    map[string]bool // the base names of the .go files its string literals name
	Key        string          // the name by which others mention it ("" for none)
	Program    bool            // func main of package main: others name its file
}

func (d *decl) where() string { return fmt.Sprintf("%s:%d", d.File, d.Start.Line) }

// contains reports whether the position line:col of d's file is inside d.
func (d *decl) contains(line, col int) bool {
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && c1 <= c2 }
	return before(d.Start.Line, d.Start.Column, line, col) && before(line, col, d.End.Line, d.End.Column)
}

var testNameRE = regexp.MustCompile(`^Test($|[^a-z])`)

func classify(fd *ast.FuncDecl) kind {
	name := fd.Name.Name
	switch {
	case fd.Recv != nil:
		return other
	case strings.HasPrefix(name, "TestRace"):
		return race
	case strings.HasPrefix(name, "TestNoRace"):
		return noRace
	case testNameRE.MatchString(name):
		return test
	}
	return other
}

func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	switch x := t.(type) { // drop type parameters
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	recv := "?"
	if id, ok := t.(*ast.Ident); ok {
		recv = id.Name
	}
	return fmt.Sprintf("(%s%s).%s", star, recv, fd.Name.Name)
}

func genName(gd *ast.GenDecl) string {
	var names []string
	for _, s := range gd.Specs {
		switch s := s.(type) {
		case *ast.ValueSpec:
			for _, n := range s.Names {
				names = append(names, n.Name)
			}
		case *ast.TypeSpec:
			names = append(names, s.Name.Name)
		case *ast.ImportSpec:
			names = append(names, s.Path.Value)
		}
	}
	return gd.Tok.String() + " " + strings.Join(names, ", ")
}

// parseDecls returns the top-level declarations of the file rel, with
// contents src, in source order.
func parseDecls(rel string, src []byte) ([]*decl, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var ds []*decl
	for _, d := range f.Decls {
		dc := &decl{File: rel, Kind: nonFunc, Start: fset.Position(d.Pos()), End: fset.Position(d.End()), Mentions: map[string]bool{}, Strings: map[string]bool{}}
		switch d := d.(type) {
		case *ast.FuncDecl:
			dc.Name, dc.Kind, dc.Key = funcName(d), classify(d), d.Name.Name
			dc.Program = f.Name.Name == "main" && d.Name.Name == "main" && d.Recv == nil
		case *ast.GenDecl:
			dc.Name = genName(d)
		}
		var body ast.Node = d
		if fd, ok := d.(*ast.FuncDecl); ok {
			body = nil // not its own name
			if fd.Body != nil {
				body = fd.Body
			}
		}
		if body != nil {
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Ident:
					dc.Mentions[n.Name] = true
				case *ast.BasicLit:
					if v, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && strings.HasSuffix(v, ".go") {
						dc.Strings[path.Base(filepath.ToSlash(v))] = true
					}
				}
				return true
			})
		}
		ds = append(ds, dc)
	}
	return ds, nil
}

// loadDecls parses every .go file in dir and beneath it.
func loadDecls(dir string) ([]*decl, error) {
	var all []*decl
	var errs []error
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".go") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		ds, err := parseDecls(filepath.ToSlash(rel), src)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		all = append(all, ds...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return all, errors.Join(errs...)
}

// ---- pubcheck's output (see package pcjson) ----

type (
	diagnostic = pcjson.Diagnostic
	output     = pcjson.Output
)

// diagString renders d as file:line:col: check: message.
func diagString(d diagnostic) string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Col, or(d.Category, "(none)"), d.Message)
}

// ---- Attribution ----

// A result is the reports attributed to the declarations.
type result struct {
	Decls   []*decl                // all, in file and source order
	Reports map[*decl][]diagnostic // the reports inside each
	Outside []diagnostic           // reports in no declaration of the files
	ByCheck map[string]*checkRow   // per category
	Tests   map[kind][]*decl       // race, noRace, test
	Mention map[string][]*decl     // name -> the functions that mention it
}

// A checkRow counts the reports of one check.
type checkRow struct {
	Reports, InRace, InNoRace, Elsewhere int
	RaceTests, NoRaceTests               int // tests with a report of the check
}

// attribute assigns each report of ds to the declaration that holds it.
func attribute(decls []*decl, ds []diagnostic) *result {
	r := &result{
		Decls:   decls,
		Reports: map[*decl][]diagnostic{},
		ByCheck: map[string]*checkRow{},
		Tests:   map[kind][]*decl{},
		Mention: map[string][]*decl{},
	}
	byFile := map[string][]*decl{}
	for _, d := range decls {
		byFile[d.File] = append(byFile[d.File], d)
		if d.Kind == race || d.Kind == noRace || d.Kind == test {
			r.Tests[d.Kind] = append(r.Tests[d.Kind], d)
		}
	}
	for _, d := range decls {
		if d.Kind == nonFunc {
			continue
		}
		for name := range d.Mentions {
			r.Mention[name] = append(r.Mention[name], d)
		}
		for name := range d.Strings {
			r.Mention[fileKey(name)] = append(r.Mention[fileKey(name)], d)
		}
	}
	type seenKey struct {
		d     *decl
		check string
	}
	seen := map[seenKey]bool{}
	for _, diag := range ds {
		check := or(diag.Category, "(none)")
		row := r.ByCheck[check]
		if row == nil {
			row = &checkRow{}
			r.ByCheck[check] = row
		}
		row.Reports++
		var in *decl
		for _, d := range byFile[diag.File] {
			if d.contains(diag.Line, diag.Col) {
				in = d
				break
			}
		}
		if in == nil {
			r.Outside = append(r.Outside, diag)
			row.Elsewhere++
			continue
		}
		r.Reports[in] = append(r.Reports[in], diag)
		first := !seen[seenKey{in, check}]
		seen[seenKey{in, check}] = true
		switch in.Kind {
		case race:
			row.InRace++
			if first {
				row.RaceTests++
			}
		case noRace:
			row.InNoRace++
			if first {
				row.NoRaceTests++
			}
		default:
			row.Elsewhere++
		}
	}
	return r
}

// checksOf returns the checks of ds with their counts: "unjoined",
// "mixedatomic x2".
func checksOf(ds []diagnostic) string {
	n := map[string]int{}
	var order []string
	for _, d := range ds {
		c := or(d.Category, "(none)")
		if n[c] == 0 {
			order = append(order, c)
		}
		n[c]++
	}
	var parts []string
	for _, c := range order {
		if n[c] > 1 {
			parts = append(parts, fmt.Sprintf("%s x%d", c, n[c]))
		} else {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, ", ")
}

// fileKey is the key of Mention for the functions that name the .go file
// base in a string literal.
func fileKey(base string) string { return "file " + base }

// mentionedIn returns the names of the functions other than d that mention
// d's name, or for the main function of a program, its file's name.
func (r *result) mentionedIn(d *decl) []string {
	key := d.Key
	if d.Program {
		key = fileKey(path.Base(d.File))
	}
	if key == "" {
		return nil
	}
	var names []string
	for _, m := range r.Mention[key] {
		if m != d {
			names = append(names, m.Name)
		}
	}
	sort.Strings(names)
	return slices.Compact(names)
}

func percent(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}

// write prints r.
func (r *result) write(w io.Writer, verbose bool) {
	races := r.Tests[race]
	var found, missed []*decl
	for _, d := range races {
		if len(r.Reports[d]) > 0 {
			found = append(found, d)
		} else {
			missed = append(missed, d)
		}
	}
	width, wwidth := 0, 0
	for _, d := range r.Decls {
		if len(r.Reports[d]) > 0 || verbose && d.Kind == race {
			width = max(width, len(d.Name))
			wwidth = max(wwidth, len(d.where()))
		}
	}
	line := func(d *decl, note string) {
		if note == "" {
			fmt.Fprintf(w, "    %-*s  %s\n", width, d.Name, d.where())
			return
		}
		fmt.Fprintf(w, "    %-*s  %-*s  %s\n", width, d.Name, wwidth, d.where(), note)
	}
	reports := func(d *decl) {
		for _, diag := range r.Reports[d] {
			fmt.Fprintf(w, "      %s\n", diagString(diag))
		}
	}

	fmt.Fprintf(w, "\n## TestRace* (the program races): %s, %d with a report inside (%s)\n\n", plural(len(races), "test"), len(found), percent(len(found), len(races)))
	fmt.Fprintf(w, "  found (%d):\n", len(found))
	for _, d := range found {
		line(d, checksOf(r.Reports[d]))
		if verbose {
			reports(d)
		}
	}
	if verbose {
		fmt.Fprintf(w, "  missed (%d):\n", len(missed))
		for _, d := range missed {
			line(d, "")
		}
	} else {
		fmt.Fprintf(w, "  missed: %d (-v lists them)\n", len(missed))
	}

	noRaces := r.Tests[noRace]
	var fps []*decl
	for _, d := range noRaces {
		if len(r.Reports[d]) > 0 {
			fps = append(fps, d)
		}
	}
	fmt.Fprintf(w, "\n## TestNoRace* (race-free): %s, %d with a report inside (false positives)\n\n", plural(len(noRaces), "test"), len(fps))
	for _, d := range fps {
		line(d, checksOf(r.Reports[d]))
		reports(d)
	}

	var others []*decl
	nOther := 0
	for _, d := range r.Decls {
		if d.Kind != race && d.Kind != noRace && len(r.Reports[d]) > 0 {
			others = append(others, d)
			nOther += len(r.Reports[d])
		}
	}
	var otherTests []string
	for _, d := range r.Tests[test] {
		otherTests = append(otherTests, d.Name)
	}
	fmt.Fprintf(w, "\n## Other declarations (helpers, other tests): %s in %d\n\n", plural(nOther, "report"), len(others))
	fmt.Fprintf(w, "  other tests: %s\n", or(strings.Join(otherTests, ", "), "none"))
	for _, d := range others {
		note := checksOf(r.Reports[d])
		ms := r.mentionedIn(d)
		switch {
		case d.Kind == test:
			note += " (a test)"
		case d.Program && len(ms) > 0:
			note += " (its file is named in " + strings.Join(ms, ", ") + ")"
		case d.Program:
			note += " (a program; its file is named in no test)"
		case len(ms) > 0:
			note += " (mentioned in " + strings.Join(ms, ", ") + ")"
		case d.Kind != nonFunc:
			note += " (mentioned nowhere else)"
		}
		line(d, note)
		reports(d)
	}
	if len(r.Outside) > 0 {
		fmt.Fprintf(w, "  in no declaration of the files (%d):\n", len(r.Outside))
		for _, diag := range r.Outside {
			fmt.Fprintf(w, "      %s\n", diagString(diag))
		}
	}

	fmt.Fprintf(w, "\n## Reports per check\n\n")
	fmt.Fprintln(w, "| check | reports | in TestRace* | TestRace* tests | in TestNoRace* | TestNoRace* tests | elsewhere |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|")
	var total checkRow
	for _, c := range slices.Sorted(mapKeys(r.ByCheck)) {
		row := r.ByCheck[c]
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d |\n", c, row.Reports, row.InRace, row.RaceTests, row.InNoRace, row.NoRaceTests, row.Elsewhere)
		total.Reports += row.Reports
		total.InRace += row.InRace
		total.InNoRace += row.InNoRace
		total.Elsewhere += row.Elsewhere
	}
	fmt.Fprintf(w, "| **total** | %d | %d | %d | %d | %d | %d |\n", total.Reports, total.InRace, len(found), total.InNoRace, len(fps), total.Elsewhere)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func head(lines []string, n int) []string {
	if len(lines) > n {
		return append(slices.Clone(lines[:n]), "...")
	}
	return lines
}

// ---- report ----

func reportCmd(args []string, w io.Writer) int {
	fl := flag.NewFlagSet("racetests report", flag.ExitOnError)
	verbose := fl.Bool("v", false, "list the TestRace* tests without a report, and every report")
	fl.Usage = usage
	fl.Parse(args)
	if fl.NArg() != 2 {
		usage()
	}
	dir, err := filepath.Abs(fl.Arg(0))
	if err != nil {
		return fatal(err)
	}
	code := 0
	errorf := func(format string, args ...any) {
		fmt.Fprintf(w, "ERROR: "+format+"\n", args...)
		code = 1
	}
	decls, err := loadDecls(dir)
	if err != nil {
		if len(decls) == 0 {
			return fatal(err)
		}
		errorf("%v", err)
	}
	out, rc, err := pcjson.ReadRun(fl.Arg(1))
	if err != nil {
		return fatal(err)
	}
	if rc != 0 {
		errorf("pubcheck exit status %d (with -json, 0 is expected, reports or not)", rc)
	}
	for _, e := range out.Errors {
		errorf("%s", e)
	}
	if len(out.Other) > 0 {
		label := "pubcheck's other output"
		if code == 0 {
			label += " (ignored)"
		}
		fmt.Fprintf(w, "%s:\n", label)
		for _, l := range head(out.Other, 30) {
			fmt.Fprintf(w, "  | %s\n", l)
		}
	}
	dirs := []string{dir}
	if real, err := filepath.EvalSymlinks(dir); err == nil && real != dir {
		dirs = append(dirs, real)
	}
	ds := pcjson.Unique(out.Diags, dirs...)
	r := attribute(decls, ds)
	if len(r.Tests[race]) == 0 {
		errorf("no TestRace* function in the .go files of %s", dir)
	}
	inTests := 0
	for _, d := range ds {
		if strings.HasSuffix(d.File, "_test.go") {
			inTests++
		}
	}
	fmt.Fprintf(w, "pubcheck: %s (%d in _test.go files), %s printed in all (test variants repeat their package's)\n",
		plural(len(ds), "unique report"), inTests, plural(len(out.Diags), "report"))
	if inTests == 0 && code == 0 {
		fmt.Fprintln(w, "WARNING: no report in a _test.go file: were the test files analyzed (pubcheck -test)?")
	}
	r.write(w, *verbose)
	return code
}
