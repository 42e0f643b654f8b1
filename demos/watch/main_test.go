package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pubcheck/pubcheck/demos/internal/racerun"
)

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string // "" for none
	}{
		{nil, ""},
		{[]string{"-count", "3", "-run", "flag|tear", "-v", "-update", "-gomaxprocs", "1", "-j", "1"}, ""},
		{[]string{"-count", "0"}, "-count must be at least 1, not 0"},
		{[]string{"-count=-2"}, "-count must be at least 1, not -2"},
		{[]string{"flagdata"}, `unexpected argument "flagdata": watch takes only flags`},
		{[]string{"-v", "extra", "-count", "2"}, `unexpected argument "extra": watch takes only flags`},
		{[]string{"-run", "("}, "-run: error parsing regexp: missing closing ): `(`"},
		{[]string{"-j", "0"}, "-j must be at least 1, not 0"},
		{[]string{"-gomaxprocs", "-1"}, "-gomaxprocs must be 0 or more, not -1"},
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
		{[]string{"-count", "x"}, `invalid value "x" for flag -count: parse error`},
	} {
		_, err := parseArgs(tc.args)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("parseArgs(%q): %v", tc.args, err)
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("parseArgs(%q) = %v; want %s", tc.args, err, tc.err)
		}
	}
	if _, err := parseArgs([]string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("parseArgs(-h) = %v; want flag.ErrHelp", err)
	}
	c, _ := parseArgs([]string{"-count", "3", "-run", "tear"})
	if c.count != 3 || !c.run.MatchString("tear") || c.run.MatchString("flagdata") {
		t.Errorf("parseArgs: got %+v", c)
	}
}

func TestTableWidth(t *testing.T) {
	rows := [][]string{
		{"demo", "broken", "fixed", "pubcheck on broken"},
		{"flagdata", "race 100/100", "clean 100/100, clean 100/100", strings.Repeat("a long message ", 20)},
		{"tear", "race", "clean", "short"},
	}
	for _, w := range []int{100, 60} {
		for _, l := range table(rows, w) {
			if n := utf8.RuneCountInString(l); n > w {
				t.Errorf("width %d: line of %d: %q", w, n, l)
			}
		}
	}
	lines := table(rows, 0)
	if !strings.HasSuffix(lines[1], strings.TrimSpace(strings.Repeat("a long message ", 20))) {
		t.Errorf("width 0 cut a line: %q", lines[1])
	}
	if got := cut("abcdef", 4); got != "abc…" {
		t.Errorf("cut = %q", got)
	}
}

func TestFinalLine(t *testing.T) {
	re := regexp.MustCompile(`^\d+ broken raced, \d+ fixed clean(, \d+ failed)?$`)
	for _, s := range []string{finalLine(9, 11, 0), finalLine(8, 11, 2)} {
		if !re.MatchString(s) {
			t.Errorf("final line %q does not match %s", s, re)
		}
	}
	if got := finalLine(9, 11, 0); got != "9 broken raced, 11 fixed clean" {
		t.Errorf("finalLine = %q", got)
	}
}

// TestCommand runs watch as a user does: a bad argument is one line on
// stderr and status 2; a run on one demo fits in 100 columns and ends with
// the summary line.
func TestCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs watch")
	}
	if err := racerun.RaceSupported(t.TempDir()); err != nil {
		t.Skipf("race detector unavailable: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "watch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"-count", "0"}, {"stray"}, {"-nope"}} {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 2 {
			t.Errorf("watch %q: exit status %d (%v); want 2", args, code, err)
		}
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "watch: ") || stdout.Len() > 0 {
			t.Errorf("watch %q: want one line on stderr, got stdout %q, stderr %q", args, stdout.String(), stderr.String())
		}
	}

	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "-run", "^handoff$")
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("watch -run ^handoff$: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}
	for _, l := range strings.Split(stdout.String()+stderr.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > width {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if last := lines[len(lines)-1]; last != "1 broken raced, 1 fixed clean" {
		t.Errorf("last line %q; want %q\n%s", last, "1 broken raced, 1 fixed clean", &stdout)
	}
}
