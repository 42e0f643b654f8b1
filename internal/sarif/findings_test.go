package sarif_test

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"github.com/pubcheck/pubcheck/internal/load"
	"github.com/pubcheck/pubcheck/internal/sarif"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// analyze runs pubcheck as its standalone driver does on the packages
// matching patterns in dir, and returns what it reports as findings.
func analyze(t *testing.T, dir string, patterns ...string) []sarif.Finding {
	t.Helper()
	conf := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Dir: dir}
	pkgs, err := packages.Load(conf, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) == 0 {
		t.Fatalf("loading %v in %s failed", patterns, dir)
	}
	// Only the roots are loaded from source: analyze them alone, as
	// cmd/pubcheck does, and take the types of the others from export data.
	load.RootsOnly(pkgs)
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var fs []sarif.Finding
	for act := range graph.All() {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		if !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		resolve := func(p token.Pos) sarif.Position {
			if !p.IsValid() {
				return sarif.Position{}
			}
			q := fset.Position(p)
			return sarif.Position{File: q.Filename, Line: q.Line, Column: q.Column}
		}
		for _, d := range act.Diagnostics {
			f := sarif.Finding{Check: d.Category, Message: d.Message, URL: d.URL,
				Pos: resolve(d.Pos), End: resolve(d.End)}
			for _, r := range d.Related {
				f.Related = append(f.Related, sarif.Related{Pos: resolve(r.Pos), Message: r.Message})
			}
			for _, sf := range d.SuggestedFixes {
				fix := sarif.Fix{Message: sf.Message}
				for _, e := range sf.TextEdits {
					fix.Edits = append(fix.Edits, sarif.Edit{Pos: resolve(e.Pos), End: resolve(e.End), NewText: string(e.NewText)})
				}
				f.Fixes = append(f.Fixes, fix)
			}
			fs = append(fs, f)
		}
	}
	return fs
}

// tempModule writes a module of its own into a temporary directory: the
// GOPATH-style testdata of the mixedatomic fix, and a package whose
// findings stand on lines with text outside ASCII and next to a malformed
// directive. It returns the module's directory.
func tempModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	fix, err := os.ReadFile(filepath.Join("..", "..", "analyzer", "testdata", "src", "mixedatomicfix", "fix.go"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "mixedatomicfix", "fix.go"), string(fix))
	write(t, filepath.Join(dir, "wide", "wide.go"), wideSrc)
	return dir
}

// wideSrc has findings after characters of two and four bytes, which are
// one and two UTF-16 code units.
const wideSrc = `package wide

import (
	"fmt"
	"sync/atomic"
)

type counter struct{ n int64 }

func (c *counter) inc() { atomic.AddInt64(&c.n, 1) }

func (c *counter) run() {
	for i := 0; i < 4; i++ {
		go c.inc()
	}
}

func (c *counter) String() string { return fmt.Sprint("größe 𝔾: ", c.n) }

//pubcheck:ignore
func unused() {}
`

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
