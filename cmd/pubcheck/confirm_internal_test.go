package main

import (
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/pubcheck/pubcheck/internal/racereport"
)

// The matching and the classification of race reports, on reports written
// by hand (confirm_test.go runs the race detector on real packages).

const goroot = "/goroot"

// src is the source the reports below point into.
var src = map[string][]string{
	"/m/reg/reg.go": {
		"package reg",
		"",
		"func (r *Registry) Reload(timeout int) {",
		"	c := &Config{}",
		"	r.cur.Store(c)",
		"	c.Timeout = timeout",
		"}",
		"",
		"func (r *Registry) Timeout() int { return r.cur.Load().Timeout }",
		"func (r *Registry) Name() string { return r.name }",
		"func (r *Registry) helper() { r.Reload(1) }",
		"	for !s.done {",
		"	n++",
		"	m[k] = v",
		"	x = 1",
		"	x = 2",
		"	return x",
	},
}

// report builds a race report from its two accesses, each given as its
// header line and its frames ("func file:line"), and creation stacks by
// goroutine.
func report(t *testing.T, cur string, curFrames []string, prev string, prevFrames []string, created map[int][]string) *racereport.Report {
	t.Helper()
	var b strings.Builder
	b.WriteString("WARNING: DATA RACE\n")
	stack := func(frames []string) {
		for _, f := range frames {
			fn, pos, _ := strings.Cut(f, " ")
			b.WriteString("  " + fn + "()\n      " + pos + " +0x1\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(cur + ":\n")
	stack(curFrames)
	b.WriteString("Previous " + prev + ":\n")
	stack(prevFrames)
	for g, frames := range created {
		b.WriteString("Goroutine " + itoa(g) + " (running) created at:\n")
		stack(frames)
	}
	b.WriteString("==================\n")
	reps := racereport.Parse(strings.Split(b.String(), "\n"))
	if len(reps) != 1 {
		t.Fatalf("%d reports in\n%s", len(reps), b.String())
	}
	return reps[0]
}

func itoa(n int) string { return strconv.Itoa(n) }

func newConfirmation(findings ...*finding) *confirmation {
	c := &confirmation{status: make(map[*finding]*findingStatus), src: src, goroot: goroot,
		dirs: &dirMap{path: map[string]string{}, dir: map[string]string{}}, findings: findings}
	return c
}

func (c *confirmation) race(r *racereport.Report) *race {
	return &race{pkg: "example.com/m/reg", rep: r, count: 1, tests: []string{"TestX"},
		sides: [2]*side{c.newSide(&r.Access), c.newSide(&r.Previous)}}
}

func pos(line int) token.Position {
	return token.Position{Filename: "/m/reg/reg.go", Line: line, Column: 2}
}

// afterstore is the finding of reg.go: c.Timeout written after c was
// stored, on line 6.
func afterstore() *finding {
	return &finding{pkg: "example.com/m/reg", check: "afterstore", pos: pos(6),
		msg:     "c.Timeout modified after c was published by r.cur.Store (concurrent Loads may see the change)",
		related: []related{{pos: pos(5), msg: "published here"}}}
}

func TestMatch(t *testing.T) {
	const (
		reload  = "example.com/m/reg.(*Registry).Reload /m/reg/reg.go:6"
		timeout = "example.com/m/reg.(*Registry).Timeout /m/reg/reg.go:9"
		name    = "example.com/m/reg.(*Registry).Name /m/reg/reg.go:10"
		test    = "example.com/m/reg.TestX /m/reg/reg_test.go:12"
		runner  = "testing.tRunner /goroot/src/testing/testing.go:2036"
		atomic  = "sync/atomic.AddInt64 /goroot/src/runtime/race_amd64.s:289"
		helper  = "example.com/m/reg.(*Registry).helper /m/reg/reg.go:11"
	)
	for _, c := range []struct {
		name       string
		cur, prev  []string
		curH, prvH string
		want       bool
	}{
		{"the write on the finding, the read naming its field", []string{timeout, test, runner}, []string{reload, test}, "Read at 0x1 by goroutine 8", "write at 0x1 by goroutine 9", true},
		{"the other way round", []string{reload, test}, []string{timeout, test}, "Write at 0x1 by goroutine 9", "read at 0x1 by goroutine 8", true},
		{"the read names another field", []string{name, test}, []string{reload, test}, "Read at 0x1 by goroutine 8", "write at 0x1 by goroutine 9", false},
		{"neither access on a line of the finding", []string{timeout, test}, []string{name, test}, "Read at 0x1 by goroutine 8", "write at 0x1 by goroutine 9", false},
		{"an atomic side without a line", []string{reload, test}, []string{atomic}, "Write at 0x1 by goroutine 8", "write at 0x1 by goroutine 9", true},
		{"the finding's line only as a caller, naming nothing", []string{timeout, test}, []string{name, helper}, "Read at 0x1 by goroutine 8", "write at 0x1 by goroutine 9", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := afterstore()
			conf := newConfirmation(f)
			r := conf.race(report(t, c.curH, c.cur, c.prvH, c.prev, nil))
			conf.races = []*race{r}
			conf.match()
			got := conf.status[f] != nil && conf.status[f].kind == statusConfirmed
			if got != c.want {
				t.Errorf("confirmed = %v, want %v (race: %s)", got, c.want, r.describe())
			}
			if !got && len(r.findings) == 0 && r.pattern == "" {
				t.Errorf("a race that matches no finding has no pattern")
			}
		})
	}
}

func TestNear(t *testing.T) {
	f := afterstore()
	conf := newConfirmation(f)
	r := conf.race(report(t, "Read at 0x1 by goroutine 8", []string{"example.com/m/reg.(*Registry).Name /m/reg/reg.go:10"},
		"write at 0x1 by goroutine 9", []string{"example.com/m/reg.(*Registry).Reload /m/reg/reg.go:6"}, nil))
	conf.races = []*race{r}
	conf.match()
	if r.near != f {
		t.Errorf("a race with one access on the finding's line and the other on another variable: near = %v, want the finding", r.near)
	}
}

func TestClassify(t *testing.T) {
	line := func(n int, fn string) string { return "example.com/m/reg." + fn + " /m/reg/reg.go:" + itoa(n) }
	test := "example.com/m/reg.TestX /m/reg/reg_test.go:20"
	for _, c := range []struct {
		name       string
		curH       string
		cur        []string
		prvH       string
		prev       []string
		created    map[int][]string
		pattern    string
		whyContain string
	}{
		{"x++ in two goroutines", "Read at 0x1 by goroutine 8", []string{line(13, "Inc")}, "write at 0x1 by goroutine 9", []string{line(13, "Inc")}, nil,
			patternLostUpdate, "a lost update"},
		{"x++ reported as two writes", "Write at 0x1 by goroutine 8", []string{line(13, "Inc")}, "write at 0x1 by goroutine 9", []string{line(13, "Inc")}, nil,
			patternLostUpdate, "read-modify-write"},
		{"two writes", "Write at 0x1 by goroutine 8", []string{line(15, "A")}, "write at 0x1 by goroutine 9", []string{line(16, "B")}, nil,
			patternLostUpdate, "two writes"},
		{"a map", "Write at 0x1 by goroutine 8", []string{"runtime.mapassign_faststr /goroot/src/internal/runtime/maps/runtime_faststr.go:10", line(14, "Put")},
			"read at 0x1 by goroutine 9", []string{"runtime.mapaccess1_faststr /goroot/src/internal/runtime/maps/runtime_faststr.go:20", line(17, "Get")}, nil,
			patternMap, "map"},
		{"an atomic write", "Read at 0x1 by goroutine 8", []string{line(17, "Get")}, "write at 0x1 by goroutine 9", []string{"sync/atomic.AddInt64 /goroot/src/runtime/race_amd64.s:289"}, nil,
			patternAtomic, "mixedatomic"},
		{"a polled flag", "Read at 0x1 by goroutine 8", []string{line(12, "wait")}, "write at 0x1 by goroutine 9", []string{line(15, "stop")}, nil,
			patternSpin, "spinwait"},
		{"a goroutine of the test, not joined", "Read at 0x1 by goroutine 7", []string{line(17, "Get"), test}, "write at 0x1 by goroutine 9", []string{line(15, "Set")},
			map[int][]string{9: {"example.com/m/reg.TestX /m/reg/reg_test.go:18"}},
			patternUnjoined, "goroutine the test started"},
		{"a write after the go statement", "Write at 0x1 by goroutine 7", []string{line(15, "Start")}, "read at 0x1 by goroutine 9", []string{line(17, "Start.func1")},
			map[int][]string{9: {"example.com/m/reg.Start /m/reg/reg.go:14"}},
			patternAfterGo, "after the go statement"},
		{"nothing known", "Write at 0x1 by goroutine 7", []string{line(15, "Set")}, "read at 0x1 by goroutine 9", []string{line(17, "Get")}, nil,
			patternUnknown, "no known pattern"},
	} {
		t.Run(c.name, func(t *testing.T) {
			conf := newConfirmation()
			r := conf.race(report(t, c.curH, c.cur, c.prvH, c.prev, c.created))
			conf.classify(r)
			if r.pattern != c.pattern || !strings.Contains(r.why, c.whyContain) {
				t.Errorf("pattern %q (%s), want %q (%s)", r.pattern, r.why, c.pattern, c.whyContain)
			}
		})
	}
}

func TestTestedPackage(t *testing.T) {
	for id, want := range map[string]string{
		"example.com/m/p":                             "example.com/m/p",
		"example.com/m/p [example.com/m/p.test]":      "example.com/m/p",
		"example.com/m/p_test [example.com/m/p.test]": "example.com/m/p",
	} {
		if got := testedPackage(id); got != want {
			t.Errorf("testedPackage(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestFuncNames(t *testing.T) {
	for fn, want := range map[string]string{
		"example.com/m/p.TestX":              "TestX",
		"example.com/m/p.TestX.func1.2":      "TestX",
		"example.com/m/p.Testing":            "",
		"example.com/m/p.(*T).TestX":         "",
		"example.com/m/p_test.BenchmarkY":    "BenchmarkY",
		"example.com/m/v2.Example_run.func3": "Example_run",
	} {
		if got := testFunc(fn); got != want {
			t.Errorf("testFunc(%q) = %q, want %q", fn, got, want)
		}
	}
	for fn, want := range map[string]string{
		"example.com/m/p.F.func1.2":           "example.com/m/p.F",
		"example.com/m/p.(*T).M.gowrap1":      "example.com/m/p.(*T).M",
		"example.com/m/v2.F.func2.deferwrap1": "example.com/m/v2.F",
		"example.com/m/p.F":                   "example.com/m/p.F",
	} {
		if got := outerFunc(fn); got != want {
			t.Errorf("outerFunc(%q) = %q, want %q", fn, got, want)
		}
	}
}

func TestGORACE(t *testing.T) {
	if got := goraceValue(""); got != "halt_on_error=0 atexit_sleep_ms=0" {
		t.Errorf("goraceValue(\"\") = %q", got)
	}
	// The user's options come last: the race runtime takes the last value.
	if got := goraceValue(" history_size=3 "); got != "halt_on_error=0 atexit_sleep_ms=0 history_size=3" {
		t.Errorf("goraceValue(history_size=3) = %q", got)
	}
}

// TestTestEvents feeds go test -json events to a package's record and
// checks what it concludes about the failures.
func TestTestEvents(t *testing.T) {
	out := func(test, text string) testEvent {
		return testEvent{Action: "output", Package: "p", Test: test, Output: text}
	}
	for _, c := range []struct {
		name   string
		events []testEvent
		want   string // a prefix of failure(); "" for none
	}{
		{"a race fails its test", []testEvent{
			{Action: "run", Package: "p", Test: "TestX"},
			out("TestX", "==================\nWARNING: DATA RACE\nWrite at 0x1 by goroutine 7:\n  p.f()\n      /p/p.go:3 +0x1\n\n"),
			out("TestX", "Previous read at 0x1 by goroutine 6:\n  p.g()\n      /p/p.go:4 +0x1\n==================\n"),
			out("TestX", "hello, world    testing.go:1712: race detected during execution of test\n"),
			{Action: "fail", Package: "p", Test: "TestX"},
			{Action: "fail", Package: "p"},
		}, ""},
		{"a race in a subtest fails its parent", []testEvent{
			out("TestX/sub", "    testing.go:1712: race detected during execution of test\n"),
			{Action: "fail", Package: "p", Test: "TestX/sub"},
			{Action: "fail", Package: "p", Test: "TestX"},
			{Action: "fail", Package: "p"},
		}, ""},
		{"a test that fails", []testEvent{
			out("TestY", "    p_test.go:9: broken\n"),
			{Action: "fail", Package: "p", Test: "TestY"},
			{Action: "fail", Package: "p"},
		}, "TestY failed, not by a race report"},
		{"a failure outside any test", []testEvent{
			out("", "FAIL\tp\t0.01s\n"),
			{Action: "fail", Package: "p"},
		}, "tests failed:\n\tFAIL\tp\t0.01s"},
		{"a timeout", []testEvent{
			out("TestZ", "panic: test timed out after 1s\n\trunning tests:\n\t\tTestZ (1s)\n"),
			{Action: "fail", Package: "p"},
		}, "tests stopped: test timed out after 1s (running TestZ)"},
		{"a build failure", []testEvent{
			{Action: "fail", Package: "p", FailedBuild: "p [p.test]"},
		}, "tests did not build:\n\tp_test.go:1:1: oops"},
		{"no tests", []testEvent{{Action: "skip", Package: "p"}}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := &testPackage{path: "p", raced: make(map[string]bool), ran: make(map[string]bool)}
			build := map[string][]string{"p [p.test]": {"p_test.go:1:1: oops"}}
			for _, e := range c.events {
				p.event(e, build)
			}
			p.flush()
			got := p.failure()
			if c.want == "" && got != "" || !strings.HasPrefix(got, c.want) {
				t.Errorf("failure() = %q, want %q", got, c.want)
			}
		})
	}
}
