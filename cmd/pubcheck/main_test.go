package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pubcheck/pubcheck/demos"
)

const bad = `package bad

import (
	"fmt"
	"time"
)

var data string
var ready bool

func worker() {
	for !ready {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println(data)
}

func Run() {
	go worker()
	data = "hello"
	ready = true
}
`

const good = `package good

import "fmt"

var data string

func Run() {
	done := make(chan struct{})
	go func() {
		<-done
		fmt.Println(data)
	}()
	data = "hello"
	close(done)
}
`

const broken = `package broken

func f() int { return "not an int" }
`

// setup builds pubcheck and writes a module with a bad, a good and a
// broken package.
func setup(t *testing.T) (bin, dir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command")
	}
	tmp := t.TempDir()
	bin = filepath.Join(tmp, "pubcheck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir = filepath.Join(tmp, "mod")
	for name, src := range map[string]string{
		"go.mod":           "module example.com/m\n\ngo 1.26\n",
		"bad/bad.go":       bad,
		"good/good.go":     good,
		"broken/broken.go": broken,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return bin, dir
}

func run(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ee):
		return out.String(), ee.ExitCode()
	}
	t.Fatalf("%s: %v", name, err)
	return "", 0
}

var findingRE = regexp.MustCompile(`(?m)^\S*?(\w+\.go:\d+:\d+): (.*)$`)

// checkSuffix is the check's name that ends a finding in standalone text
// output.
var checkSuffix = regexp.MustCompile(` \((flagdata|spinwait|afterstore|loadmutate|mixedatomic|doublecheck|unjoined|directive)\)$`)

// findings extracts "file:line:col: message" lines, paths trimmed and
// without the check's name that standalone output appends.
func findings(out string) []string {
	var fs []string
	for _, m := range findingRE.FindAllStringSubmatch(out, -1) {
		fs = append(fs, m[1]+": "+checkSuffix.ReplaceAllString(m[2], ""))
	}
	sort.Strings(fs)
	return fs
}

func TestStandalone(t *testing.T) {
	bin, dir := setup(t)

	out, code := run(t, dir, bin, "./bad")
	if code != 3 {
		t.Errorf("pubcheck ./bad: exit %d, want 3\n%s", code, out)
	}
	for _, want := range []string{
		"bad.go:21:2: ready set by plain write after writing data (readers may see ready before data)",
		"bad.go:12:7: ready polled in a loop without synchronization",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("pubcheck ./bad: output lacks %q\n%s", want, out)
		}
	}

	if out, code := run(t, dir, bin, "./good"); code != 0 || out != "" {
		t.Errorf("pubcheck ./good: exit %d, output %q; want 0 and nothing", code, out)
	}

	if out, code := run(t, dir, bin, "-json", "./bad"); code != 0 || !strings.Contains(out, `"category": "flagdata"`) {
		t.Errorf("pubcheck -json ./bad: exit %d, want 0 and a flagdata finding\n%s", code, out)
	}

	if out, code := run(t, dir, bin, "./broken"); code != 1 || !strings.Contains(out, "cannot use") {
		t.Errorf("pubcheck ./broken: exit %d, want 1 and the type error\n%s", code, out)
	}
}

func TestVetTool(t *testing.T) {
	bin, dir := setup(t)
	standalone, _ := run(t, dir, bin, "./bad")
	vet, code := run(t, dir, "go", "vet", "-vettool="+bin, "./bad")
	if code == 0 {
		t.Errorf("go vet -vettool ./bad: exit 0, want failure\n%s", vet)
	}
	s, v := findings(standalone), findings(vet)
	if len(s) == 0 || strings.Join(s, "\n") != strings.Join(v, "\n") {
		t.Errorf("findings differ:\nstandalone:\n%s\nvet:\n%s", strings.Join(s, "\n"), strings.Join(v, "\n"))
	}
	if out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./good"); code != 0 || out != "" {
		t.Errorf("go vet -vettool ./good: exit %d, output %q; want 0 and nothing", code, out)
	}
}

// TestReadme checks that the outputs shown in README.md are what pubcheck
// prints for the bundled examples, line for line.
func TestReadme(t *testing.T) {
	bin, _ := setup(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	out, code := run(t, "../..", bin, "./examples/...")
	if code != 3 {
		t.Fatalf("pubcheck ./examples/...: exit %d, want 3\n%s", code, out)
	}
	lineRE := regexp.MustCompile(`(?m)^(?:\S*/)?(\w+\.go:\d+:\d+: .*)$`)
	var got, want []string
	for _, m := range lineRE.FindAllStringSubmatch(out, -1) {
		got = append(got, m[1])
	}
	for _, m := range lineRE.FindAllStringSubmatch(string(readme), -1) {
		want = append(want, m[1])
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("README.md outputs differ from pubcheck ./examples/...:\nREADME:\n%s\n\npubcheck:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
}

// TestDemos checks that pubcheck reports each broken demo with the check the
// demo illustrates, and nothing in any fixed variant, standalone and under
// go vet.
func TestDemos(t *testing.T) {
	bin, _ := setup(t)
	var pkgs []string
	for _, d := range demos.All {
		pkgs = append(pkgs, "./demos/"+d.Name+"/broken")
		for _, v := range d.Variants {
			pkgs = append(pkgs, "./demos/"+d.Name+"/"+v)
		}
	}
	out, code := run(t, "../..", bin, append([]string{"-json"}, pkgs...)...)
	if code != 0 {
		t.Fatalf("pubcheck -json: exit %d\n%s", code, out)
	}
	var res map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("decoding -json output: %v\n%s", err, out)
	}
	cats := make(map[string]map[string]bool) // demo dir -> categories
	for id, byAnalyzer := range res {
		var diags []struct {
			Category string `json:"category"`
			Posn     string `json:"posn"`
		}
		if err := json.Unmarshal(byAnalyzer["pubcheck"], &diags); err != nil {
			t.Fatalf("%s: %v: %s", id, err, byAnalyzer["pubcheck"])
		}
		for _, d := range diags {
			dir := filepath.Base(filepath.Dir(filepath.Dir(d.Posn))) + "/" + filepath.Base(filepath.Dir(d.Posn))
			if cats[dir] == nil {
				cats[dir] = make(map[string]bool)
			}
			cats[dir][d.Category] = true
		}
	}
	for _, d := range demos.All {
		got := cats[d.Name+"/broken"]
		switch {
		case d.Check == "" && len(got) > 0:
			t.Errorf("demos/%s/broken: reported %v, want nothing (not a publication race)", d.Name, got)
		case d.Check != "" && !got[d.Check]:
			t.Errorf("demos/%s/broken: reported %v, want %s", d.Name, got, d.Check)
		}
		for _, v := range d.Variants {
			if got := cats[d.Name+"/"+v]; len(got) > 0 {
				t.Errorf("demos/%s/%s: reported %v, want nothing", d.Name, v, got)
			}
		}
	}
}

// writeModule writes files (path -> source) under a new module directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mod")
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBadInput runs pubcheck over inputs that are hard to analyze: it must
// say what it could not analyze, go on with the rest, and never crash.
func TestBadInput(t *testing.T) {
	bin, _ := setup(t)

	// A huge function: thousands of blocks before the pattern.
	var huge strings.Builder
	huge.WriteString("package huge\n\nimport \"fmt\"\n\nvar data, n int\nvar ready bool\n\nfunc worker() {\n\tfor !ready {\n\t}\n\tfmt.Println(data)\n}\n\nfunc Run(x int) {\n\tgo worker()\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&huge, "\tif x == %d {\n\t\tn++\n\t}\n", i)
	}
	huge.WriteString("\tdata = 1\n\tready = true\n}\n")

	// Closures nested 16 deep, the innermost writing a variable of the outermost
	// (much deeper nesting exhausts the compiler, which builds export data).
	var nested strings.Builder
	nested.WriteString("package nested\n\nfunc Run() int {\n\tv := 0\n\tdone := make(chan bool)\n\tgo func() {\n")
	for i := 0; i < 16; i++ {
		nested.WriteString("\tfunc() {\n")
	}
	nested.WriteString("\tv = 1\n")
	for i := 0; i < 16; i++ {
		nested.WriteString("\t}()\n")
	}
	nested.WriteString("\tclose(done)\n\t}()\n\t<-done\n\treturn v\n}\n")

	dir := writeModule(t, map[string]string{
		"bad/bad.go":       bad,
		"broken/broken.go": broken,
		"huge/huge.go":     huge.String(),
		"nested/nested.go": nested.String(),
		"gen/gen.go":       "// Code generated by hand for a test. DO NOT EDIT.\n\n" + strings.Replace(bad, "package bad", "package gen", 1),
		"generic/g.go": `package generic

type Box[T any] struct{ v T }

func (b *Box[T]) Get() T { return b.v }
`,
		"cgo/cgo.go": `package cgo

// int twice(int x) { return 2 * x; }
import "C"

var data int
var ready bool

func worker() {
	for !ready {
	}
	println(data)
}

func Run() {
	go worker()
	data = int(C.twice(2))
	ready = true
}
`,
	})

	// A package that does not type-check is named, and the others are
	// still analyzed. (Kept apart from the rest: when one package fails to
	// compile, the go command may stop building export data for others.)
	out, code := run(t, dir, bin, "./broken", "./bad")
	if code != 1 {
		t.Errorf("./broken ./bad: exit %d, want 1 (a package does not type-check)", code)
	}
	for _, want := range []string{
		"pubcheck: example.com/m/broken not analyzed: broken/broken.go:3:23: cannot use",
		"bad/bad.go:21:2: ready set by plain write",
	} {
		if strings.Count(out, want) != 1 {
			t.Errorf("./broken ./bad: output has not once %q\n%s", want, out)
		}
	}
	if strings.Count(out, "cannot use") != 1 {
		t.Errorf("./broken ./bad: the type error is not printed once\n%s", out)
	}

	// A huge function is analyzed; deeply nested closures and generic code
	// do not crash; findings in generated files are not reported.
	out, code = run(t, dir, bin, "./huge", "./nested", "./gen", "./generic")
	if code != 3 || !strings.Contains(out, "huge.go:9017:2: ready set by plain write") {
		t.Errorf("./huge: exit %d, want 3 and the flagdata finding\n%s", code, out)
	}
	for _, bad := range []string{"gen.go", "nested.go", "generic", "panic", "skipped"} {
		if strings.Contains(out, bad) {
			t.Errorf("unexpected %q in output\n%s", bad, out)
		}
	}

	// cgo, on its own: when a package of the same go list run fails to
	// compile, the go command stops building export data for the others.
	if _, err := exec.LookPath("gcc"); err == nil && os.Getenv("CGO_ENABLED") != "0" {
		cout, ccode := run(t, dir, bin, "./cgo")

		if ccode != 3 || !strings.Contains(cout, "cgo.go:18:2: ready set by plain write") {
			t.Errorf("cgo package: exit %d, want 3 and the flagdata finding\n%s", ccode, cout)
		}
	}
}

const libSrc = `package lib

import "sync/atomic"

type Config struct{ Timeout int }

type Registry struct{ cur atomic.Pointer[Config] }

func (r *Registry) Publish(c *Config) { r.cur.Store(c) }

func (r *Registry) Timeout() int { return r.cur.Load().Timeout }
`

const useSrc = `package use

import "example.com/m/lib"

var reg lib.Registry

func Reload() {
	c := &lib.Config{}
	reg.Publish(c)
	c.Timeout = 5
}
`

// TestCrossPackage checks that a function of another package is seen
// through its summary, standalone and under go vet, whether or not the
// other package is named.
func TestCrossPackage(t *testing.T) {
	bin, _ := setup(t)
	dir := writeModule(t, map[string]string{"lib/lib.go": libSrc, "use/use.go": useSrc})
	const want = "use.go:10:2: c.Timeout modified after c was published by reg.Publish (concurrent Loads may see the change)"

	out, code := run(t, dir, bin, "./...")
	if code != 3 || !strings.Contains(out, want) {
		t.Errorf("pubcheck ./...: exit %d, want 3 and %q\n%s", code, want, out)
	}
	out, code = run(t, dir, "go", "vet", "-vettool="+bin, "./use")
	if code == 0 || !strings.Contains(out, want) {
		t.Errorf("go vet -vettool ./use: exit %d, want failure and %q\n%s", code, want, out)
	}
	// Standalone, as under go vet, every dependency is summarized.
	if out, code := run(t, dir, bin, "./use"); code != 3 || !strings.Contains(out, want) {
		t.Errorf("pubcheck ./use: exit %d, want 3 and %q\n%s", code, want, out)
	}
}

// TestFixDiff checks that -fix -diff shows mixedatomic's fix and leaves the
// file alone.
func TestFixDiff(t *testing.T) {
	bin, _ := setup(t)
	before, err := os.ReadFile("../../examples/mixedatomic/server.go")
	if err != nil {
		t.Fatal(err)
	}
	out, code := run(t, "../..", bin, "-fix", "-diff", "./examples/mixedatomic")
	if code != 0 || !strings.Contains(out, "+\trequests atomic.Int64") {
		t.Errorf("pubcheck -fix -diff: exit %d, want 0 and the typed atomic\n%s", code, out)
	}
	if after, _ := os.ReadFile("../../examples/mixedatomic/server.go"); !bytes.Equal(before, after) {
		t.Errorf("-diff changed examples/mixedatomic/server.go")
	}
}
