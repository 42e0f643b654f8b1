// Command watch builds every demo with the race detector, runs the broken
// and corrected programs, runs pubcheck on the broken ones, and prints a
// table of what each tool found, at most 100 columns wide (-v: everything,
// however wide). Its last line says how it went, for a log to grep:
//
//	9 broken raced, 11 fixed clean
//
// followed by ", N failed" when something went wrong. A broken program
// "raced" when the race detector reported it in every run; a fixed one is
// "clean" when no run was reported and every run exited 0.
//
// Usage, from anywhere in the module:
//
//	go run ./demos/watch [-run regexp] [-count n] [-gomaxprocs n] [-j n] [-v] [-update]
//
// With -count n each program runs n times and the table shows how many runs
// the race detector flagged. -gomaxprocs sets GOMAXPROCS for the programs
// (not for watch). -update rewrites the generated parts of the demo READMEs
// from the runs: the happens-before diagrams (from demos/diagrams.go), the
// pubcheck output, the diffs from broken to fixed, and the race detector's
// output, normalized (see Normalize in demos/internal/racerun); a race
// excerpt whose racing positions and exit status have not changed is kept
// as it is.
//
// watch exits with status 1 if a broken program with a data race was not
// flagged in every run, a corrected program was flagged, a program did not
// print what its demo expects, or a program crashed or hung; 2 for bad
// arguments. Without cgo (or a C compiler) it cannot use the race
// detector; it says so and runs the programs plainly.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pubcheck/pubcheck/demos"
	"github.com/pubcheck/pubcheck/demos/internal/racerun"
)

const usageLine = "usage: go run ./demos/watch [-run regexp] [-count n] [-gomaxprocs n] [-j n] [-v] [-update]"

// width is the widest line watch prints without -v.
const width = 100

// A config is what the command line asked for.
type config struct {
	run        *regexp.Regexp
	count      int
	gomaxprocs int
	jobs       int
	verbose    bool
	update     bool
}

// flags defines watch's flags on a new FlagSet that reports errors to its
// caller and prints nothing.
func flags() (*flag.FlagSet, func() config) {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := config{}
	run := fs.String("run", "", "run only the demos whose name matches this regular expression")
	fs.IntVar(&c.count, "count", 1, "run each program this many times")
	fs.IntVar(&c.gomaxprocs, "gomaxprocs", 0, "set GOMAXPROCS for the programs (0: leave it unset)")
	fs.IntVar(&c.jobs, "j", runtime.GOMAXPROCS(0), "run this many programs at a time")
	fs.BoolVar(&c.verbose, "v", false, "show every build and run, race positions and whole messages")
	fs.BoolVar(&c.update, "update", false, "rewrite the generated parts of the demo READMEs")
	return fs, func() config {
		c.run = regexp.MustCompile(*run) // checked by parseArgs
		return c
	}
}

// parseArgs reads the command line. The error is one line, fit to print
// after "watch: "; flag.ErrHelp means -h.
func parseArgs(args []string) (config, error) {
	fs, get := flags()
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if _, err := regexp.Compile(fs.Lookup("run").Value.String()); err != nil {
		return config{}, fmt.Errorf("-run: %v", err)
	}
	c := get()
	switch {
	case fs.NArg() > 0:
		return config{}, fmt.Errorf("unexpected argument %q: watch takes only flags", fs.Arg(0))
	case c.count < 1:
		return config{}, fmt.Errorf("-count must be at least 1, not %d", c.count)
	case c.gomaxprocs < 0:
		return config{}, fmt.Errorf("-gomaxprocs must be 0 or more, not %d", c.gomaxprocs)
	case c.jobs < 1:
		return config{}, fmt.Errorf("-j must be at least 1, not %d", c.jobs)
	}
	return c, nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, usageLine)
	fs, _ := flags()
	fs.SetOutput(w)
	fs.PrintDefaults()
}

func main() {
	c, err := parseArgs(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		usage(os.Stdout)
		return
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "watch: %v (go run ./demos/watch -h for help)\n", err)
		os.Exit(2)
	}
	ok, err := watch(c, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "watch: %v\n", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

// A tally is what the runs of one program came to.
type tally struct {
	runs, raced, clean int
	other              []string // runs that neither raced as a race binary does nor exited 0
	missing            int      // runs that did not print the demo's expected line
	pairs              map[string]int
	signatures         map[string]int // by racerun.RaceSignature, the racing positions of a run
	last               string         // the last line of the program's own output, from the last run
	result             racerun.Result // the last run
}

// A printer writes lines cut to width (0: not cut).
type printer struct {
	w     io.Writer
	width int
}

func (p printer) println(s string) {
	fmt.Fprintln(p.w, cut(s, p.width))
}

func (p printer) printf(format string, args ...any) {
	p.println(fmt.Sprintf(format, args...))
}

func watch(c config, stdout, stderr io.Writer) (bool, error) {
	start := time.Now()
	var selected []demos.Demo
	for _, d := range demos.All {
		if c.run.MatchString(d.Name) {
			selected = append(selected, d)
		}
	}
	if len(selected) == 0 {
		return false, fmt.Errorf("no demo matches -run %q", c.run)
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
	w := 0
	if !c.verbose {
		w = width
	}
	out, log := printer{stdout, w}, printer{stderr, w}

	race := true
	if err := racerun.RaceSupported(tmp); err != nil {
		race = false
		log.println("RACE DETECTOR UNAVAILABLE: go build -race failed (cgo disabled, no C compiler?)")
		log.println("the programs run without it: the table shows how they ran, not whether they race")
		if c.verbose {
			log.println(err.Error())
		}
	}
	if c.update && !race {
		return false, errors.New("-update needs the race detector")
	}

	// Build the demos and pubcheck together.
	var targets []racerun.Target
	for _, d := range selected {
		for _, v := range d.Programs() {
			targets = append(targets, racerun.Target{Demo: d.Name, Variant: v})
		}
	}
	var pubcheck string
	var pubcheckErr error
	var progress sync.Mutex
	var wg sync.WaitGroup
	wg.Go(func() { pubcheck, pubcheckErr = racerun.BuildPubcheck(ctx, root, tmp) })
	how := "go build -race"
	if !race {
		how = "go build"
	}
	phase := time.Now()
	log.printf("building %d programs with %s", len(targets), how)
	bins, buildErrs := racerun.BuildAll(ctx, root, tmp, targets, race, c.jobs, func(t racerun.Target, d time.Duration, err error) {
		progress.Lock()
		defer progress.Unlock()
		switch {
		case err != nil:
			log.printf("  build %-26s FAILED", t)
			for _, l := range strings.Split(err.Error(), "\n") {
				log.println("    " + l)
			}
		case c.verbose:
			log.printf("  build %-26s %v", t, d.Round(10*time.Millisecond))
		}
	})
	wg.Wait()
	if pubcheckErr != nil {
		log.printf("pubcheck did not build: %v", firstLine(pubcheckErr.Error()))
	}

	// Run every program c.count times, all runs sharing the workers.
	var env []string
	if c.gomaxprocs > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(c.gomaxprocs))
	}
	prints := make(map[racerun.Target]string)
	for _, d := range selected {
		for v, line := range d.Prints {
			prints[racerun.Target{Demo: d.Name, Variant: v}] = line
		}
	}
	tallies := make(map[racerun.Target]*tally)
	remaining := make(map[racerun.Target]int)
	type job struct {
		t   racerun.Target
		bin string
	}
	jobs := make(chan job)
	log.printf("built in %v; running each program %d time(s)%s", time.Since(phase).Round(10*time.Millisecond), c.count, envNote(env))
	phase = time.Now()
	for range c.jobs {
		wg.Go(func() {
			for j := range jobs {
				r := racerun.RunEnv(ctx, j.bin, time.Minute, env)
				progress.Lock()
				tl := tallies[j.t]
				tl.add(r, race, prints[j.t])
				remaining[j.t]--
				if remaining[j.t] == 0 && c.verbose {
					log.printf("  run   %-26s %s", j.t, tl.summary(race))
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
		tallies[t] = &tally{pairs: make(map[string]int), signatures: make(map[string]int)}
		remaining[t] = c.count
		progress.Unlock()
	}
	for range c.count {
		for _, t := range targets {
			if bins[t] != "" {
				jobs <- job{t, bins[t]}
			}
		}
	}
	close(jobs)
	wg.Wait()

	log.printf("ran in %v; running pubcheck", time.Since(phase).Round(10*time.Millisecond))
	findings := make(map[string][]diagnostic)
	findErr := make(map[string]string)
	if pubcheckErr != nil {
		for _, d := range selected {
			findErr[d.Name] = "(pubcheck did not build)"
		}
	} else {
		findings, findErr = findingsFor(ctx, root, pubcheck, selected)
	}

	// The table, and the verdict.
	var failures, notes []string
	var rows [][]string
	if c.verbose {
		rows = append(rows, []string{"demo", "broken", "fixed", "want check", "pubcheck on broken"})
	} else {
		rows = append(rows, []string{"demo", "broken", "fixed", "pubcheck on broken"})
	}
	brokenRaced, fixedClean := 0, 0
	for _, d := range selected {
		broken := racerun.Target{Demo: d.Name, Variant: "broken"}
		var fixed []string
		for _, v := range d.Variants {
			t := racerun.Target{Demo: d.Name, Variant: v}
			cl := cell(tallies[t], buildErrs[t], race, c.verbose)
			if c.verbose {
				cl = v + ": " + cl
			}
			fixed = append(fixed, cl)
			f := verdict(t, tallies[t], buildErrs[t], race, false, prints[t])
			failures = append(failures, f...)
			if tl := tallies[t]; len(f) == 0 && tl != nil && tl.clean == tl.runs {
				fixedClean++
			}
		}
		b := cell(tallies[broken], buildErrs[broken], race, c.verbose)
		if tl := tallies[broken]; race && !d.Races && tl != nil {
			notes = append(notes, fmt.Sprintf("%s: no data race; the bug shows in its output: %s", broken, tl.last))
		}
		f := verdict(broken, tallies[broken], buildErrs[broken], race, d.Races, prints[broken])
		failures = append(failures, f...)
		if tl := tallies[broken]; len(f) == 0 && d.Races && tl != nil && tl.raced == tl.runs {
			brokenRaced++
		}
		found := findErr[d.Name]
		if found == "" {
			found = describe(findings[d.Name], d.Check, c.verbose)
		}
		if c.verbose {
			want := d.Check
			if want == "" {
				want = "(none)"
			}
			rows = append(rows, []string{d.Name, b, strings.Join(fixed, "; "), want, found})
		} else {
			rows = append(rows, []string{d.Name, b, strings.Join(fixed, ", "), found})
		}
	}
	for _, l := range table(rows, w) {
		fmt.Fprintln(stdout, l)
	}
	for _, n := range notes {
		out.println(n)
	}
	if !race {
		out.println("note: built without -race; data races were not looked for")
	}

	if c.update {
		updated, err := update(ctx, root, pubcheck, pubcheckErr, selected, tallies)
		for _, f := range updated {
			out.printf("updated %s", f)
		}
		if err != nil {
			failures = append(failures, "-update: "+err.Error())
		}
	}

	sort.Strings(failures)
	for _, f := range failures {
		out.printf("FAIL: %s", f)
	}
	out.printf("elapsed: %v", time.Since(start).Round(10*time.Millisecond))
	out.println(finalLine(brokenRaced, fixedClean, len(failures)))
	return len(failures) == 0, nil
}

// finalLine is watch's last line, for logs to grep.
func finalLine(brokenRaced, fixedClean, failed int) string {
	s := fmt.Sprintf("%d broken raced, %d fixed clean", brokenRaced, fixedClean)
	if failed > 0 {
		s += fmt.Sprintf(", %d failed", failed)
	}
	return s
}

func envNote(env []string) string {
	if len(env) == 0 {
		return ""
	}
	return " with " + strings.Join(env, " ")
}

func (tl *tally) add(r racerun.Result, race bool, wantLine string) {
	tl.runs++
	tl.result = r
	switch {
	case r.TimedOut:
		tl.other = append(tl.other, fmt.Sprintf("timed out after %v", r.Elapsed.Round(time.Second)))
	case race && r.Raced():
		tl.raced++
		for _, p := range racerun.Pairs(r.Races) {
			tl.pairs[p]++
		}
		tl.signatures[racerun.RaceSignature(string(r.Output))]++
	case r.ExitCode == 0 && !bytes.Contains(r.Output, []byte("WARNING: DATA RACE")):
		tl.clean++
	default:
		tl.other = append(tl.other, fmt.Sprintf("exit status %d: %s", r.ExitCode, lastLine(r.Output)))
	}
	if l := lastLine(programOutput(r.Output)); l != "" {
		tl.last = l
	}
	if wantLine != "" && !hasLine(r.Output, wantLine) {
		tl.missing++
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

// summary is the progress line for a program whose runs are all done.
func (tl *tally) summary(race bool) string {
	s := fmt.Sprintf("race %d/%d, clean %d/%d", tl.raced, tl.runs, tl.clean, tl.runs)
	if !race {
		s = fmt.Sprintf("exit 0 in %d/%d", tl.clean, tl.runs)
	}
	if len(tl.other) > 0 {
		s += fmt.Sprintf(", %d other (%s)", len(tl.other), tl.other[0])
	}
	if n := len(tl.signatures); n > 0 {
		s += fmt.Sprintf("; %d set(s) of racing positions", n)
	}
	return s
}

// cell is a program's entry in the table; verbose adds the racing
// positions.
func cell(tl *tally, buildErr error, race, verbose bool) string {
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
	if !verbose {
		return "race" + rate
	}
	return fmt.Sprintf("race%s: %s", rate, topPairs(tl.pairs, 2))
}

// verdict says what is wrong with a program's runs, if anything.
func verdict(t racerun.Target, tl *tally, buildErr error, race, wantRace bool, wantLine string) []string {
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
	if tl.missing > 0 {
		v = append(v, fmt.Sprintf("%s: %d of %d runs did not print %q", t, tl.missing, tl.runs, wantLine))
	}
	if !race {
		return v
	}
	if wantRace && tl.raced < tl.runs {
		v = append(v, fmt.Sprintf("%s: the race detector reported it in only %d of %d runs", t, tl.raced, tl.runs))
	}
	if !wantRace && tl.raced > 0 {
		v = append(v, fmt.Sprintf("%s: the race detector reported it in %d of %d runs", t, tl.raced, tl.runs))
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

// table lays rows out in columns two spaces apart. With width > 0 the last
// column is cut so that no line is wider than width.
func table(rows [][]string, width int) []string {
	var widths []int
	for _, r := range rows {
		for i, c := range r[:len(r)-1] {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runeLen(c))
		}
	}
	var lines []string
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r[:len(r)-1] {
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", widths[i]-runeLen(c)+2))
		}
		b.WriteString(r[len(r)-1])
		lines = append(lines, cut(strings.TrimRight(b.String(), " "), width))
	}
	return lines
}

// cut shortens s to width characters, ending it with "…" if it had to go.
func cut(s string, width int) string {
	if width <= 0 || runeLen(s) <= width {
		return s
	}
	return string([]rune(s)[:width-1]) + "…"
}

func runeLen(s string) int { return len([]rune(s)) }

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

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// A diagnostic is one finding in pubcheck's -json output.
type diagnostic struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	Message  string `json:"message"`
}

var position = regexp.MustCompile(`^(.+?):(\d+):(\d+)$`)

// findingsFor runs pubcheck -json once on the broken program of every demo
// and returns the findings by demo, or, by demo, what went wrong.
func findingsFor(ctx context.Context, root, pubcheck string, selected []demos.Demo) (map[string][]diagnostic, map[string]string) {
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

	found := make(map[string][]diagnostic)
	failed := make(map[string]string)
	fail := func(why string) (map[string][]diagnostic, map[string]string) {
		for _, d := range selected {
			failed[d.Name] = why
		}
		return found, failed
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
		for pkg, byAnalyzer := range result {
			if !strings.HasSuffix(pkg, suffix) {
				continue
			}
			for _, raw := range byAnalyzer {
				var diags []diagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					var e struct{ Error string }
					json.Unmarshal(raw, &e)
					failed[d.Name] = fmt.Sprintf("(pubcheck failed: %s)", e.Error)
					continue
				}
				found[d.Name] = append(found[d.Name], diags...)
			}
		}
	}
	return found, failed
}

// describe shows the diagnostic of category want, or else the first one:
// "[flagdata] main.go:34: ready set by ...", "-" if there is none. Without
// verbose it leaves out the count of the others.
func describe(all []diagnostic, want string, verbose bool) string {
	if len(all) == 0 {
		if want == "" {
			return "- (as expected)"
		}
		return "-"
	}
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
	if len(all) > 1 && verbose {
		s += fmt.Sprintf(" (+%d more)", len(all)-1)
	}
	return s
}
