package plugin_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pubcheck/pubcheck/analyzer"
	"github.com/pubcheck/pubcheck/internal/load"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestGolangci builds golangci-lint with the plugin, as `golangci-lint
// custom` does (testdata/gcl), runs it on a copy of the examples, and checks
// that it reports what the analyzer reports on them, with every check and
// with doublecheck turned off in the settings, and that it refuses a
// setting pubcheck does not have.
func TestGolangci(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint")
	}
	gcl := buildGolangci(t)
	mod := copyExamples(t)
	cache := t.TempDir()

	all := analyze(t, mod, "all")
	noDoublecheck := analyze(t, mod, "all,-doublecheck")
	var doublecheck []issue
	for _, d := range all {
		if d.category == "doublecheck" {
			doublecheck = append(doublecheck, d.issues...)
		}
	}
	if len(doublecheck) == 0 || len(noDoublecheck) == 0 {
		t.Fatalf("the examples have %d doublecheck findings and %d others: nothing to compare", len(doublecheck), len(noDoublecheck))
	}

	gotAll := runGolangci(t, gcl, mod, cache, "")
	compare(t, "golangci-lint with every check", gotAll, issuesOf(all))

	gotNoDoublecheck := runGolangci(t, gcl, mod, cache, `checks: ["all", "-doublecheck"]`)
	compare(t, "golangci-lint with checks [all, -doublecheck]", gotNoDoublecheck, issuesOf(noDoublecheck))
	compare(t, "issues that turning doublecheck off removed", without(gotAll, gotNoDoublecheck), doublecheck)
	compare(t, "issues that turning doublecheck off added", without(gotNoDoublecheck, gotAll), nil)

	out, err := golangci(t, gcl, mod, cache, `chekcs: ["all"]`)
	if err == nil || !strings.Contains(out, `unknown field "chekcs"`) {
		t.Errorf("golangci-lint with the setting chekcs: %v, want an error naming the field; output:\n%s", err, out)
	}
}

// buildGolangci builds testdata/gcl and returns the executable. The build
// reads testdata/gcl/go.mod and go.sum through copies, so that -mod=mod
// leaves them alone when pubcheck's own requirements have moved on.
func buildGolangci(t *testing.T) string {
	t.Helper()
	src, err := filepath.Abs(filepath.Join("testdata", "gcl"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(dir, "gcl")
	// The flags of `golangci-lint custom`'s build, less the version it
	// stamps: see testdata/gcl/main.go.
	cmd := exec.Command("go", "build", "-mod=mod", "-modfile="+filepath.Join(dir, "go.mod"),
		"-buildvcs=false", "-ldflags=-s -w", "-o", exe, ".")
	cmd.Dir = src
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	t.Logf("built golangci-lint with the plugin in %v", time.Since(start).Round(time.Millisecond))
	return exe
}

// copyExamples copies ../examples into a module of its own in a temporary
// directory and returns the directory.
func copyExamples(t *testing.T) string {
	t.Helper()
	mod, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(mod, os.DirFS(filepath.Join("..", "examples"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module examples\n\ngo 1.26.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return mod
}

// An issue is one line of golangci-lint's report, as the test compares them.
type issue struct {
	file      string
	line, col int
	text      string
}

func (i issue) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", i.file, i.line, i.col, i.text)
}

func cmpIssues(a, b issue) int {
	return strings.Compare(a.String(), b.String())
}

// A finding is one diagnostic of the analyzer and the issues golangci-lint
// makes of it.
type finding struct {
	category string
	issues   []issue
}

func issuesOf(fs []finding) []issue {
	var is []issue
	for _, f := range fs {
		is = append(is, f.issues...)
	}
	return is
}

// analyze runs the analyzer on the packages of mod with -checks=checks,
// as the pubcheck command does: the packages from source, their
// dependencies from export data.
func analyze(t *testing.T, mod, checks string) []finding {
	t.Helper()
	keepChecks(t)
	if err := analyzer.Analyzer.Flags.Set("checks", checks); err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax, Dir: mod}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading the examples", n)
	}
	load.RootsOnly(pkgs)
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var fs []finding
	for act := range graph.All() {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		if act.IsRoot {
			for _, d := range act.Diagnostics {
				fs = append(fs, finding{d.Category, asIssues(act.Package.Fset, d)})
			}
		}
	}
	return fs
}

// asIssues turns d into golangci-lint's issues, as its goanalysis package
// does: one for the diagnostic and one for each related position, moved
// to the diagnostic's when it is in another file.
func asIssues(fset *token.FileSet, d analysis.Diagnostic) []issue {
	posn := fset.Position(d.Pos)
	is := []issue{{posn.Filename, posn.Line, posn.Column, d.Message}}
	for _, r := range d.Related {
		rp := fset.Position(r.Pos)
		if rp.Filename != posn.Filename {
			rp = posn
		}
		is = append(is, issue{rp.Filename, rp.Line, rp.Column, "pubcheck(related information): " + r.Message})
	}
	return is
}

// runGolangci runs gcl on the packages of mod with pubcheck's settings and
// returns what it reports.
func runGolangci(t *testing.T, gcl, mod, cache, settings string) []issue {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.json")
	out, err := golangci(t, gcl, mod, cache, settings, "--path-mode=abs", "--output.json.path="+report)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: issues found
		t.Fatalf("golangci-lint: %v\n%s", err, out)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var r struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	var is []issue
	for _, i := range r.Issues {
		if i.FromLinter != "pubcheck" {
			t.Errorf("issue from %s: %s", i.FromLinter, i.Text)
		}
		is = append(is, issue{i.Pos.Filename, i.Pos.Line, i.Pos.Column, i.Text})
	}
	return is
}

// golangci runs gcl in mod with pubcheck alone enabled and settings (YAML,
// one line) as its settings, and returns its combined output.
func golangci(t *testing.T, gcl, mod, cache, settings string, args ...string) (string, error) {
	t.Helper()
	config := filepath.Join(t.TempDir(), "golangci.yml")
	if settings != "" {
		settings = "\n        settings:\n          " + settings
	}
	// Every issue, related positions on a line with another issue included.
	yml := `version: "2"
linters:
  default: none
  enable:
    - pubcheck
  settings:
    custom:
      pubcheck:
        type: module
        description: unsynchronized publication between goroutines` + settings + `
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`
	if err := os.WriteFile(config, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gcl, append([]string{"run", "--config=" + config}, append(args, "./...")...)...)
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// without returns the issues of a not in b, counting repeats.
func without(a, b []issue) []issue {
	left := slices.Clone(b)
	var d []issue
	for _, i := range a {
		if k := slices.Index(left, i); k >= 0 {
			left = slices.Delete(left, k, k+1)
		} else {
			d = append(d, i)
		}
	}
	return d
}

// compare reports the differences between the issues got and want, in any
// order.
func compare(t *testing.T, what string, got, want []issue) {
	t.Helper()
	missing, extra := without(want, got), without(got, want)
	if len(missing)+len(extra) == 0 {
		return
	}
	slices.SortFunc(missing, cmpIssues)
	slices.SortFunc(extra, cmpIssues)
	var b strings.Builder
	for _, i := range missing {
		fmt.Fprintf(&b, "\n  missing:    %s", i)
	}
	for _, i := range extra {
		fmt.Fprintf(&b, "\n  unexpected: %s", i)
	}
	t.Errorf("%s:%s", what, b.String())
}
