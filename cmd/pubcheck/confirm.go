package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pubcheck/pubcheck/internal/racereport"
)

// -confirm: pubcheck's findings next to the race detector's reports.
//
// pubcheck never runs the code it analyzes, except with -confirm: then it
// runs the tests of the packages with findings (and of the packages named
// by -confirm.pkgs) under the race detector, with go test -race -json,
// parses every race report in their output, and matches each report to
// the findings by the lines of its two accesses. A finding that no report
// matches is looked up in a second run of the same tests, without -race,
// that measures coverage: whether the tests ran its lines at all. The runs
// are separate because coverage under -race counts with atomic
// operations, which the race detector takes for synchronization: a
// counter incremented in a function both goroutines call orders their
// accesses, and the race disappears.

// confirmOptions are the flags of -confirm.
type confirmOptions struct {
	on      bool
	run     string
	count   int
	timeout time.Duration
	pkgs    string
}

func addConfirmFlags(fs *flag.FlagSet, c *confirmOptions) {
	fs.BoolVar(&c.on, "confirm", false, "run the tests of the packages with findings under the race detector, and say of each finding whether a race report confirms it (this runs the code)")
	fs.StringVar(&c.run, "confirm.run", "", "with -confirm, run only the tests matching `REGEXP` (go test -run)")
	fs.IntVar(&c.count, "confirm.count", 1, "with -confirm, run each test `N` times (go test -count)")
	fs.DurationVar(&c.timeout, "confirm.timeout", 5*time.Minute, "with -confirm, stop the tests of a package after `D` (go test -timeout; 0: no limit)")
	fs.StringVar(&c.pkgs, "confirm.pkgs", "", "with -confirm, also run the tests of the packages `LIST` names, findings or not (patterns separated by commas)")
}

// check validates the -confirm flags against the others.
func (c *confirmOptions) check(fs *flag.FlagSet, o *options) error {
	var set []string // the -confirm.* flags given
	fs.Visit(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, "confirm.") {
			set = append(set, f.Name)
		}
	})
	switch {
	case !c.on && len(set) > 0:
		return fmt.Errorf("-%s needs -confirm", set[0])
	case !c.on:
		return nil
	case o.fix || o.writeBaseline != "":
		return errors.New("-confirm does not combine with -fix or -write-baseline")
	case c.count < 1:
		return fmt.Errorf("-confirm.count=%d: want 1 or more", c.count)
	case c.timeout < 0:
		return fmt.Errorf("-confirm.timeout=%v: want 0 (no limit) or more", c.timeout)
	}
	// go test takes a list of regexps separated by slashes, one per level
	// of subtests (a slash in brackets is no separator: then the whole).
	for _, re := range strings.Split(c.run, "/") {
		if _, err := regexp.Compile(re); err != nil {
			if _, whole := regexp.Compile(c.run); whole != nil {
				return fmt.Errorf("-confirm.run: %v", err)
			}
		}
	}
	return nil
}

// patterns returns the packages named by -confirm.pkgs.
func (c *confirmOptions) patterns() []string {
	return strings.FieldsFunc(c.pkgs, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

// Exit status of a -confirm run whose tests did not build, timed out or
// failed other than by a race report.
const exitTestsFailed = 4

// gorace is what -confirm adds to GORACE: go on after the first report
// (every race of a test run is wanted, not only the first), and do not
// sleep a second at the exit of each test binary. A user's GORACE comes
// after it, and its options win.
const gorace = "halt_on_error=0 atexit_sleep_ms=0"

// goraceValue returns GORACE for the race run, given the user's.
func goraceValue(user string) string {
	if user = strings.TrimSpace(user); user != "" {
		return gorace + " " + user
	}
	return gorace
}

// confirm runs the tests for res's findings under the race detector and
// records in res.confirm what they showed. It prints the problems of the
// test runs on stderr and returns 0, or exitTestsFailed when tests did not
// build, did not finish or failed other than by a race, or 1 when the go
// command could not be run at all.
func confirm(o *options, res *result, stderr io.Writer) int {
	c := &confirmation{status: make(map[*finding]*findingStatus), src: make(map[string][]string)}
	res.confirm = c
	c.findings = res.findings
	named := o.confirm.patterns()
	var pkgs []string
	for _, f := range res.findings {
		if p := testedPackage(f.pkg); !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
		}
	}
	if len(pkgs) == 0 && len(named) == 0 {
		c.skipped = "no findings"
		return 0
	}
	// noRun gives every finding the status unknown.
	noRun := func(err error) int {
		fmt.Fprintf(stderr, "pubcheck: -confirm: %v\n", err)
		c.pkgs = make(map[string]*testPackage)
		c.decide()
		var ee *exec.Error
		if errors.As(err, &ee) {
			return 1 // no go command
		}
		return exitTestsFailed
	}
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return noRun(err)
	}
	c.goroot = goroot
	c.dirs = listDirs(o, res.findings)
	var what []string
	if len(pkgs) > 0 {
		what = append(what, fmt.Sprintf("%d %s with findings", len(pkgs), plural(len(pkgs), "package", "packages")))
	}
	what = append(what, named...)
	fmt.Fprintf(stderr, "pubcheck: running the tests of %s under the race detector\n", strings.Join(what, " and "))
	raceRun, err := goTest(o, append(slices.Clone(pkgs), named...), []string{"-race", "-count=" + strconv.Itoa(o.confirm.count)}, true)
	if err != nil {
		return noRun(err)
	}
	c.pkgs = raceRun.pkgs
	code := 0
	if raceRun.report(stderr) {
		code = exitTestsFailed
	}
	c.collectRaces(raceRun)
	c.match()

	// Coverage, for the findings no race report confirms.
	var coverPkgs []string
	for _, f := range res.findings {
		if c.status[f] != nil {
			continue
		}
		if tp := raceRun.pkgs[testedPackage(f.pkg)]; tp == nil || tp.broken() {
			continue
		}
		for _, p := range c.findingPackages(f) {
			if !slices.Contains(coverPkgs, p) {
				coverPkgs = append(coverPkgs, p)
			}
		}
	}
	if len(coverPkgs) > 0 {
		var tests []string
		for _, p := range append(slices.Clone(pkgs), named...) {
			if tp := raceRun.pkgs[p]; tp != nil && tp.broken() {
				continue // it would fail again, or time out again
			}
			tests = append(tests, p)
		}
		c.coverage, err = coverage(o, tests, coverPkgs, c.dirs)
		if err != nil {
			fmt.Fprintf(stderr, "pubcheck: -confirm: measuring coverage: %v\n", err)
			code = exitTestsFailed
		}
	}
	c.decide()
	return code
}

// testedPackage returns the import path of the package whose tests hold
// the package with ID id: "p [p.test]" and "p_test [p.test]" are p's.
func testedPackage(id string) string {
	path, variant, ok := strings.Cut(id, " [")
	if !ok {
		return path
	}
	return strings.TrimSuffix(strings.TrimSuffix(variant, "]"), ".test")
}

// goEnv returns the value of the go command's variable name.
func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// listDirs maps the directories of the findings' files to their import
// paths and back, to read coverage profiles (which name files by import
// path) and stacks built with -trimpath.
func listDirs(o *options, findings []*finding) *dirMap {
	m := &dirMap{path: make(map[string]string), dir: make(map[string]string)}
	var dirs []string
	for _, f := range findings {
		for _, p := range findingPositions(f) {
			if d := filepath.Dir(p.file); !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
	}
	if len(dirs) == 0 {
		return m
	}
	args := []string{"list", "-e", "-f", "{{.Dir}}\t{{.ImportPath}}"}
	if o.tags != "" {
		args = append(args, "-tags="+o.tags)
	}
	out, err := exec.Command("go", append(args, dirs...)...).Output()
	if err != nil {
		return m
	}
	for line := range strings.Lines(string(out)) {
		dir, path, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if ok && dir != "" && path != "" {
			m.path[dir] = path
			m.dir[path] = dir
		}
	}
	return m
}

// A dirMap maps package directories to import paths and back.
type dirMap struct {
	path map[string]string // dir -> import path
	dir  map[string]string // import path -> dir
}

// file returns the absolute name of a file that coverage profiles and
// -trimpath stacks name by import path ("example.com/m/p/f.go"), or name
// itself.
func (m *dirMap) file(name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	slash := filepath.ToSlash(name)
	if i := strings.LastIndexByte(slash, '/'); i > 0 {
		if d, ok := m.dir[slash[:i]]; ok {
			return filepath.Join(d, slash[i+1:])
		}
	}
	return name
}

// A testRun is what one go test -json run printed, package by package.
type testRun struct {
	pkgs  map[string]*testPackage
	order []string
	// stderr is what the go command printed on its standard error
	// (patterns that match nothing, for example).
	stderr string
}

// A testPackage is the output of the tests of one package.
type testPackage struct {
	path        string
	lines       []string // the race reports in the output, line by line
	tests       []string // the test each line was printed under, or ""
	inReport    bool     // the last line was part of a race report
	tail        []string // the last lines of the output that are not blank
	buildOutput []string
	buildFailed bool
	noTests     bool
	failed      bool
	failedTests []string
	raced       map[string]bool // tests the testing package failed for a race
	ran         map[string]bool // tests that started
	timeout     string          // the panic line of a timeout, and the tests it names
	partial     string          // a line of output not yet ended by a newline
	partialTest string
}

// testEvent is an event of go test -json (cmd/test2json).
type testEvent struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string // of build output
	FailedBuild string
}

// goTest runs go test -json on pkgs with the flags of -confirm and extra,
// and returns what it printed. With race, GORACE gets gorace.
func goTest(o *options, pkgs, extra []string, race bool) (*testRun, error) {
	args := []string{"test", "-json"}
	args = append(args, extra...)
	args = append(args, "-timeout="+o.confirm.timeout.String())
	if o.confirm.run != "" {
		args = append(args, "-run="+o.confirm.run)
	}
	if o.tags != "" {
		args = append(args, "-tags="+o.tags)
	}
	args = append(args, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Env = os.Environ()
	if race {
		cmd.Env = append(cmd.Env, "GORACE="+goraceValue(os.Getenv("GORACE")))
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	run := &testRun{pkgs: make(map[string]*testPackage)}
	buildOutput := make(map[string][]string)
	sc := bufio.NewScanner(stdout)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e testEvent
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		if e.Action == "build-output" {
			// The compiler's errors, under a "# package" header.
			if line := strings.TrimSuffix(e.Output, "\n"); !strings.HasPrefix(line, "# ") {
				buildOutput[e.ImportPath] = append(buildOutput[e.ImportPath], line)
			}
			continue
		}
		if e.Package == "" {
			continue
		}
		p := run.pkgs[e.Package]
		if p == nil {
			p = &testPackage{path: e.Package, raced: make(map[string]bool), ran: make(map[string]bool)}
			run.pkgs[e.Package] = p
			run.order = append(run.order, e.Package)
		}
		p.event(e, buildOutput)
	}
	err = cmd.Wait()
	run.stderr = strings.TrimSpace(stderr.String())
	for _, p := range run.pkgs {
		p.flush()
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return nil, err
	}
	if err != nil && len(run.pkgs) == 0 {
		// Nothing ran: go test stopped before any package (a pattern that
		// matches nothing, a flag it rejects).
		msg := run.stderr
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("go test: %s", msg)
	}
	return run, nil
}

var (
	timeoutRE = regexp.MustCompile(`^panic: test timed out after (\S+)`)
	// Not anchored: the output of the test may precede it on its line.
	raceFail = regexp.MustCompile(`testing\.go:\d+: race detected during execution of test$`)
)

func (p *testPackage) event(e testEvent, buildOutput map[string][]string) {
	switch e.Action {
	case "run":
		p.ran[e.Test] = true
	case "skip":
		if e.Test == "" {
			p.noTests = true
		}
	case "fail":
		switch {
		case e.FailedBuild != "":
			p.buildFailed = true
			p.buildOutput = append(p.buildOutput, buildOutput[e.FailedBuild]...)
		case e.Test != "":
			p.failedTests = append(p.failedTests, e.Test)
		default:
			p.failed = true
		}
	case "output":
		text := p.partial + e.Output
		test := e.Test
		if p.partial != "" {
			test = p.partialTest
		}
		p.partial, p.partialTest = "", ""
		for text != "" {
			line, rest, ok := strings.Cut(text, "\n")
			if !ok {
				p.partial, p.partialTest = line, test
				break
			}
			p.line(line, test)
			text = rest
		}
	}
}

func (p *testPackage) flush() {
	if p.partial != "" {
		p.line(p.partial, p.partialTest)
		p.partial = ""
	}
}

// line takes one line of the output of p's tests, printed under test.
// Only race reports are kept, and the last lines (verbose tests print a
// lot).
func (p *testPackage) line(line, test string) {
	if strings.TrimRight(line, "\r") == "WARNING: DATA RACE" {
		p.inReport = true
	}
	if p.inReport {
		p.lines = append(p.lines, line)
		p.tests = append(p.tests, test)
		if strings.TrimRight(line, "\r") == "==================" {
			p.inReport = false
		}
	}
	if strings.TrimSpace(line) != "" {
		const most = 10
		if len(p.tail) == most {
			p.tail = slices.Delete(p.tail, 0, 1)
		}
		p.tail = append(p.tail, line)
	}
	switch {
	case raceFail.MatchString(line):
		p.raced[test] = true
	case strings.Contains(line, "[setup failed]"):
		// The reason came as build output.
		p.buildFailed = true
	case timeoutRE.MatchString(line):
		p.timeout = strings.TrimPrefix(line, "panic: ")
	case p.timeout != "" && strings.HasPrefix(line, "\t\t") && !strings.Contains(p.timeout, "running "):
		// The first test the timeout panic lists as running.
		p.timeout += " (running " + strings.Fields(line)[0] + ")"
	}
}

// broken reports whether the tests of p did not build or did not finish.
func (p *testPackage) broken() bool { return p.buildFailed || p.timeout != "" }

// failure describes why the tests of p failed other than by a race report,
// or returns "".
func (p *testPackage) failure() string {
	switch {
	case p.buildFailed:
		msg := "tests did not build"
		if len(p.buildOutput) > 0 {
			msg += ":\n\t" + strings.Join(firstLines(p.buildOutput, 10), "\n\t")
		}
		return msg
	case p.timeout != "":
		return "tests stopped: " + p.timeout
	}
	var other []string
	for _, t := range p.failedTests {
		if !p.racedIn(t) {
			other = append(other, t)
		}
	}
	if len(other) > 0 {
		return fmt.Sprintf("%s failed, not by a race report", strings.Join(firstLines(other, 5), ", "))
	}
	if p.failed && len(p.failedTests) == 0 && len(racereport.Parse(p.lines)) == 0 {
		// The test binary failed outside any test (TestMain, init, a
		// crash): show the end of its output.
		return "tests failed:\n\t" + strings.Join(p.tail, "\n\t")
	}
	return ""
}

// racedIn reports whether test t failed because of a race report: the
// testing package says so in t itself, in one of its subtests, or in a test
// above it.
func (p *testPackage) racedIn(t string) bool {
	for r := range p.raced {
		if r == t || strings.HasPrefix(r, t+"/") || strings.HasPrefix(t, r+"/") {
			return true
		}
	}
	return false
}

func firstLines(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	return append(slices.Clone(lines[:n]), fmt.Sprintf("(and %d more)", len(lines)-n))
}

// report prints on stderr why the tests of each package failed other than
// by a race report, and reports whether any did.
func (r *testRun) report(stderr io.Writer) bool {
	bad := false
	for _, path := range r.order {
		if msg := r.pkgs[path].failure(); msg != "" {
			fmt.Fprintf(stderr, "pubcheck: %s: %s\n", path, msg)
			bad = true
		}
	}
	if r.stderr != "" {
		// Warnings of the go command (a pattern that matched no packages).
		for line := range strings.Lines(r.stderr) {
			fmt.Fprintf(stderr, "pubcheck: %s\n", strings.TrimSpace(line))
		}
	}
	return bad
}

// coverage runs the tests of pkgs again, without -race, measuring which
// statements of coverPkgs ran, and returns the lines that ran and did not,
// by absolute file name.
func coverage(o *options, pkgs, coverPkgs []string, dirs *dirMap) (*coverData, error) {
	dir, err := os.MkdirTemp("", "pubcheck-cover")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	profile := filepath.Join(dir, "cover.out")
	run, err := goTest(o, pkgs, []string{"-count=1", "-covermode=set", "-coverpkg=" + strings.Join(coverPkgs, ","), "-coverprofile=" + profile}, false)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(profile)
	if err != nil {
		return nil, fmt.Errorf("no coverage profile: %v", err)
	}
	cd := &coverData{ran: make(map[lineKey]bool), seen: make(map[lineKey]bool), run: run}
	for line := range strings.Lines(string(data)) {
		// file:startLine.startCol,endLine.endCol statements count
		m := profileRE.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		start, _ := strconv.Atoi(m[2])
		end, _ := strconv.Atoi(m[3])
		count, _ := strconv.Atoi(m[4])
		file := dirs.file(m[1])
		for l := start; l <= end; l++ {
			k := lineKey{file, l}
			cd.seen[k] = true
			if count > 0 {
				cd.ran[k] = true
			}
		}
	}
	return cd, nil
}

var profileRE = regexp.MustCompile(`^(.+):(\d+)\.\d+,(\d+)\.\d+ \d+ (\d+)$`)

// coverData is what a coverage profile says of each line: that a
// statement on it ran, or that statements on it were measured.
type coverData struct {
	ran, seen map[lineKey]bool
	run       *testRun
}

type lineKey struct {
	file string
	line int
}
