package demos_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
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
				if d.Name == "mutexorder" {
					checkEmptyReads(t, v, r.Output)
				}
			})
		}
	}
}

var emptyReads = regexp.MustCompile(`empty reads: (\d+) of (\d+) rounds`)

// checkEmptyReads checks the visible effect of mutexorder: without an
// ordering, the worker, which has a 1ms head start in each round, takes the
// lock first and reads an empty string in at least one of the rounds; with
// it, never.
func checkEmptyReads(t *testing.T, variant string, out []byte) {
	m := emptyReads.FindSubmatch(out)
	if m == nil {
		t.Fatalf("no %q line in output:\n%s", emptyReads, out)
	}
	empty, _ := strconv.Atoi(string(m[1]))
	switch {
	case variant == "broken" && empty == 0:
		t.Errorf("the worker never read an empty string; the demo shows nothing:\n%s", out)
	case variant != "broken" && empty != 0:
		t.Errorf("the worker read an empty string despite the fix:\n%s", out)
	}
	t.Logf("%s", m[0])
}
