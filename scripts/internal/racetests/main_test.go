package main

import (
	"bytes"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pubcheck/pubcheck/scripts/internal/pcjson"
)

func TestIsStdInternal(t *testing.T) {
	for p, want := range map[string]bool{
		"internal/testenv":                true,
		"internal/synctest":               true,
		"crypto/internal/fips140":         true,
		"os":                              false,
		"internalthing/x":                 false,
		"example.com/internal/x":          false,
		"golang.org/x/tools/internal/foo": false,
	} {
		if got := isStdInternal(p); got != want {
			t.Errorf("isStdInternal(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestStubs(t *testing.T) {
	for p, src := range stubs {
		f, err := parser.ParseFile(token.NewFileSet(), p+".go", src, 0)
		if err != nil {
			t.Errorf("stub %s: %v", p, err)
			continue
		}
		if f.Name.Name != path.Base(p) {
			t.Errorf("stub %s: package %s", p, f.Name.Name)
		}
		if out, err := format.Source([]byte(src)); err != nil || !bytes.Equal(out, []byte(src)) {
			t.Errorf("stub %s is not gofmt'ed", p)
		}
	}
}

func TestRewriteImports(t *testing.T) {
	const src = `package race_test

import (
	"internal/testenv"
	"os"
	"example.com/internal/x"
	sy "internal/synctest"
	"internal/nostub"
)

var _ = os.Args
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a_test.go", src, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	out, rewritten, unknown := rewriteImports(fset, f, []byte(src), "m")
	want := strings.NewReplacer(`"internal/testenv"`, `"m/internal/testenv"`, `"internal/synctest"`, `"m/internal/synctest"`).Replace(src)
	if string(out) != want {
		t.Errorf("rewritten source:\n%s\nwant:\n%s", out, want)
	}
	if !reflect.DeepEqual(rewritten, []string{"internal/testenv", "internal/synctest"}) {
		t.Errorf("rewritten = %q", rewritten)
	}
	if !reflect.DeepEqual(unknown, []string{"internal/nostub"}) {
		t.Errorf("unknown = %q", unknown)
	}
	if strings.Count(string(out), "\n") != strings.Count(src, "\n") {
		t.Errorf("the number of lines changed")
	}

	// Nothing to rewrite: the same bytes.
	const plain = "package p\n\nimport \"os\"\n\nvar _ = os.Args\n"
	f, _ = parser.ParseFile(fset, "b.go", plain, parser.ImportsOnly)
	out, rewritten, unknown = rewriteImports(fset, f, []byte(plain), "m")
	if string(out) != plain || rewritten != nil || unknown != nil {
		t.Errorf("plain file: %q %q %q", out, rewritten, unknown)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSetup(t *testing.T) {
	src := filepath.Join(t.TempDir(), "testdata")
	writeFiles(t, src, map[string]string{
		"a_test.go":    "package race_test\n\nimport (\n\t\"internal/testenv\"\n\t\"testing\"\n)\n\nfunc TestNoRaceA(t *testing.T) { _ = testenv.GoToolPath(t) }\n",
		"b_test.go":    "package race_test\n\nimport \"internal/other\"\n\nvar _ = other.X\n",
		"prog_main.go": "package main\n\nfunc main() {}\n",
		"README":       "not Go\n",
	})
	dst := filepath.Join(t.TempDir(), "copy")
	notes, patterns, err := setup(src, dst, "m")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(patterns, []string{".", "./prog_main"}) {
		t.Errorf("patterns = %q", patterns)
	}
	if len(notes) != 3 {
		t.Errorf("notes: %q", notes)
	}
	for i, sub := range []string{"a_test.go imports internal/testenv", "b_test.go imports internal/other, which only std may import, and there is no stub", "prog_main.go is a program of its own"} {
		if i < len(notes) && !strings.Contains(notes[i], sub) {
			t.Errorf("note %d = %q, want it to contain %q", i, notes[i], sub)
		}
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dst, filepath.FromSlash(name)))
		if err != nil {
			t.Error(err)
		}
		return string(data)
	}
	if got := read("a_test.go"); !strings.Contains(got, `"m/internal/testenv"`) {
		t.Errorf("a_test.go not rewritten:\n%s", got)
	}
	if got := read("b_test.go"); !strings.Contains(got, `"internal/other"`) {
		t.Errorf("b_test.go changed:\n%s", got)
	}
	if got := read("internal/testenv/testenv.go"); got != stubs["internal/testenv"] {
		t.Errorf("stub:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dst, "internal", "synctest")); err == nil {
		t.Errorf("a stub nobody imports was written")
	}
	if got := read("prog_main/prog_main.go"); got != "package main\n\nfunc main() {}\n" {
		t.Errorf("prog_main/prog_main.go = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dst, "prog_main.go")); err == nil {
		t.Errorf("prog_main.go still in the test directory")
	}
	if got := read("README"); got != "not Go\n" {
		t.Errorf("README = %q", got)
	}
	if _, _, err := setup(src, dst, "m"); err == nil {
		t.Errorf("setup into an existing directory: no error")
	}
}

const declSrc = `package race_test

import "testing"

var global = func() int { return 1 }()

type T struct{}

func (t *T) Method() {}

func helper(p *int) {
	*p = 1
}

func TestRaceA(t *testing.T) {
	x := 0
	go helper(&x)
	_ = x
}

func TestNoRaceB(t *testing.T) {
	var v T
	v.Method()
}

func TestMain(m *testing.M) {}

func Testlower(t *testing.T) {}

func TestRaceC(t *testing.T) { helper(nil) }

func TestNoRaceProg(t *testing.T) { run("prog/prog.go") }

func run(string) {}
`

func TestParseDecls(t *testing.T) {
	ds, err := parseDecls("a_test.go", []byte(declSrc))
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Name  string
		Kind  kind
		Start int
		End   int
	}
	var gs []got
	for _, d := range ds {
		gs = append(gs, got{d.Name, d.Kind, d.Start.Line, d.End.Line})
	}
	want := []got{
		{`import "testing"`, nonFunc, 3, 3},
		{"var global", nonFunc, 5, 5},
		{"type T", nonFunc, 7, 7},
		{"(*T).Method", other, 9, 9},
		{"helper", other, 11, 13},
		{"TestRaceA", race, 15, 19},
		{"TestNoRaceB", noRace, 21, 24},
		{"TestMain", test, 26, 26},
		{"Testlower", other, 28, 28},
		{"TestRaceC", race, 30, 30},
		{"TestNoRaceProg", noRace, 32, 32},
		{"run", other, 34, 34},
	}
	if !reflect.DeepEqual(gs, want) {
		t.Errorf("decls:\n got %+v\nwant %+v", gs, want)
	}
	if !ds[5].Mentions["helper"] || ds[4].Mentions["helper"] {
		t.Errorf("mentions of helper: TestRaceA %v, helper itself %v", ds[5].Mentions["helper"], ds[4].Mentions["helper"])
	}
	if !ds[6].Mentions["Method"] {
		t.Errorf("TestNoRaceB does not mention Method")
	}
	if !ds[10].Strings["prog.go"] {
		t.Errorf("TestNoRaceProg does not name prog.go: %v", ds[10].Strings)
	}
}

func TestAttribute(t *testing.T) {
	ds, err := parseDecls("a_test.go", []byte(declSrc))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := parseDecls("prog/prog.go", []byte("package main\n\nfunc main() {\n\tgo func() {}()\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	ds = append(ds, prog...)
	diag := func(file string, line, col int, check string) diagnostic {
		return diagnostic{File: file, Line: line, Col: col, Category: check, Message: "m"}
	}
	diags := []diagnostic{
		diag("a_test.go", 15, 1, "unjoined"),      // the func keyword of TestRaceA
		diag("a_test.go", 18, 2, "unjoined"),      // inside
		diag("a_test.go", 19, 1, "flagdata"),      // its closing brace
		diag("a_test.go", 12, 2, "unjoined"),      // helper
		diag("a_test.go", 23, 4, "mixedatomic"),   // TestNoRaceB
		diag("a_test.go", 20, 1, "unjoined"),      // between declarations
		diag("a_test.go", 5, 20, "doublecheck"),   // var global
		diag("prog/prog.go", 4, 2, "unjoined"),    // main of a program
		diag("/elsewhere/x.go", 1, 1, "unjoined"), // not a file of the directory
	}
	r := attribute(ds, diags)
	byName := map[string]*decl{}
	for _, d := range ds {
		byName[d.Name] = d
	}
	count := func(name string) int { return len(r.Reports[byName[name]]) }
	for name, want := range map[string]int{"TestRaceA": 3, "helper": 1, "TestNoRaceB": 1, "var global": 1, "main": 1, "TestRaceC": 0} {
		if got := count(name); got != want {
			t.Errorf("%s: %d reports, want %d", name, got, want)
		}
	}
	if len(r.Outside) != 2 {
		t.Errorf("outside: %+v", r.Outside)
	}
	if len(r.Tests[race]) != 2 || len(r.Tests[noRace]) != 2 || len(r.Tests[test]) != 1 {
		t.Errorf("tests: %d race, %d no race, %d other", len(r.Tests[race]), len(r.Tests[noRace]), len(r.Tests[test]))
	}
	u := r.ByCheck["unjoined"]
	if want := (checkRow{Reports: 6, InRace: 2, RaceTests: 1, Elsewhere: 4}); *u != want {
		t.Errorf("unjoined row = %+v, want %+v", *u, want)
	}
	if got := r.mentionedIn(byName["helper"]); !reflect.DeepEqual(got, []string{"TestRaceA", "TestRaceC"}) {
		t.Errorf("helper mentioned in %q", got)
	}
	if got := r.mentionedIn(byName["main"]); !reflect.DeepEqual(got, []string{"TestNoRaceProg"}) {
		t.Errorf("main's file named in %q", got)
	}
	if got := checksOf(r.Reports[byName["TestRaceA"]]); got != "unjoined x2, flagdata" {
		t.Errorf("checksOf = %q", got)
	}
}

func TestParseOutput(t *testing.T) {
	const data = `{
	"p": {"pubcheck": [
		{"posn": "/d/a_test.go:18:2", "category": "unjoined", "message": "m", "related": [{"posn": "/d/a_test.go:17:2", "message": "r"}]}
	]},
	"p [p.test]": {"pubcheck": [
		{"posn": "/d/a_test.go:18:2", "category": "unjoined", "message": "m"},
		{"posn": "/d/a_test.go:12:2", "category": "flagdata", "message": "n"}
	]}
}
some other line
{"q": {"pubcheck": {"error": "analysis skipped due to errors in package"}}}
`
	var o output
	o.Parse([]byte(data))
	if len(o.Diags) != 3 {
		t.Errorf("diags: %+v", o.Diags)
	}
	if !reflect.DeepEqual(o.Errors, []string{"q: pubcheck: analysis skipped due to errors in package"}) {
		t.Errorf("errors: %q", o.Errors)
	}
	if !reflect.DeepEqual(o.Other, []string{"some other line"}) {
		t.Errorf("other: %q", o.Other)
	}
	u := pcjson.Unique(o.Diags, "/d")
	if len(u) != 2 || u[0].File != "a_test.go" || u[0].Line != 12 || u[1].Line != 18 || u[1].Col != 2 {
		t.Errorf("unique: %+v", u)
	}
}

func TestReport(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a_test.go":    declSrc,
		"prog/prog.go": "package main\n\nfunc main() {\n\tgo func() {}()\n}\n",
	})
	run := filepath.Join(t.TempDir(), "pubcheck")
	out := `{"p_test [p.test]": {"pubcheck": [
	{"posn": "` + filepath.Join(dir, "a_test.go") + `:18:2", "category": "unjoined", "message": "x read"},
	{"posn": "` + filepath.Join(dir, "a_test.go") + `:23:4", "category": "mixedatomic", "message": "v mixed"},
	{"posn": "` + filepath.Join(dir, "a_test.go") + `:12:2", "category": "unjoined", "message": "p written"}
]}}
`
	writeFiles(t, filepath.Dir(run), map[string]string{"pubcheck.out": out, "pubcheck.err": "", "pubcheck.rc": "0\n"})
	var b bytes.Buffer
	if code := reportCmd([]string{"-v", dir, run}, &b); code != 0 {
		t.Errorf("exit %d:\n%s", code, &b)
	}
	got := b.String()
	for _, want := range []string{
		"pubcheck: 3 unique reports (3 in _test.go files)",
		"TestRace* (the program races): 2 tests, 1 with a report inside (50.0%)",
		"found (1):",
		"a_test.go:18:2: unjoined: x read",
		"missed (1):\n    TestRaceC ",
		"TestNoRace* (race-free): 2 tests, 1 with a report inside (false positives)",
		"a_test.go:23:4: mixedatomic: v mixed",
		"other tests: TestMain",
		"unjoined (mentioned in TestRaceA, TestRaceC)",
		"| unjoined | 2 | 1 | 1 | 0 | 0 | 1 |",
		"| **total** | 3 | 1 | 1 | 1 | 1 | 1 |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ERROR") || strings.Contains(got, "WARNING") {
		t.Errorf("unexpected ERROR or WARNING:\n%s", got)
	}

	// pubcheck failed: exit 1, with the errors printed.
	writeFiles(t, filepath.Dir(run), map[string]string{
		"pubcheck.out": `{"p_test [p.test]": {"pubcheck": {"error": "analysis skipped due to errors in package"}}}`,
		"pubcheck.err": "-: a_test.go:3:8: use of internal package internal/testenv not allowed\n",
		"pubcheck.rc":  "1\n",
	})
	b.Reset()
	if code := reportCmd([]string{dir, run}, &b); code != 1 {
		t.Errorf("exit %d, want 1:\n%s", code, &b)
	}
	got = b.String()
	for _, want := range []string{
		"ERROR: pubcheck exit status 1",
		"ERROR: p_test [p.test]: pubcheck: analysis skipped due to errors in package",
		"  | -: a_test.go:3:8: use of internal package internal/testenv not allowed",
		"missed: 2 (-v lists them)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
