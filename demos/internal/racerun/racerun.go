// Package racerun builds the demos, runs them and reads race reports. It is
// shared by the demo tests and the watch command so that both judge a run
// the same way.
package racerun

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// RaceExit is the status a race-enabled binary exits with after it has
// reported a data race (GORACE exitcode, 66 by default).
const RaceExit = 66

// Env is what every demo run appends to the environment: without it a
// race-enabled binary sleeps a second at exit before reporting.
const Env = "GORACE=atexit_sleep_ms=0"

// ModuleRoot returns the directory of the main module, asking the go
// command first and walking up to go.mod from the working directory if
// that fails or names several modules (in a workspace).
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if dir := strings.TrimSpace(string(out)); err == nil && dir != "" && !strings.Contains(dir, "\n") {
		return dir, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod found in the working directory or above")
		}
		dir = parent
	}
}

// RaceSupported builds a tiny program with -race in a fresh directory under
// tmp and returns why that failed (cgo disabled, no C compiler,
// unsupported platform), or nil.
func RaceSupported(tmp string) error {
	dir, err := os.MkdirTemp(tmp, "raceprobe")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"go.mod":  "module raceprobe\n",
		"main.go": "package main\n\nfunc main() {}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			return err
		}
	}
	cmd := exec.Command("go", "build", "-race", "-o", filepath.Join(dir, "probe"), ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build -race: %v\n%s", err, bytes.TrimSpace(out))
	}
	return nil
}

// A Target is one program to build: demos/<Demo>/<Variant>.
type Target struct {
	Demo    string
	Variant string // "broken", "fixed", ...
}

func (t Target) String() string { return t.Demo + "/" + t.Variant }

// Pkg is the target's package path relative to the module root.
func (t Target) Pkg() string { return "./demos/" + t.Demo + "/" + t.Variant }

// Build compiles t into outDir (with -race if race is set) from the module
// root and returns the path of the binary.
func Build(ctx context.Context, root, outDir string, t Target, race bool) (string, error) {
	bin := filepath.Join(outDir, t.Demo+"-"+t.Variant)
	args := []string{"build", "-o", bin}
	if race {
		args = append(args, "-race")
	}
	cmd := exec.CommandContext(ctx, "go", append(args, t.Pkg())...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, bytes.TrimSpace(out))
	}
	return bin, nil
}

// BuildAll builds every target with at most workers builds at a time and
// returns the binaries and errors by target. done, if not nil, is called
// after each build (from several goroutines at once).
func BuildAll(ctx context.Context, root, outDir string, targets []Target, race bool, workers int, done func(Target, time.Duration, error)) (map[Target]string, map[Target]error) {
	bins := make(map[Target]string)
	errs := make(map[Target]error)
	var mu sync.Mutex
	sem := make(chan struct{}, max(workers, 1))
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			start := time.Now()
			bin, err := Build(ctx, root, outDir, t, race)
			mu.Lock()
			if err != nil {
				errs[t] = err
			} else {
				bins[t] = bin
			}
			mu.Unlock()
			if done != nil {
				done(t, time.Since(start), err)
			}
		})
	}
	wg.Wait()
	return bins, errs
}

// A Result is one run of a demo binary.
type Result struct {
	ExitCode int    // -1 if the program did not exit by itself
	Output   []byte // stdout and stderr, interleaved
	Races    []Race // the race reports found in Output
	TimedOut bool
	Elapsed  time.Duration
}

// Raced reports whether the run looks like a race-enabled binary that found
// a race: the warning in its output and the race exit status.
func (r Result) Raced() bool {
	return r.ExitCode == RaceExit && bytes.Contains(r.Output, []byte("WARNING: DATA RACE"))
}

// Run runs bin with Env appended to the environment, killing it after
// timeout.
func Run(ctx context.Context, bin string, timeout time.Duration, args ...string) Result {
	return RunEnv(ctx, bin, timeout, nil, args...)
}

// RunEnv is Run with env ("GOMAXPROCS=1", ...) appended to the
// environment as well.
func RunEnv(ctx context.Context, bin string, timeout time.Duration, env []string, args ...string) Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(append(os.Environ(), Env), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	r := Result{ExitCode: cmd.ProcessState.ExitCode(), Elapsed: time.Since(start)}
	if cmd.ProcessState == nil { // it did not start
		fmt.Fprintf(&out, "\n%v\n", err)
	}
	r.TimedOut = ctx.Err() != nil
	r.Output = out.Bytes()
	r.Races = ParseRaces(r.Output)
	return r
}

// A Race is one race report reduced to the two source positions involved,
// as "file.go:line" (base name only). Current is the access that was being
// made when the race was found; Previous is the earlier one.
type Race struct {
	Current, Previous string
}

func (r Race) String() string { return orUnknown(r.Current) + " vs " + orUnknown(r.Previous) }

func orUnknown(pos string) string {
	if pos == "" {
		return "?"
	}
	return pos
}

// ParseRaces extracts the race reports from a race-enabled program's
// output. For each of the two accesses it takes the innermost stack frame
// that is not in the Go distribution (so an atomic.AddInt64 in the report
// is attributed to the line that called it). When the report has no such
// frame, as happens for some atomic operations, it names the innermost
// function instead ("sync/atomic.AddInt64()").
func ParseRaces(out []byte) []Race {
	var races []Race
	var r Race
	var slot *string    // the access being read, nil outside an access stack
	var fallback string // innermost function of the current stack
	finish := func() {
		if slot != nil && *slot == "" {
			*slot = fallback
		}
		slot, fallback = nil, ""
	}
	inReport := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "WARNING: DATA RACE":
			r, inReport = Race{}, true
			slot, fallback = &r.Current, ""
		case !inReport:
		case line == "==================":
			finish()
			races = append(races, r)
			inReport = false
		case strings.HasPrefix(line, "Previous "):
			finish()
			slot = &r.Previous
		case line == "":
			finish() // the creation stacks that follow are not part of the pair
		case slot == nil:
		case strings.HasPrefix(line, "      "):
			if pos, ok := userFrame(strings.TrimSpace(line)); ok && *slot == "" {
				*slot = pos
			}
		case strings.HasPrefix(line, "  ") && fallback == "":
			fallback = strings.TrimSpace(line)
		}
	}
	return races
}

// userFrame turns a report's position line ("/path/main.go:23 +0x1d") into
// "main.go:23", rejecting frames in the Go distribution (also as Normalize
// writes them) and generated code.
func userFrame(line string) (string, bool) {
	file, _, _ := strings.Cut(line, " ")
	if strings.HasPrefix(file, "<") || strings.HasPrefix(file, goroot()) || strings.HasPrefix(file, GorootMark) {
		return "", false
	}
	return filepath.Base(file), true
}

var goroot = sync.OnceValue(func() string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "\x00" // matches no file
	}
	return strings.TrimSpace(string(out)) + string(filepath.Separator)
})

// Pairs returns the distinct pairs of positions in races, in order of
// first appearance.
func Pairs(races []Race) []string {
	var pairs []string
	seen := make(map[string]bool)
	for _, r := range races {
		if s := r.String(); !seen[s] {
			seen[s] = true
			pairs = append(pairs, s)
		}
	}
	return pairs
}
