package demos_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pubcheck/pubcheck/demos"
	"github.com/pubcheck/pubcheck/demos/internal/racerun"
)

// TestTable checks that demos.All and the directories agree: every listed
// program exists, and every directory with a broken/ program is listed.
func TestTable(t *testing.T) {
	listed := make(map[string]bool)
	for _, d := range demos.All {
		listed[d.Name] = true
		for _, v := range append([]string{"broken"}, d.Variants...) {
			if _, err := os.Stat(filepath.Join(d.Name, v, "main.go")); err != nil {
				t.Errorf("%s: %v", d.Name, err)
			}
		}
		if _, err := os.Stat(filepath.Join(d.Name, "README.md")); err != nil {
			t.Errorf("%s: %v", d.Name, err)
		}
		if len(d.Variants) == 0 {
			t.Errorf("%s: no corrected variant", d.Name)
		}
		for v := range d.Prints {
			if !slices.Contains(d.Programs(), v) {
				t.Errorf("%s: Prints names %s, which is not one of its programs", d.Name, v)
			}
		}
	}
	dirs, err := filepath.Glob("*/broken/main.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range dirs {
		if name := filepath.Dir(filepath.Dir(f)); !listed[name] {
			t.Errorf("demo %s is not in demos.All", name)
		}
	}
}

// TestRace builds every demo with -race and runs it: a broken program with
// a data race must exit with status 66 after a race report, every corrected
// program must exit 0 without one.
func TestRace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every demo with -race")
	}
	root, err := racerun.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := racerun.RaceSupported(tmp); err != nil {
		t.Skipf("race detector unavailable, demos not checked: %v", err)
	}

	var targets []racerun.Target
	for _, d := range demos.All {
		for _, v := range append([]string{"broken"}, d.Variants...) {
			targets = append(targets, racerun.Target{Demo: d.Name, Variant: v})
		}
	}
	ctx := context.Background()
	workers := min(runtime.GOMAXPROCS(0), 4)
	bins, errs := racerun.BuildAll(ctx, root, tmp, targets, true, workers, nil)

	for _, d := range demos.All {
		for _, v := range append([]string{"broken"}, d.Variants...) {
			target := racerun.Target{Demo: d.Name, Variant: v}
			t.Run(target.String(), func(t *testing.T) {
				t.Parallel()
				if err := errs[target]; err != nil {
					t.Fatal(err)
				}
				r := racerun.Run(ctx, bins[target], time.Minute)
				if r.TimedOut {
					t.Fatalf("still running after %v:\n%s", r.Elapsed, r.Output)
				}
				raced := bytes.Contains(r.Output, []byte("WARNING: DATA RACE"))
				if want := d.Prints[v]; want != "" && !hasLine(r.Output, want) {
					t.Errorf("output has no line %q:\n%s", want, r.Output)
				}
				if v == "broken" {
					checkRaceExcerpt(t, root, target, r)
				}
				if v == "broken" && d.Races {
					if r.ExitCode != racerun.RaceExit || !raced {
						t.Fatalf("exit status %d, race report %v; want %d and a report:\n%s", r.ExitCode, raced, racerun.RaceExit, r.Output)
					}
					t.Logf("races: %v", racerun.Pairs(r.Races))
					return
				}
				if r.ExitCode != 0 || raced {
					t.Fatalf("exit status %d, race report %v; want 0 and none:\n%s", r.ExitCode, raced, r.Output)
				}
			})
		}
	}
}

func hasLine(out []byte, line string) bool {
	for _, l := range strings.Split(string(out), "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

// checkRaceExcerpt compares the race block of the demo's README with the
// run r of its broken program, in what does not change from run to run:
// the pairs of racing positions and the exit status.
func checkRaceExcerpt(t *testing.T, root string, target racerun.Target, r racerun.Result) {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(target.Demo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block, ok := demos.Block(string(readme), "race")
	if !ok {
		t.Fatalf("%s/README.md has no race block", target.Demo)
	}
	want := racerun.RaceSignature(block)
	got := racerun.RaceSignature(racerun.RaceExcerpt(target, r, root))
	if got != want {
		t.Errorf("%s/README.md shows other races than the program reports now (go run ./demos/watch -update rewrites it):\nREADME:\n%s\nrun:\n%s\n\n%s",
			target.Demo, want, got, r.Output)
	}
	if n := racerun.Normalize([]byte(block), root); n != block {
		t.Errorf("%s/README.md: the race block is not normalized (go run ./demos/watch -update)", target.Demo)
	}
}

// TestDiagrams checks each program's happens-before diagram against the
// program (every lane and rule named exists, every piece of code shown is
// in its source) and against the READMEs, which must hold the diagrams as
// generated.
func TestDiagrams(t *testing.T) {
	for name := range demos.Diagrams {
		if !slices.ContainsFunc(demos.All, func(d demos.Demo) bool { return d.Name == name }) {
			t.Errorf("Diagrams has %s, which is not in All", name)
		}
	}
	for _, d := range demos.All {
		for v := range demos.Diagrams[d.Name] {
			if !slices.Contains(d.Programs(), v) {
				t.Errorf("%s: Diagrams has %s, which is not one of its programs", d.Name, v)
			}
		}
		for _, v := range d.Programs() {
			diagram, ok := demos.Diagrams[d.Name][v]
			if !ok {
				t.Errorf("%s/%s: no diagram", d.Name, v)
				continue
			}
			checkDiagram(t, d.Name, v, diagram)
		}
		readme, err := os.ReadFile(filepath.Join(d.Name, "README.md"))
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := demos.Block(string(readme), "hb"); !ok || got != demos.HBBlock(d) {
			t.Errorf("%s/README.md: the hb block is missing or not as generated (go run ./demos/watch -update)", d.Name)
		}
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := demos.Block(string(readme), "thumbnails"); !ok || got != demos.ThumbnailsBlock() {
		t.Errorf("README.md: the thumbnails block is missing or not as generated (go run ./demos/watch -update)")
	}
}

func checkDiagram(t *testing.T, demo, variant string, d demos.Diagram) {
	t.Helper()
	src := source(t, demo, variant)
	outcomes := 0
	for i, s := range d.Steps {
		where := fmt.Sprintf("%s/%s step %d", demo, variant, i)
		lanes := []string{s.From}
		if s.Kind == demos.Edge || s.Kind == demos.NoEdge {
			lanes = append(lanes, s.To)
		}
		if s.Kind == demos.Outcome {
			outcomes++
			lanes = nil
		}
		for _, l := range lanes {
			if !slices.Contains(d.Lanes, l) {
				t.Errorf("%s: no lane %q", where, l)
			}
		}
		if _, ok := demos.Rules[s.Rule]; s.Rule != "" && !ok {
			t.Errorf("%s: no rule %q", where, s.Rule)
		}
		if s.Kind == demos.Edge && s.Rule == "" {
			t.Errorf("%s: an edge without its rule", where)
		}
		if s.Kind != demos.Outcome && !s.Event && !containsCode(src, s.Code) {
			t.Errorf("%s: %q is not in the program", where, s.Code)
		}
	}
	if outcomes != 1 {
		t.Errorf("%s/%s: %d outcome notes, want 1", demo, variant, outcomes)
	}
	noEdge := slices.ContainsFunc(d.Steps, func(s demos.Step) bool { return s.Kind == demos.NoEdge })
	if variant == "broken" && !noEdge {
		t.Errorf("%s/broken: the missing edge is not drawn", demo)
	}
	if variant != "broken" && noEdge {
		t.Errorf("%s/%s: a fix with a missing edge", demo, variant)
	}
}

// source is the Go source of a program and of the demo's own package, if
// it has one, one line per element.
func source(t *testing.T, demo, variant string) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{filepath.Join(demo, variant, "*.go"), filepath.Join(demo, "*.go")} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	var lines []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	return lines
}

// containsCode reports whether one line of src holds code, where "..." in
// code stands for any text.
func containsCode(src []string, code string) bool {
	parts := strings.Split(code, "...")
	for _, line := range src {
		rest, ok := line, true
		for _, p := range parts {
			i := strings.Index(rest, p)
			if i < 0 {
				ok = false
				break
			}
			rest = rest[i+len(p):]
		}
		if ok {
			return true
		}
	}
	return false
}

// TestPubcheckExcerpts runs pubcheck on every broken demo, as its README
// shows, and compares the output with the README's pubcheck block.
func TestPubcheckExcerpts(t *testing.T) {
	root, err := racerun.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	bin, err := racerun.BuildPubcheck(ctx, root, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range demos.All {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			got, err := racerun.PubcheckExcerpt(ctx, root, bin, racerun.Target{Demo: d.Name, Variant: "broken"})
			if err != nil {
				t.Fatal(err)
			}
			readme, err := os.ReadFile(filepath.Join(d.Name, "README.md"))
			if err != nil {
				t.Fatal(err)
			}
			block, ok := demos.Block(string(readme), "pubcheck")
			if want := "```\n" + got + "```\n"; !ok || block != want {
				t.Errorf("%s/README.md: the pubcheck block is not what pubcheck prints (go run ./demos/watch -update rewrites it)\nREADME:\n%s\npubcheck:\n%s", d.Name, block, want)
			}
		})
	}
}

// TestDiffExcerpts compares the diffs in the READMEs with the programs.
func TestDiffExcerpts(t *testing.T) {
	if _, err := exec.LookPath("diff"); err != nil {
		t.Skip("no diff command")
	}
	root, err := racerun.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range demos.All {
		readme, err := os.ReadFile(filepath.Join(d.Name, "README.md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range d.Variants {
			got, err := racerun.DiffExcerpt(context.Background(), root, racerun.Target{Demo: d.Name, Variant: v})
			if err != nil {
				t.Fatal(err)
			}
			block, ok := demos.Block(string(readme), "diff "+v)
			if want := "```diff\n" + got + "```\n"; !ok || block != want {
				t.Errorf("%s/README.md: the diff to %s is not the programs' (go run ./demos/watch -update rewrites it)", d.Name, v)
			}
		}
	}
}
