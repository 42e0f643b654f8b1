// Command watch builds every demo with the race detector, runs the broken
// and corrected programs, runs pubcheck on the broken ones, and prints a
// table of what each tool found. The pubcheck column shows the finding of
// the category the demo expects, or else the first finding, as
// "[category] file.go:line: message".
//
// Usage, from anywhere in the module:
//
//	go run ./demos/watch [-run regexp] [-count n]
//
// With -count n each program runs n times and the table shows how many runs
// the race detector flagged. watch exits with status 1 if a broken program
// with a data race was never flagged, a corrected program was flagged, or a
// program crashed or hung. Without cgo (or a C compiler) it cannot use the
// race detector; it says so and runs the programs plainly.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/pubcheck/pubcheck/demos"
	"github.com/pubcheck/pubcheck/demos/internal/racerun"
)

var (
	runFlag   = flag.String("run", "", "run only the demos whose name matches this regular expression")
	countFlag = flag.Int("count", 1, "run each program this many times")
)

func main() {
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./demos/watch [-run regexp] [-count n]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 || *countFlag < 1 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	ok, err := watch()
	if err != nil {
		fmt.Fprintf(os.Stderr, "watch: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("elapsed: %v\n", time.Since(start).Round(10*time.Millisecond))
	if !ok {
		os.Exit(1)
	}
}

// A tally is what the runs of one program came to.
type tally struct {
	runs, raced, clean int
	other              []string // runs that neither raced as a race binary does nor exited 0
	pairs              map[string]int
	last               string // the last line of the program's own output, from the last run
}

func watch() (bool, error) {
	re, err := regexp.Compile(*runFlag)
	if err != nil {
		return false, fmt.Errorf("-run: %v", err)
	}
	var selected []demos.Demo
	for _, d := range demos.All {
		if re.MatchString(d.Name) {
			selected = append(selected, d)
		}
	}
	if len(selected) == 0 {
		return false, fmt.Errorf("no demo matches -run %q", *runFlag)
	}
	root, err := racerun.ModuleRoot()
	if err != nil {
		return false, err
	}
	tmp, err := os.MkdirTemp("", "pubcheck-watch")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(tmp)
	ctx := context.Background()
	workers := runtime.GOMAXPROCS(0)

	race := true
	if err := racerun.RaceSupported(tmp); err != nil {
		race = false
		fmt.Fprintf(os.Stderr, "RACE DETECTOR UNAVAILABLE: go build -race failed (cgo disabled or no C compiler?);\n"+
			"running the demos without it: the table shows how they ran, not whether they race.\n%v\n\n", err)
	}

	// Build the demos and pubcheck together.
	var targets []racerun.Target
	for _, d := range selected {
		for _, v := range append([]string{"broken"}, d.Variants...) {
			targets = append(targets, racerun.Target{Demo: d.Name, Variant: v})
		}
	}
	var pubcheck string
	var pubcheckErr error
	var progress sync.Mutex
	var wg sync.WaitGroup
	wg.Go(func() {
		bin := filepath.Join(tmp, "pubcheck")
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/pubcheck")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			pubcheckErr = fmt.Errorf("%v\n%s", err, out)
			return
		}
		pubcheck = bin
	})
	how := "go build -race"
	if !race {
		how = "go build"
	}
	phase := time.Now()
	fmt.Fprintf(os.Stderr, "building %d programs with %s\n", len(targets), how)
	bins, buildErrs := racerun.BuildAll(ctx, root, tmp, targets, race, workers, func(t racerun.Target, d time.Duration, err error) {
		progress.Lock()
		defer progress.Unlock()
		if err != nil {
			fmt.Fprintf(os.Stderr, "  build %-26s FAILED\n%v\n", t, err)
			return
		}
		fmt.Fprintf(os.Stderr, "  build %-26s %v\n", t, d.Round(10*time.Millisecond))
	})
	wg.Wait()
	if pubcheckErr != nil {
		fmt.Fprintf(os.Stderr, "pubcheck did not build: %v\n", pubcheckErr)
	}

	// Run every program -count times, all runs sharing the workers.
	tallies := make(map[racerun.Target]*tally)
	remaining := make(map[racerun.Target]int)
	type job struct {
		t   racerun.Target
		bin string
	}
	jobs := make(chan job)
	fmt.Fprintf(os.Stderr, "built in %v; running each program %d time(s)\n", time.Since(phase).Round(10*time.Millisecond), *countFlag)
	phase = time.Now()
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				r := racerun.Run(ctx, j.bin, time.Minute)
				progress.Lock()
				tl := tallies[j.t]
				tl.add(r, race)
				remaining[j.t]--
				if remaining[j.t] == 0 {
					fmt.Fprintf(os.Stderr, "  run   %-26s %s\n", j.t, tl.summary(race))
				}
				progress.Unlock()
			}
		})
	}
	for _, t := range targets {
		if bins[t] == "" {
			continue
		}
		progress.Lock()
		tallies[t] = &tally{pairs: make(map[string]int)}
		remaining[t] = *countFlag
		progress.Unlock()
	}
	for i := 0; i < *countFlag; i++ {
		for _, t := range targets {
			if bins[t] != "" {
				jobs <- job{t, bins[t]}
			}
		}
	}
	close(jobs)
	wg.Wait()

	fmt.Fprintf(os.Stderr, "ran in %v; running pubcheck\n", time.Since(phase).Round(10*time.Millisecond))
	phase = time.Now()
	findings := make(map[string]string)
	if pubcheckErr != nil {
		for _, d := range selected {
			findings[d.Name] = "(pubcheck did not build)"
		}
	} else {
		findings = findingsFor(ctx, root, pubcheck, selected)
	}
	fmt.Fprintf(os.Stderr, "pubcheck done in %v\n", time.Since(phase).Round(10*time.Millisecond))

	// The table, and the verdict.
	var failures []string
	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "demo\tbroken\tfixed\twant check\tpubcheck on broken")
	for _, d := range selected {
		broken := racerun.Target{Demo: d.Name, Variant: "broken"}
		var fixed []string
		for _, v := range d.Variants {
			t := racerun.Target{Demo: d.Name, Variant: v}
			fixed = append(fixed, v+": "+cell(tallies[t], buildErrs[t], race))
			failures = append(failures, verdict(t, tallies[t], buildErrs[t], race, false)...)
		}
		want := d.Check
		if want == "" {
			want = "(none)"
		}
		b := cell(tallies[broken], buildErrs[broken], race)
		if tl := tallies[broken]; race && !d.Races && tl != nil && tl.last != "" {
			b += " (" + tl.last + ")" // the bug shows in the output instead
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Name, b, strings.Join(fixed, "; "), want, findings[d.Name])
		failures = append(failures, verdict(broken, tallies[broken], buildErrs[broken], race, d.Races)...)
	}
	tw.Flush()
	sort.Strings(failures)
	for _, f := range failures {
		fmt.Printf("FAIL: %s\n", f)
	}
	if !race {
		fmt.Println("note: built without -race; data races were not looked for")
	}
	return len(failures) == 0, nil
}

func (tl *tally) add(r racerun.Result, race bool) {
	tl.runs++
	switch {
	case r.TimedOut:
		tl.other = append(tl.other, fmt.Sprintf("timed out after %v", r.Elapsed.Round(time.Second)))
	case race && r.Raced():
		tl.raced++
		for _, p := range racerun.Pairs(r.Races) {
			tl.pairs[p]++
		}
	case r.ExitCode == 0 && !bytes.Contains(r.Output, []byte("WARNING: DATA RACE")):
		tl.clean++
	default:
		tl.other = append(tl.other, fmt.Sprintf("exit status %d: %s", r.ExitCode, lastLine(r.Output)))
	}
	if l := lastLine(programOutput(r.Output)); l != "" {
		tl.last = l
	}
}

// summary is the progress line for a program whose runs are all done.
func (tl *tally) summary(race bool) string {
	s := fmt.Sprintf("race %d/%d, clean %d/%d", tl.raced, tl.runs, tl.clean, tl.runs)
	if !race {
		s = fmt.Sprintf("exit 0 in %d/%d", tl.clean, tl.runs)
	}
	if len(tl.other) > 0 {
		s += fmt.Sprintf(", %d other (%s)", len(tl.other), tl.other[0])
	}
	return s
}

// cell is a program's entry in the table.
func cell(tl *tally, buildErr error, race bool) string {
	switch {
	case buildErr != nil:
		return "build failed"
	case tl == nil:
		return "not run"
	case len(tl.other) > 0:
		return fmt.Sprintf("%d/%d runs failed (%s)", len(tl.other), tl.runs, tl.other[0])
	case !race:
		return fmt.Sprintf("ran (exit 0): %s", tl.last)
	}
	rate := ""
	if tl.runs > 1 {
		rate = fmt.Sprintf(" %d/%d", tl.raced, tl.runs)
	}
	if tl.raced == 0 {
		if tl.runs > 1 {
			rate = fmt.Sprintf(" %d/%d", tl.clean, tl.runs)
		}
		return "clean" + rate
	}
	return fmt.Sprintf("race%s: %s", rate, topPairs(tl.pairs, 2))
}

// verdict says what is wrong with a program's runs, if anything.
func verdict(t racerun.Target, tl *tally, buildErr error, race, wantRace bool) []string {
	switch {
	case buildErr != nil:
		return []string{fmt.Sprintf("%s did not build", t)}
	case tl == nil:
		return []string{fmt.Sprintf("%s did not run", t)}
	}
	var v []string
	if len(tl.other) > 0 {
		v = append(v, fmt.Sprintf("%s: %d of %d runs crashed or hung: %s", t, len(tl.other), tl.runs, tl.other[0]))
	}
	if !race {
		return v
	}
	if wantRace && tl.raced == 0 {
		v = append(v, fmt.Sprintf("%s: the race detector never reported it (0/%d)", t, tl.runs))
	}
	if !wantRace && tl.raced > 0 {
		v = append(v, fmt.Sprintf("%s: the race detector reported it in %d/%d runs", t, tl.raced, tl.runs))
	}
	return v
}

// topPairs lists the n most frequent race position pairs.
func topPairs(pairs map[string]int, n int) string {
	keys := make([]string, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if pairs[keys[i]] != pairs[keys[j]] {
			return pairs[keys[i]] > pairs[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > n {
		return strings.Join(keys[:n], ", ") + fmt.Sprintf(", +%d more", len(keys)-n)
	}
	return strings.Join(keys, ", ")
}

// programOutput drops the race detector's reports and summary from out,
// leaving what the program itself printed.
func programOutput(out []byte) []byte {
	var keep bytes.Buffer
	inReport := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "==================":
			inReport = !inReport
		case inReport, strings.HasPrefix(line, "Found ") && strings.HasSuffix(line, "data race(s)"):
		default:
			keep.WriteString(line + "\n")
		}
	}
	return keep.Bytes()
}

func lastLine(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// A diagnostic is one finding in pubcheck's -json output.
type diagnostic struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	Message  string `json:"message"`
}

var position = regexp.MustCompile(`^(.+?):(\d+):(\d+)$`)

// findingsFor runs pubcheck -json once on the broken program of every demo
// and describes, for each demo, the finding of the category it expects
// ("[flagdata] main.go:34: ready set by ..."), or its first finding if none
// has that category, "-" if pubcheck found nothing, or what went wrong.
func findingsFor(ctx context.Context, root, pubcheck string, selected []demos.Demo) map[string]string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	args := []string{"-json"}
	for _, d := range selected {
		args = append(args, racerun.Target{Demo: d.Name, Variant: "broken"}.Pkg())
	}
	cmd := exec.CommandContext(ctx, pubcheck, args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()

	found := make(map[string]string)
	fail := func(why string) map[string]string {
		for _, d := range selected {
			found[d.Name] = why
		}
		return found
	}
	if err != nil {
		return fail(fmt.Sprintf("(pubcheck failed, %v: %s)", err, lastLine(stderr.Bytes())))
	}
	// package path -> analyzer name -> diagnostics, or {"error": ...}
	var result map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &result); err != nil {
		return fail(fmt.Sprintf("(unreadable pubcheck output: %v)", err))
	}
	for _, d := range selected {
		suffix := "/demos/" + d.Name + "/broken"
		var all []diagnostic
		found[d.Name] = "-"
		for pkg, byAnalyzer := range result {
			if !strings.HasSuffix(pkg, suffix) {
				continue
			}
			for _, raw := range byAnalyzer {
				var diags []diagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					var failed struct{ Error string }
					json.Unmarshal(raw, &failed)
					found[d.Name] = fmt.Sprintf("(pubcheck failed: %s)", failed.Error)
					continue
				}
				all = append(all, diags...)
			}
		}
		if len(all) > 0 {
			found[d.Name] = describe(all, d.Check)
		}
	}
	return found
}

// describe picks the diagnostic of category want, or else the first one.
func describe(all []diagnostic, want string) string {
	d := all[0]
	for _, x := range all {
		if want != "" && x.Category == want {
			d = x
			break
		}
	}
	pos := d.Posn
	if m := position.FindStringSubmatch(pos); m != nil {
		pos = filepath.Base(m[1]) + ":" + m[2]
	}
	s := fmt.Sprintf("[%s] %s: %s", d.Category, pos, d.Message)
	if len(all) > 1 {
		s += fmt.Sprintf(" (+%d more)", len(all)-1)
	}
	return s
}
