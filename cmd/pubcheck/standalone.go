package main

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pubcheck/pubcheck/analyzer"
	"github.com/pubcheck/pubcheck/internal/load"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// The standalone run.
//
// singlechecker's standalone driver loads every dependency from source when
// the analyzer has facts, so that it can run the analyzer on each. On std
// with its tests that means type-checking about 2500 package variants
// instead of 975 and holding all their syntax: measured, 79 s and 5.1 GB
// against 16 s and 2.4 GB for this run. pubcheck's summaries are worth
// having for the packages it reports on, not for everything below them. So
// pubcheck loads as the standalone driver does without facts, roots from
// source and the rest from export data, and runs x/tools' checker over the
// roots alone: summaries flow between the packages named on the command
// line, not from the others. Under go vet, which gives each package the
// facts of all its dependencies, singlechecker runs as usual; so it does
// for -fix and -diff, in a child process (see fix).

// options are the standalone command's flags.
type options struct {
	json, sarif   bool
	context       int
	tests         bool
	tags          string
	fix, diff     bool
	baseline      string
	writeBaseline string
	explain       string
	version       bool
	confirm       confirmOptions
	profiles      profiles
	patterns      []string
}

const usageText = `usage: pubcheck [flags] packages...
       go vet -vettool=$(which pubcheck) [-checks=...] packages...

pubcheck reports unsynchronized publication between goroutines.
Run 'pubcheck -explain CHECK' for a check's documentation, 'pubcheck -help'
for everything.

Flags:
`

// parseArgs parses the standalone command line. It returns an error that
// is a usage error (a flag it does not know, a bad value, no packages).
func parseArgs(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("pubcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.json, "json", false, "print findings as JSON on standard output (exit status 0 with findings)")
	fs.BoolVar(&o.sarif, "sarif", false, "print findings as a SARIF 2.1.0 log on standard output (exit status 0 with findings)")
	fs.IntVar(&o.context, "c", -1, "print `N` lines of source around each finding")
	fs.BoolVar(&o.tests, "test", true, "analyze the packages' tests too")
	fs.StringVar(&o.tags, "tags", "", "comma-separated list of build `tags`, as for go build")
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes, then report what is left")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, print the fixes as a diff instead of applying them")
	fs.StringVar(&o.baseline, "baseline", "", "report only the findings not recorded in `FILE` (see -write-baseline)")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record the current findings in `FILE`, report nothing")
	fs.StringVar(&o.explain, "explain", "", "print the documentation of `CHECK` and exit")
	fs.BoolVar(&o.version, "version", false, "print pubcheck's version and exit")
	fs.StringVar(&o.profiles.cpu, "cpuprofile", "", "write a CPU profile to `FILE`")
	fs.StringVar(&o.profiles.mem, "memprofile", "", "write a heap profile to `FILE` at the end")
	fs.StringVar(&o.profiles.trace, "trace", "", "write an execution trace to `FILE`")
	addConfirmFlags(fs, &o.confirm)
	checks := analyzer.Analyzer.Flags.Lookup("checks")
	fs.Var(checks.Value, checks.Name, checks.Usage)
	help := false
	fs.BoolVar(&help, "help", false, "print the documentation of every check")
	fs.BoolVar(&help, "h", false, "same as -help")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if help {
		fmt.Fprint(stderr, usageText)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\n%s", analyzer.Analyzer.Doc)
		return nil, flag.ErrHelp
	}
	o.patterns = fs.Args()
	for _, p := range o.patterns {
		if strings.HasPrefix(p, "-") {
			return nil, fmt.Errorf("flag %s after the packages: put flags first", p)
		}
	}
	switch {
	case o.explain != "" || o.version:
		return o, nil
	case len(o.patterns) == 0:
		return nil, errors.New("no packages named (for example: pubcheck ./...)")
	case o.json && o.sarif:
		return nil, errors.New("-json and -sarif are exclusive")
	case o.diff && !o.fix:
		return nil, errors.New("-diff needs -fix")
	case o.fix && (o.json || o.sarif || o.baseline != "" || o.writeBaseline != ""):
		return nil, errors.New("-fix does not combine with -json, -sarif or a baseline")
	case o.writeBaseline != "" && (o.json || o.sarif || o.baseline != ""):
		return nil, errors.New("-write-baseline does not combine with -json, -sarif or -baseline")
	}
	if err := o.confirm.check(fs, o); err != nil {
		return nil, err
	}
	return o, nil
}

// runStandalone runs the command line args outside go vet and returns the
// exit status.
func runStandalone(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "pubcheck: %v\nRun 'pubcheck -help' for usage.\n", err)
		return 2
	}
	stop, err := o.profiles.start()
	if err != nil {
		fmt.Fprintf(stderr, "pubcheck: %v\n", err)
		return 1
	}
	defer func() {
		if err := stop(); err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
		}
	}()
	switch {
	case o.version:
		fmt.Fprintf(stdout, "pubcheck %s\n", version())
		return 0
	case o.explain != "":
		return explain(o.explain, stdout, stderr)
	case o.fix:
		return fix(args, o, stderr)
	}
	res, code := analyze(o, stderr)
	if res == nil {
		return code
	}
	if o.writeBaseline != "" {
		if err := writeBaseline(o.writeBaseline, res.findings); err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "pubcheck: %d findings recorded in %s\n", len(res.findings), o.writeBaseline)
		return code
	}
	if o.baseline != "" {
		known, err := readBaseline(o.baseline)
		if err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			return 1
		}
		res.findings = known.filter(res.findings)
	}
	if o.confirm.on {
		if c := confirm(o, res, stderr); code == 0 {
			code = c
		}
	}
	switch {
	case o.json:
		if err := printJSON(stdout, res); err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			return 1
		}
		res.confirm.printSummary(stderr)
		return code
	case o.sarif:
		if err := printSARIF(stdout, res); err != nil {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			return 1
		}
		res.confirm.printSummary(stderr)
		return code
	}
	printText(stderr, res, o.context)
	if code == 0 && (len(res.findings) > 0 || len(res.confirm.unmatched()) > 0) {
		code = 3
	}
	return code
}

// A finding is one diagnostic of a root package, with its position
// resolved.
type finding struct {
	pkg      string // package ID
	check    string
	pos, end token.Position
	fn       string // the enclosing function (Recv.Name or Name), or ""
	msg, url string
	related  []related
	fixes    []analysis.SuggestedFix
	fset     *token.FileSet
}

type related struct {
	pos, end token.Position
	msg      string
}

// A result is what an analysis found: findings in position order, and
// the packages that could not be analyzed.
type result struct {
	findings []*finding
	errors   []packageError
	confirm  *confirmation // with -confirm, what the tests showed
}

type packageError struct {
	pkg string // package ID, for JSON
	msg string
}

// analyze loads and analyzes the packages of o.patterns. It prints load
// and analysis errors (once each) and returns the findings with exit
// status 1 if there were such errors, else 0; a nil result when nothing
// could be analyzed.
func analyze(o *options, stderr io.Writer) (*result, int) {
	conf := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: o.tests}
	if o.tags != "" {
		conf.BuildFlags = []string{"-tags=" + o.tags}
	}
	initial, err := packages.Load(conf, o.patterns...)
	if err == nil && len(initial) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(o.patterns, " "))
		if outsideModule() {
			err = errors.New("go: go.mod file not found in current directory or any parent directory; see 'go help modules'")
		}
	}
	if err != nil {
		msg := loadError(err).Error()
		if !strings.HasPrefix(msg, "go: ") { // go's own words stand as they are
			msg = "pubcheck: " + msg
		}
		fmt.Fprintln(stderr, msg)
		return nil, 1
	}
	res := &result{}
	code := 0
	broken := reportLoadErrors(initial, res, stderr)
	if len(broken) > 0 {
		code = 1
	}
	seen := make(map[string]bool)
	load.RootsOnly(initial)
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, initial, nil)
	if err != nil {
		fmt.Fprintf(stderr, "pubcheck: %v\n", err)
		return nil, 1
	}
	dup := make(map[string]bool)
	for act := range graph.All() {
		if act.Analyzer != analyzer.Analyzer {
			continue
		}
		if act.Err != nil {
			if !broken[act.Package.PkgPath] {
				msg := fmt.Sprintf("%s: %v", act.Package.PkgPath, act.Err)
				if !seen[msg] {
					seen[msg] = true
					fmt.Fprintf(stderr, "pubcheck: %s\n", msg)
					res.errors = append(res.errors, packageError{act.Package.ID, act.Err.Error()})
				}
			}
			code = 1
			continue
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			f := newFinding(act.Package, d)
			// A package and its test variant report the same findings in
			// the files they share.
			key := fmt.Sprintf("%s|%s|%s", f.pos, f.check, f.msg)
			if dup[key] {
				continue
			}
			dup[key] = true
			res.findings = append(res.findings, f)
		}
	}
	slices.SortStableFunc(res.findings, func(a, b *finding) int {
		if c := strings.Compare(a.pos.Filename, b.pos.Filename); c != 0 {
			return c
		}
		if a.pos.Line != b.pos.Line {
			return a.pos.Line - b.pos.Line
		}
		if a.pos.Column != b.pos.Column {
			return a.pos.Column - b.pos.Column
		}
		return strings.Compare(a.check, b.check)
	})
	return res, code
}

// outsideModule reports whether the go command runs outside any module or
// workspace, where go list matches nothing and says why only on its
// standard error.
func outsideModule() bool {
	out, err := exec.Command("go", "env", "GOMOD", "GOWORK").Output()
	if err != nil {
		return false
	}
	f := strings.Fields(string(out))
	return len(f) == 1 && f[0] == os.DevNull
}

// reportLoadErrors prints, once per package and once per error, the
// errors that kept packages from loading or type-checking, and records
// them in res. It returns the import paths of those packages.
func reportLoadErrors(initial []*packages.Package, res *result, stderr io.Writer) map[string]bool {
	broken := make(map[string]bool)
	var order []string
	msgs := make(map[string][]string)
	seen := make(map[string]bool)
	packages.Visit(initial, nil, func(p *packages.Package) {
		typed := slices.ContainsFunc(p.Errors, func(e packages.Error) bool { return e.Kind != packages.ListError })
		for _, e := range p.Errors {
			// go list repeats the compiler's errors under a "# pkg"
			// header; the type checker's own are enough.
			if typed && e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") {
				continue
			}
			msg := e.Msg
			if e.Pos != "" && e.Pos != "-" {
				msg = relPos(e.Pos) + e.Msg
			}
			if seen[p.PkgPath+"\x00"+msg] {
				continue
			}
			seen[p.PkgPath+"\x00"+msg] = true
			if !broken[p.PkgPath] {
				broken[p.PkgPath] = true
				order = append(order, p.PkgPath)
			}
			msgs[p.PkgPath] = append(msgs[p.PkgPath], msg)
			res.errors = append(res.errors, packageError{p.ID, msg})
		}
	})
	const most = 10
	for _, path := range order {
		ms := msgs[path]
		if len(ms) == 1 {
			fmt.Fprintf(stderr, "pubcheck: %s not analyzed: %s\n", path, ms[0])
			continue
		}
		fmt.Fprintf(stderr, "pubcheck: %s not analyzed (%d errors):\n", path, len(ms))
		for i, m := range ms {
			if i == most {
				fmt.Fprintf(stderr, "\t(and %d more)\n", len(ms)-most)
				break
			}
			fmt.Fprintf(stderr, "\t%s\n", m)
		}
	}
	return broken
}

// loadError rewords the errors of go list that a user of go vet knows in
// go's own words.
func loadError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "go: go.mod file not found"); i >= 0 {
		return errors.New(strings.TrimSpace(strings.SplitN(msg[i:], "\n", 2)[0]))
	}
	return err
}

func newFinding(pkg *packages.Package, d analysis.Diagnostic) *finding {
	fset := pkg.Fset
	f := &finding{
		pkg:   pkg.ID,
		check: d.Category,
		pos:   fset.Position(d.Pos),
		msg:   d.Message,
		url:   d.URL,
		fixes: d.SuggestedFixes,
		fset:  fset,
		fn:    enclosingFunc(pkg, d.Pos),
	}
	if d.End.IsValid() {
		f.end = fset.Position(d.End)
	}
	for _, r := range d.Related {
		rel := related{pos: fset.Position(r.Pos), msg: r.Message}
		if r.End.IsValid() {
			rel.end = fset.Position(r.End)
		}
		f.related = append(f.related, rel)
	}
	return f
}

// enclosingFunc names the function declaration that contains pos: Name,
// or Recv.Name for a method.
func enclosingFunc(pkg *packages.Package, pos token.Pos) string {
	for _, file := range pkg.Syntax {
		if pos < file.FileStart || pos > file.FileEnd {
			continue
		}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || pos < fd.Pos() || pos > fd.End() {
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
	}
	return ""
}

// relPath returns file relative to the working directory when it is below
// it, as go vet prints it, else file.
func relPath(file string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(file) {
		return file
	}
	rel, err := filepath.Rel(wd, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return rel
}

// relPos renders a "file:line:col" position with a relative file and a
// trailing ": ".
func relPos(pos string) string {
	file, rest := pos, ""
	// The file may contain colons (Windows drives): split off the last
	// one or two numeric fields.
	for range 2 {
		i := strings.LastIndexByte(file, ':')
		if i < 0 || strings.Trim(file[i+1:], "0123456789") != "" {
			break
		}
		file, rest = file[:i], file[i:]+rest
	}
	return relPath(file) + rest + ": "
}

// posString renders a position with a relative file name.
func posString(p token.Position) string {
	if !p.IsValid() {
		return "-"
	}
	s := relPath(p.Filename)
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Column > 0 {
			s += fmt.Sprintf(":%d", p.Column)
		}
	}
	return s
}
