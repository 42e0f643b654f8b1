package main

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pubcheck/pubcheck/analyzer"
)

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
	verbose       bool
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
	fs.BoolVar(&o.tests, "test", true, "report findings in the packages' test files too (tests are always analyzed, as go vet does)")
	fs.BoolVar(&o.verbose, "v", false, "print the packages analyzed, not replayed from the build cache")
	fs.StringVar(&o.tags, "tags", "", "comma-separated list of build `tags`, as for go build")
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes, then report what is left")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, print the fixes as a diff instead of applying them")
	fs.StringVar(&o.baseline, "baseline", "", "report only the findings not recorded in `FILE` (see -write-baseline)")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record the current findings in `FILE`, report nothing")
	fs.StringVar(&o.explain, "explain", "", "print the documentation of `CHECK` and exit")
	fs.BoolVar(&o.version, "version", false, "print pubcheck's version and exit")
	fs.StringVar(&o.profiles.cpu, "cpuprofile", "", "write a CPU profile of the analysis (every package's, merged) to `FILE`")
	fs.StringVar(&o.profiles.mem, "memprofile", "", "write a heap profile of the analysis (every package's at its end, merged) to `FILE`")
	fs.StringVar(&o.profiles.trace, "trace", "", "write an execution trace of each package's analysis into directory `DIR`")
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
	switch {
	case o.version:
		fmt.Fprintf(stdout, "pubcheck %s\n", version())
		return 0
	case o.explain != "":
		return explain(o.explain, stdout, stderr)
	case o.fix:
		return fix(o, stdout, stderr)
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
	fixes    []jsonFix // edits in byte offsets
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
	pkg  string // package ID, for JSON
	msg  string
	unit bool // reported by pubcheck's unit (an analysis error), not by go vet
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
