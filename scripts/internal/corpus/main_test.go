package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pubcheck/pubcheck/scripts/internal/pcjson"
)

func TestParseMarkers(t *testing.T) {
	const src = `package flagdata

// want:flagdata OnItsOwn
var ready bool // want:flagdata FlagWrite

var data int //ok:spinwait LookAlike

var a = 1 // want: prose after a colon, not a marker
var b = 2 // ok: the reader holds the lock
var c = 3 // want:flagdta Typo
var d = 4 // want:flagdata Two words
var e = 5 // want:flagdata lowerCase
var f = 6 // want:flagdata
var g = 7 /* want:flagdata Block */
var h = 8 // a comment that mentions want:flagdata Inside
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "flagdata/f.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	ms, probs := parseMarkers(fset, f, []byte(src))
	want := []marker{
		{File: "flagdata/f.go", Line: 4, Want: true, Check: "flagdata", Case: "FlagWrite"},
		{File: "flagdata/f.go", Line: 6, Want: false, Check: "spinwait", Case: "LookAlike"},
	}
	if !reflect.DeepEqual(ms, want) {
		t.Errorf("markers:\n got %+v\nwant %+v", ms, want)
	}
	wantProbs := map[int]string{
		3:  "on a line of its own",
		10: `unknown check "flagdta"`,
		11: "malformed marker",
		12: "CamelCase",
		13: "malformed marker",
	}
	if len(probs) != len(wantProbs) {
		t.Errorf("got %d problems, want %d: %+v", len(probs), len(wantProbs), probs)
	}
	for _, p := range probs {
		if sub, ok := wantProbs[p.Line]; !ok || !strings.Contains(p.Msg, sub) || p.File != "flagdata/f.go" {
			t.Errorf("unexpected problem %+v", p)
		}
	}
	if got := ms[0].testName(); got != "TestBug_FlagWrite" {
		t.Errorf("testName = %s", got)
	}
	if got := ms[1].testName(); got != "TestOK_LookAlike" {
		t.Errorf("testName = %s", got)
	}
}

func TestLibraryProblems(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		lines     []int
	}{
		{"clean", "package p\n\nimport \"time\"\n\nfunc F() { time.Sleep(0) }\n", nil},
		{"go", "package p\n\nfunc F() {\n\tgo F()\n}\n", []int{4}},
		{"afterfunc", "package p\n\nimport \"time\"\n\nfunc F() { time.AfterFunc(0, F) }\n", []int{5}},
		{"alias", "package p\n\nimport tm \"time\"\n\nvar f = tm.AfterFunc\n", []int{5}},
		{"dot", "package p\n\nimport . \"time\"\n\nfunc F() { AfterFunc(0, F) }\n", []int{5}},
		{"not time", "package p\n\ntype T struct{}\n\nfunc (T) AfterFunc() {}\n\nfunc F() { var time T; time.AfterFunc() }\n", nil},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p/p.go", tc.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		var lines []int
		for _, p := range libraryProblems(fset, f) {
			lines = append(lines, p.Line)
		}
		if !reflect.DeepEqual(lines, tc.lines) {
			t.Errorf("%s: problems on lines %v, want %v", tc.name, lines, tc.lines)
		}
	}
}

func TestRaceTagProblem(t *testing.T) {
	for _, tc := range []struct {
		src, want string // want: a part of the problem, "" for none
	}{
		{"//go:build corpusrace\n\npackage p\n", ""},
		{"// Copyright\n\n//go:build corpusrace\n\npackage p\n", ""},
		{"//go:build corpusrace\npackage p\n", ""}, // the go command reads it
		{"package p\n", "without //go:build corpusrace"},
		{"//go:build race\n\npackage p\n", "want exactly"},
		{"//go:build corpusrace && linux\n\npackage p\n", "want exactly"},
		{"package p\n\n//go:build corpusrace\n", "without"},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p/p_race_test.go", tc.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		got := raceTagProblem(f)
		if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.src, got, tc.want)
		}
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoad(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module pubcheck.test/corpus\n",
		"flagdata/lib.go": `package flagdata

var ready, data int

func A() { ready = 1 } // want:flagdata Good
func B() { data = 1 }  // ok:flagdata GoodOK
func C() { data = 2 }  // want:flagdata NoTest
func D() { data = 3 }  // ok:flagdata WrongKind
func E() { data = 4 }  // want:flagdata Good
`,
		"flagdata/lib_race_test.go": `//go:build corpusrace

package flagdata_test

import "testing"

func TestBug_Good(t *testing.T)      {}
func TestOK_GoodOK(t *testing.T)     {}
func TestBug_WrongKind(t *testing.T) {}
func TestOK_Orphan(t *testing.T)     {}
func TestOther(t *testing.T)         {}
`,
		"spinwait/lib.go":            "package spinwait\n\nvar stop bool\n\nfunc S() bool { return stop } // want:spinwait Poll\n",
		"spinwait/lib_race_test.go":  "//go:build corpusrace\n\npackage spinwait\n\nimport \"testing\"\n\nfunc TestBug_Poll(t *testing.T) {}\n",
		"spinwait/sub/sub.go":        "package sub\n",
		"testdata/ignored/x.go":      "package broken(",
		"other/go.mod":               "module other\n",
		"other/x.go":                 "package broken(",
		"spinwait/unrelated_test.go": "package spinwait\n",
	})
	c, err := load(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"flagdata", "spinwait", "spinwait/sub"}; !reflect.DeepEqual(c.Pkgs, want) {
		t.Errorf("packages %v, want %v", c.Pkgs, want)
	}
	var cases []string
	for _, cs := range c.Cases {
		cases = append(cases, cs.Pkg+" "+cs.Test+" "+cs.File)
	}
	wantCases := []string{
		"flagdata TestBug_Good flagdata/lib.go",
		"flagdata TestOK_GoodOK flagdata/lib.go",
		"spinwait TestBug_Poll spinwait/lib.go",
	}
	if !reflect.DeepEqual(cases, wantCases) {
		t.Errorf("cases:\n got %q\nwant %q", cases, wantCases)
	}
	var probs []string
	for _, p := range c.Problems {
		probs = append(probs, p.File+":"+strconv.Itoa(p.Line)+": "+p.Msg)
	}
	for _, want := range []string{
		"flagdata/lib.go:7: marker want:flagdata NoTest: no test TestBug_NoTest",
		"flagdata/lib.go:8: marker ok:flagdata WrongKind: no test TestOK_WrongKind in package flagdata (there is TestBug_WrongKind",
		"flagdata/lib.go:9: marker want:flagdata Good: case Good is already marked at",
		"flagdata/lib_race_test.go:9: TestBug_WrongKind: no marker `// want:CHECK WrongKind`",
		"flagdata/lib_race_test.go:10: TestOK_Orphan: no marker `// ok:CHECK Orphan`",
	} {
		found := false
		for _, p := range probs {
			if strings.HasPrefix(p, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem %q in\n%s", want, strings.Join(probs, "\n"))
		}
	}
	if len(probs) != 5 {
		t.Errorf("%d problems, want 5:\n%s", len(probs), strings.Join(probs, "\n"))
	}

	// A selection.
	c, err = load(dir, []string{"./spinwait/..."})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"spinwait", "spinwait/sub"}; !reflect.DeepEqual(c.Pkgs, want) || len(c.Problems) != 0 || len(c.Markers) != 1 {
		t.Errorf("spinwait: packages %v, problems %v, markers %v", c.Pkgs, c.Problems, c.Markers)
	}
	if _, err := load(dir, []string{"nosuch"}); err == nil {
		t.Errorf("load nosuch: no error")
	}
}

func TestNormPkg(t *testing.T) {
	for in, want := range map[string]string{
		"flagdata": "flagdata", "./flagdata": "flagdata", "flagdata/": "flagdata",
		"flagdata/...": "flagdata", "./...": "", ".": "", "a/b": "a/b",
	} {
		if got := normPkg(in); got != want {
			t.Errorf("normPkg(%q) = %q, want %q", in, got, want)
		}
	}
}

// The standalone shape: one indented tree, a package and its test variant
// with the same reports, an error entry.
const standaloneJSON = `{
	"pubcheck.test/corpus/afterstore": {
		"pubcheck": [
			{
				"category": "afterstore",
				"posn": "/c/afterstore/srv.go:16:2",
				"end": "/c/afterstore/srv.go:16:13",
				"message": "cfg.Timeout modified after cfg was published",
				"related": [
					{
						"posn": "/c/afterstore/srv.go:15:2",
						"end": "/c/afterstore/srv.go:15:2",
						"message": "published here"
					}
				]
			}
		]
	},
	"pubcheck.test/corpus/afterstore [pubcheck.test/corpus/afterstore.test]": {
		"pubcheck": [
			{
				"category": "afterstore",
				"posn": "/c/afterstore/srv.go:16:2",
				"message": "cfg.Timeout modified after cfg was published"
			}
		]
	},
	"pubcheck.test/corpus/broken": {
		"pubcheck": {
			"error": "analysis skipped due to errors in package"
		}
	}
}
`

// The go vet shape: one tree per package, concatenated, {} for a package
// with nothing to report, and lines of other text between them.
const vetJSON = `# pubcheck.test/corpus/broken
broken/x.go:3:23: cannot use "x" (untyped string constant) as int value
{}
{
	"pubcheck.test/corpus/doublecheck": {
		"pubcheck": [
			{"category": "doublecheck", "posn": "/c/doublecheck/lazy.go:16:5", "message": "inst checked without holding the lock"},
			{"category": "directive", "posn": "/c/doublecheck/lazy.go:30:1", "message": "pubcheck:ignore doublecheck directive silences nothing (remove it)"}
		]
	}
}
{"pubcheck.test/corpus/afterstore": {"pubcheck": [{"category": "afterstore", "posn": "/c/afterstore/srv.go:16:2", "message": "cfg.Timeout modified after cfg was published"}]}}
{ not json
{"pubcheck.test/corpus/x": {"pubcheck": 42}}
`

func TestParseOutput(t *testing.T) {
	var o output
	o.Parse([]byte(standaloneJSON))
	if len(o.Diags) != 2 || len(o.Errors) != 1 || len(o.Other) != 0 {
		t.Fatalf("standalone: %d diags, errors %q, other %q", len(o.Diags), o.Errors, o.Other)
	}
	d := o.Diags[0]
	if d.File != "/c/afterstore/srv.go" || d.Line != 16 || d.Col != 2 || d.Category != "afterstore" || d.Pkg != "pubcheck.test/corpus/afterstore" {
		t.Errorf("standalone diagnostic %+v", d)
	}
	if want := "pubcheck.test/corpus/broken: pubcheck: analysis skipped due to errors in package"; o.Errors[0] != want {
		t.Errorf("error %q, want %q", o.Errors[0], want)
	}
	ds := pcjson.Unique(o.Diags, "/c")
	if len(ds) != 1 || ds[0].File != "afterstore/srv.go" {
		t.Errorf("unique: %+v", ds)
	}

	var v output
	v.Parse([]byte(vetJSON))
	var cats []string
	for _, d := range v.Diags {
		cats = append(cats, d.Category)
	}
	if want := []string{"doublecheck", "directive", "afterstore"}; !reflect.DeepEqual(cats, want) {
		t.Errorf("vet: categories %v, want %v", cats, want)
	}
	wantOther := []string{
		"# pubcheck.test/corpus/broken",
		`broken/x.go:3:23: cannot use "x" (untyped string constant) as int value`,
		"{ not json",
	}
	if !reflect.DeepEqual(v.Other, wantOther) {
		t.Errorf("vet: other\n got %q\nwant %q", v.Other, wantOther)
	}
	if len(v.Errors) != 1 || !strings.Contains(v.Errors[0], "unexpected entry: 42") {
		t.Errorf("vet: errors %q", v.Errors)
	}

	// Both streams of one run, and an empty one.
	var both output
	both.Parse([]byte(""))
	both.Parse([]byte("{}\n"))
	both.Parse([]byte(standaloneJSON + vetJSON))
	if len(both.Diags) != 5 {
		t.Errorf("both: %d diagnostics, want 5", len(both.Diags))
	}
	if ds := pcjson.Unique(both.Diags, "/elsewhere", "/c"); len(ds) != 3 {
		t.Errorf("both: %d unique diagnostics, want 3: %+v", len(ds), ds)
	}
}

func TestUnique(t *testing.T) {
	ds := []diagnostic{
		{File: "/c/b/b.go", Line: 3, Col: 1, Category: "x", Message: "m"},
		{File: "/c/a/a.go", Line: 9, Col: 1, Category: "x", Message: "m"},
		{File: "/c/a/a.go", Line: 9, Col: 1, Category: "x", Message: "m"},  // a test variant
		{File: "/c/a/a.go", Line: 9, Col: 1, Category: "x", Message: "m2"}, // another report
		{File: "/other/o.go", Line: 1, Col: 1, Category: "x", Message: "m"},
		{File: "/cx/o.go", Line: 1, Col: 1, Category: "x", Message: "m"},
		{File: "rel/r.go", Line: 1, Col: 1, Category: "x", Message: "m"},
	}
	var got []string
	for _, d := range pcjson.Unique(ds, "/c") {
		got = append(got, d.Key())
	}
	want := []string{
		"/cx/o.go:1:1 x: m",
		"/other/o.go:1:1 x: m",
		"a/a.go:9:1 x: m",
		"a/a.go:9:1 x: m2",
		"b/b.go:3:1 x: m",
		"rel/r.go:1:1 x: m",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("unique:\n got %q\nwant %q", got, want)
	}
}

func TestScore(t *testing.T) {
	markers := []marker{
		{File: "f/a.go", Line: 10, Want: true, Check: "flagdata", Case: "Found"},
		{File: "f/a.go", Line: 20, Want: true, Check: "flagdata", Case: "WrongCategory"},
		{File: "f/a.go", Line: 30, Want: true, Check: "flagdata", Case: "Missed"},
		{File: "f/a.go", Line: 40, Want: false, Check: "flagdata", Case: "Quiet"},
		{File: "f/a.go", Line: 50, Want: false, Check: "flagdata", Case: "Tripped"},
		{File: "s/s.go", Line: 5, Want: true, Check: "spinwait", Case: "Twice"},
	}
	ds := []diagnostic{
		{File: "f/a.go", Line: 10, Col: 2, Category: "flagdata", Message: "true"},
		{File: "f/a.go", Line: 20, Col: 2, Category: "spinwait", Message: "wrong category"},
		{File: "f/a.go", Line: 31, Col: 2, Category: "flagdata", Message: "next line"},
		{File: "f/a.go", Line: 50, Col: 2, Category: "flagdata", Message: "on a look-alike"},
		{File: "s/s.go", Line: 5, Col: 2, Category: "spinwait", Message: "one"},
		{File: "s/s.go", Line: 5, Col: 9, Category: "spinwait", Message: "two"},
		{File: "s/s.go", Line: 1, Col: 1, Category: "directive", Message: "silences nothing"},
		{File: "/elsewhere/x.go", Line: 1, Col: 1, Category: "newcheck", Message: "new"},
	}
	s := scoreDiags(markers, ds)
	rows := map[string]row{}
	for k, r := range s.Rows {
		rows[k] = *r
	}
	wantRows := map[string]row{
		"flagdata":    {Bugs: 3, Found: 1, Reports: 3, False: 2, LookAlikes: 2, LookAlikesHit: 1},
		"spinwait":    {Bugs: 1, Found: 1, Reports: 3, False: 1},
		"directive":   {Reports: 1, False: 1},
		"newcheck":    {Reports: 1, False: 1},
		"afterstore":  {},
		"loadmutate":  {},
		"mixedatomic": {},
		"doublecheck": {},
		"unjoined":    {},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, wantRows)
	}
	wantOrder := append(append([]string{}, checks...), "directive", "newcheck")
	if !reflect.DeepEqual(s.Order, wantOrder) {
		t.Errorf("order %v, want %v", s.Order, wantOrder)
	}
	var missed []string
	for _, m := range s.Missed {
		missed = append(missed, m.Case)
	}
	if want := []string{"WrongCategory", "Missed"}; !reflect.DeepEqual(missed, want) {
		t.Errorf("missed %v, want %v", missed, want)
	}
	var falses []string
	for _, f := range s.False {
		falses = append(falses, f.Message)
	}
	if want := []string{"wrong category", "next line", "on a look-alike", "silences nothing", "new"}; !reflect.DeepEqual(falses, want) {
		t.Errorf("false positives %v, want %v", falses, want)
	}
	if len(s.False[0].Marks) != 1 || s.False[0].Marks[0].Case != "WrongCategory" {
		t.Errorf("false positive on a marked line: marks %+v", s.False[0].Marks)
	}

	tot := s.total()
	if tot != (row{Bugs: 4, Found: 2, Reports: 8, False: 5, LookAlikes: 2, LookAlikesHit: 1}) {
		t.Errorf("total %+v", tot)
	}
	if r, ok := tot.recall(); !ok || r != 0.5 {
		t.Errorf("recall %v %v", r, ok)
	}
	if p, ok := tot.precision(); !ok || p != 3.0/8 {
		t.Errorf("precision %v %v", p, ok)
	}
	if _, ok := (row{}).recall(); ok {
		t.Errorf("recall of no bugs is defined")
	}

	var buf bytes.Buffer
	s.writeTable(&buf)
	for _, line := range []string{
		"| check | bugs | found | recall | reports | false | precision | look-alikes |",
		"| flagdata | 3 | 1 | 0.33 | 3 | 2 | 0.33 | 2 (1 reported) |",
		"| spinwait | 1 | 1 | 1.00 | 3 | 1 | 0.67 | 0 |",
		"| unjoined | 0 | 0 | - | 0 | 0 | - | 0 |",
		"| directive | 0 | 0 | - | 1 | 1 | 0.00 | 0 |",
		"| **total** | 4 | 2 | 0.50 | 8 | 5 | 0.38 | 2 (1 reported) |",
	} {
		if !strings.Contains(buf.String(), line+"\n") {
			t.Errorf("table has no line %q:\n%s", line, buf.String())
		}
	}

	buf.Reset()
	c := &corpus{Display: "testdata/corpus"}
	s.writeDetails(&buf, c)
	for _, line := range []string{
		"  testdata/corpus/f/a.go:30 Missed (flagdata)",
		"  testdata/corpus/f/a.go:20 spinwait: wrong category [line marked want:flagdata WrongCategory]",
		"  testdata/corpus/f/a.go:50 flagdata: on a look-alike [line marked ok:flagdata Tripped]",
		"  /elsewhere/x.go:1 newcheck: new",
	} {
		if !strings.Contains(buf.String(), line+"\n") {
			t.Errorf("details have no line %q:\n%s", line, buf.String())
		}
	}
}

func TestScoreNothing(t *testing.T) {
	s := scoreDiags(nil, nil)
	var buf bytes.Buffer
	s.writeTable(&buf)
	if !strings.Contains(buf.String(), "| **total** | 0 | 0 | - | 0 | 0 | - | 0 |\n") {
		t.Errorf("empty table:\n%s", buf.String())
	}
}

func TestDiff(t *testing.T) {
	a := []diagnostic{{File: "x.go", Line: 1, Category: "c", Message: "both"}, {File: "x.go", Line: 2, Category: "c", Message: "a"}}
	b := []diagnostic{{File: "x.go", Line: 1, Category: "c", Message: "both"}, {File: "x.go", Line: 3, Category: "c", Message: "b"}}
	onlyA, onlyB := diff(a, b)
	if len(onlyA) != 1 || onlyA[0].Message != "a" || len(onlyB) != 1 || onlyB[0].Message != "b" {
		t.Errorf("diff: %v, %v", onlyA, onlyB)
	}
}

func TestParseThreshold(t *testing.T) {
	for in, want := range map[string]float64{"0.8": 0.8, "80%": 0.8, "1": 1, "0": 0} {
		if got, err := parseThreshold(in); err != nil || got != want {
			t.Errorf("parseThreshold(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"80", "x", "-0.1", "150%", "x%"} {
		if _, err := parseThreshold(in); err == nil {
			t.Errorf("parseThreshold(%q): no error", in)
		}
	}
}

// raceOut is the output of a run of a test binary with one race report.
func raceOut(lines ...string) []byte {
	out := "==================\nWARNING: DATA RACE\nWrite at 0x00c000012345 by goroutine 8:\n"
	for _, l := range lines {
		out += "  pubcheck.test/corpus/flagdata.F()\n      " + l + " +0x44\n"
	}
	out += "\nGoroutine 8 (running) created at:\n  pubcheck.test/corpus/flagdata.TestBug_X()\n      /c/flagdata/x_race_test.go:9 +0x10\n==================\n"
	return []byte(out + "--- FAIL: TestBug_X (0.00s)\n    testing.go:1617: race detected during execution of test\nFAIL\n")
}

func TestRaceReports(t *testing.T) {
	out := append(raceOut("/c/flagdata/a.go:12"), raceOut("/c/flagdata/b.go:3")...)
	reps := raceReports(out)
	if len(reps) != 2 || reps[0][0] != "WARNING: DATA RACE" {
		t.Fatalf("reports: %q", reps)
	}
	if got, want := namedLines(reps, "flagdata"), []string{"flagdata/a.go:12", "flagdata/x_race_test.go:9", "flagdata/b.go:3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("named lines %q, want %q", got, want)
	}
	// A report cut short by a kill.
	if reps := raceReports([]byte("WARNING: DATA RACE\nRead at ...\n")); len(reps) != 1 {
		t.Errorf("unterminated report: %q", reps)
	}
}

func TestVerify(t *testing.T) {
	bug := testCase{marker{Pkg: "flagdata", File: "flagdata/a.go", Line: 12, Want: true, Check: "flagdata", Case: "X"}, "TestBug_X"}
	ok := testCase{marker{Pkg: "flagdata", File: "flagdata/a.go", Line: 12, Check: "flagdata", Case: "X"}, "TestOK_X"}
	pass := runOut{out: []byte("PASS\n")}
	o := raceOpts{runs: 3, timeout: time.Minute}
	seq := func(outs ...runOut) (func(string) runOut, *int) {
		n := 0
		return func(string) runOut {
			r := outs[min(n, len(outs)-1)]
			n++
			return r
		}, &n
	}
	for _, tc := range []struct {
		name  string
		cs    testCase
		outs  []runOut
		ok    bool
		runs  int
		note  string
		first string // the first line of the excerpt
	}{
		{"bug in run 2", bug, []runOut{pass, {out: raceOut("/c/flagdata/a.go:12"), exit: 1}}, true, 2, "in run 2", ""},
		{"bug, other line", bug, []runOut{{out: raceOut("/c/flagdata/a.go:121", "/c/flagdata/a.go:13"), exit: 1}}, false, 3,
			"none names flagdata/a.go:12; lines of flagdata named in the last run: flagdata/a.go:121, flagdata/a.go:13, flagdata/x_race_test.go:9", "WARNING: DATA RACE"},
		{"bug, line 12 in a longer token", bug, []runOut{{out: raceOut("/c/flagdata/a.go:12x"), exit: 1}}, false, 3, "none names", ""},
		{"bug, no race", bug, []runOut{pass}, false, 3, "no race report (last exit status 0)", "PASS"},
		{"bug, timeout", bug, []runOut{{out: []byte("still going\n"), exit: -1, timedOut: true}}, false, 3, "timed out", "still going"},
		{"bug, no test", bug, []runOut{{out: []byte("testing: warning: no tests to run\nPASS\n")}}, false, 1, "did not run", ""},
		{"ok", ok, []runOut{pass}, true, 3, "3 runs passed", ""},
		{"ok, race in run 3", ok, []runOut{pass, pass, {out: raceOut("/c/flagdata/a.go:12"), exit: 1}}, false, 3, "1 race report in run 3", "WARNING: DATA RACE"},
		{"ok, failed", ok, []runOut{{out: []byte("--- FAIL: TestOK_X\nFAIL\n"), exit: 1}}, false, 1, "failed (exit status 1) without a race report", "--- FAIL: TestOK_X"},
		{"ok, timeout", ok, []runOut{pass, {exit: -1, timedOut: true}}, false, 2, "timed out after 1m0s in run 2", ""},
	} {
		run, n := seq(tc.outs...)
		v := verify(tc.cs, o, run)
		if v.ok != tc.ok || v.runs != tc.runs || *n != tc.runs || !strings.Contains(v.note, tc.note) {
			t.Errorf("%s: ok %v after %d runs (%d made): %q; want ok %v after %d runs, note with %q",
				tc.name, v.ok, v.runs, *n, v.note, tc.ok, tc.runs, tc.note)
		}
		if tc.first != "" && (len(v.excerpt) == 0 || v.excerpt[0] != tc.first) {
			t.Errorf("%s: excerpt %q, want it to start with %q", tc.name, v.excerpt, tc.first)
		}
		for _, l := range v.excerpt {
			if strings.HasPrefix(l, "Goroutine ") {
				t.Errorf("%s: excerpt has the creation stacks: %q", tc.name, v.excerpt)
			}
		}
	}
}
