package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestExitCodes checks every line of the README's exit-code table.
func TestExitCodes(t *testing.T) {
	bin, dir := setup(t)
	nomod := t.TempDir()
	if err := os.WriteFile(filepath.Join(nomod, "x.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		dir  string
		args []string
		code int
		want string // a line of the output, as a regexp
	}{
		{"clean", dir, []string{"./good"}, 0, `^$`},
		{"findings", dir, []string{"./bad"}, 3, `^bad/bad\.go:21:2: ready set by plain write after writing data .* \(flagdata\)$`},
		{"findings -json", dir, []string{"-json", "./bad"}, 0, `"category": "flagdata"`},
		{"findings -sarif", dir, []string{"-sarif", "./bad"}, 0, `"ruleId": "flagdata"`},
		{"does not type-check", dir, []string{"./broken"}, 1, `^pubcheck: example\.com/m/broken not analyzed: broken/broken\.go:3:23: cannot use`},
		{"outside a module", nomod, []string{"."}, 1, `^go: go\.mod file not found in current directory or any parent directory; see 'go help modules'$`},
		{"outside a module, ./...", nomod, []string{"./..."}, 1, `^go: go\.mod file not found in current directory or any parent directory; see 'go help modules'$`},
		{"unknown flag", dir, []string{"-nosuch", "./bad"}, 2, `^pubcheck: flag provided but not defined: -nosuch$`},
		{"no packages", dir, nil, 2, `^pubcheck: no packages named`},
		{"unknown check", dir, []string{"-checks=flagdta", "./bad"}, 2, `unknown check "flagdta"`},
		{"-explain", dir, []string{"-explain", "flagdata"}, 0, `^flagdata: data published through a plain flag$`},
		{"-explain unknown", dir, []string{"-explain", "nosuch"}, 2, `^pubcheck: unknown check "nosuch"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, code := run(t, c.dir, bin, c.args...)
			if code != c.code {
				t.Errorf("pubcheck %s: exit %d, want %d\n%s", strings.Join(c.args, " "), code, c.code, out)
			}
			if !regexp.MustCompile(`(?m)` + c.want).MatchString(out) {
				t.Errorf("pubcheck %s: no line matches %s\n%s", strings.Join(c.args, " "), c.want, out)
			}
			if code == 2 && strings.Count(out, "\n") > 2 {
				t.Errorf("pubcheck %s: a usage error takes more than two lines\n%s", strings.Join(c.args, " "), out)
			}
		})
	}
	// Under go vet, vet itself exits 1 when the tool reports.
	if out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./bad"); code != 1 || !strings.Contains(out, "ready set by plain write") {
		t.Errorf("go vet -vettool ./bad: exit %d, want 1 and the finding\n%s", code, out)
	}
}

// TestChecksFlagDrivers turns a check off in both drivers.
func TestChecksFlagDrivers(t *testing.T) {
	bin, dir := setup(t)
	for _, cmd := range [][]string{
		{bin, "-checks=all,-spinwait", "./bad"},
		{"go", "vet", "-vettool=" + bin, "-checks=all,-spinwait", "./bad"},
		{"go", "vet", "-vettool=" + bin, "-checks=-spinwait", "./bad"},
	} {
		out, _ := run(t, dir, cmd[0], cmd[1:]...)
		if !strings.Contains(out, "ready set by plain write") || strings.Contains(out, "polled in a loop") {
			t.Errorf("%s: want the flagdata finding and no spinwait\n%s", strings.Join(cmd, " "), out)
		}
	}
}

// TestTags checks that -tags selects files as go build does.
func TestTags(t *testing.T) {
	bin, _ := setup(t)
	dir := writeModule(t, map[string]string{
		"p/p.go":   "package p\n",
		"p/tag.go": "//go:build special\n\n" + strings.Replace(bad, "package bad", "package p", 1),
	})
	if out, code := run(t, dir, bin, "./p"); code != 0 {
		t.Errorf("pubcheck ./p: exit %d, want 0 (tag.go is not built)\n%s", code, out)
	}
	if out, code := run(t, dir, bin, "-tags=special", "./p"); code != 3 || !strings.Contains(out, "p/tag.go:23:2: ready set by plain write") {
		t.Errorf("pubcheck -tags=special ./p: exit %d, want 3 and the finding in tag.go\n%s", code, out)
	}
}

// TestVersion checks -version, and -V=full as go vet reads it: a devel
// build ends with a buildID that changes with the binary.
func TestVersion(t *testing.T) {
	bin, dir := setup(t)
	out, code := run(t, dir, bin, "-version")
	if code != 0 || !regexp.MustCompile(`^pubcheck (devel|v\d)`).MatchString(out) {
		t.Errorf("pubcheck -version: exit %d, output %q", code, out)
	}
	full := regexp.MustCompile(`^pubcheck version (\S+).* buildID=([0-9a-f]{64})\n$`)
	out1, _ := run(t, dir, bin, "-V=full")
	m1 := full.FindStringSubmatch(out1)
	if m1 == nil {
		t.Fatalf("pubcheck -V=full: %q does not match %s", out1, full)
	}
	other := filepath.Join(t.TempDir(), "pubcheck")
	if out, err := exec.Command("go", "build", "-ldflags=-s", "-o", other, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out2, _ := run(t, dir, other, "-V=full")
	m2 := full.FindStringSubmatch(out2)
	if m2 == nil || m2[2] == m1[2] {
		t.Errorf("-V=full of two different builds: %q and %q; want different build IDs", out1, out2)
	}
}

// TestRelativePaths checks that standalone output names files relative to
// the working directory, as go vet does.
func TestRelativePaths(t *testing.T) {
	bin, dir := setup(t)
	out, _ := run(t, filepath.Join(dir, "bad"), bin, ".")
	if !regexp.MustCompile(`(?m)^bad\.go:21:2: `).MatchString(out) || strings.Contains(out, dir) {
		t.Errorf("pubcheck . in bad/: want paths relative to bad/\n%s", out)
	}
}

// TestJSONURL checks that every finding in -json carries its check's
// documentation URL.
func TestJSONURL(t *testing.T) {
	bin, dir := setup(t)
	out, _ := run(t, dir, bin, "-json", "./bad")
	var tree map[string]map[string][]struct {
		Category string
		URL      string
	}
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("pubcheck -json: %v\n%s", err, out)
	}
	n := 0
	for _, byName := range tree {
		for _, d := range byName["pubcheck"] {
			n++
			if d.URL != "https://github.com/pubcheck/pubcheck#"+d.Category {
				t.Errorf("finding of %s has URL %q", d.Category, d.URL)
			}
		}
	}
	if n == 0 {
		t.Errorf("pubcheck -json ./bad: no findings\n%s", out)
	}
}

// TestBaseline checks that a baseline hides the findings it records,
// after edits that move them, and not new ones.
func TestBaseline(t *testing.T) {
	bin, _ := setup(t)
	dir := writeModule(t, map[string]string{"bad/bad.go": bad})
	if out, code := run(t, dir, bin, "-write-baseline", "pubcheck.baseline", "./..."); code != 0 || !strings.Contains(out, "2 findings recorded") {
		t.Fatalf("-write-baseline: exit %d\n%s", code, out)
	}
	if out, code := run(t, dir, bin, "-baseline", "pubcheck.baseline", "./..."); code != 0 || out != "" {
		t.Errorf("-baseline right after: exit %d, output %q; want 0 and nothing", code, out)
	}
	// Lines added above the findings move them: still known.
	moved := strings.Replace(bad, "var data string", "// Some documentation.\n//\n// More.\nvar data string", 1)
	if err := os.WriteFile(filepath.Join(dir, "bad/bad.go"), []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := run(t, dir, bin, "-baseline", "pubcheck.baseline", "./..."); code != 0 || out != "" {
		t.Errorf("-baseline after lines were added above: exit %d, output %q; want 0 and nothing", code, out)
	}
	if out, code := run(t, dir, bin, "./..."); code != 3 || !strings.Contains(out, "bad/bad.go:24:2: ready set") {
		t.Errorf("without -baseline: exit %d, want 3 and the moved finding\n%s", code, out)
	}
	// A new finding in the same function is reported.
	added := strings.Replace(moved, "\tready = true\n}", "\tready = true\n\tinfo = \"x\"\n\tlate = true\n}\n\nvar info string\nvar late bool\n\nfunc reader() {\n\tfor !late {\n\t}\n\tfmt.Println(info)\n}\n\nfunc Start() { go reader() }", 1)
	if err := os.WriteFile(filepath.Join(dir, "bad/bad.go"), []byte(added), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := run(t, dir, bin, "-baseline", "pubcheck.baseline", "./...")
	if code != 3 || !strings.Contains(out, "late set by plain write after writing info") || strings.Contains(out, "ready set") {
		t.Errorf("-baseline with a new finding in Run: exit %d, want 3, the new finding and not the old\n%s", code, out)
	}
}

// TestFixRemaining checks that -fix applies what it can and reports what
// it cannot, with exit status 3.
func TestFixRemaining(t *testing.T) {
	bin, _ := setup(t)
	src, err := os.ReadFile("../../examples/mixedatomic/server.go")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeModule(t, map[string]string{"m/server.go": string(src), "bad/bad.go": bad})
	out, code := run(t, dir, bin, "-fix", "./...")
	if code != 3 || !strings.Contains(out, "2 findings have no automatic fix") || !strings.Contains(out, "ready set by plain write") {
		t.Errorf("pubcheck -fix: exit %d, want 3 and the two findings without a fix\n%s", code, out)
	}
	fixed, _ := os.ReadFile(filepath.Join(dir, "m/server.go"))
	if !strings.Contains(string(fixed), "atomic.Int64") {
		t.Errorf("pubcheck -fix did not apply mixedatomic's fix:\n%s", fixed)
	}
	if out, code := run(t, dir, bin, "-fix", "./m"); code != 0 || out != "" {
		t.Errorf("pubcheck -fix ./m after the fix: exit %d, output %q; want 0 and nothing", code, out)
	}
}

// TestProfilesChangeNothing checks that the profiling flags write their
// files (CPU and heap profiles go tool pprof reads, one trace per
// package) and leave the findings as they are.
func TestProfilesChangeNothing(t *testing.T) {
	bin, dir := setup(t)
	plain, code := run(t, dir, bin, "./bad")
	prof := filepath.Join(t.TempDir(), "p")
	profiled, pcode := run(t, dir, bin, "-cpuprofile", prof+".cpu", "-memprofile", prof+".mem", "-trace", prof+".trace", "./bad")
	if plain != profiled || code != pcode {
		t.Errorf("with profiles: exit %d, output\n%s\nwithout: exit %d, output\n%s", pcode, profiled, code, plain)
	}
	for _, ext := range []string{".cpu", ".mem"} {
		out, err := exec.Command("go", "tool", "pprof", "-top", prof+ext).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "flat%") {
			t.Errorf("go tool pprof -top %s: %v\n%s", ext, err, out)
		}
	}
	traces, _ := filepath.Glob(filepath.Join(prof+".trace", "*bad*"))
	if len(traces) == 0 {
		t.Errorf("no trace of package bad in %s.trace", prof)
	}
	for _, tr := range traces {
		if fi, err := os.Stat(tr); err != nil || fi.Size() == 0 {
			t.Errorf("trace %s empty: %v", tr, err)
		}
	}
}

// TestCachedRerun checks that a second run on unchanged code replays every
// package from go vet's cache, that the replay reports what the first run
// did, and that a change to one package re-analyzes it and its importers
// only.
func TestCachedRerun(t *testing.T) {
	bin, _ := setup(t)
	dir := writeModule(t, map[string]string{
		"lib/lib.go":     libSrc,
		"use/use.go":     useSrc,
		"other/other.go": "package other\n\nfunc H() {}\n",
	})
	analyzed := func(out string) []string {
		var pkgs []string
		for _, l := range strings.Split(out, "\n") {
			if p, ok := strings.CutPrefix(l, "pubcheck: analyzed "); ok {
				pkgs = append(pkgs, p)
			}
		}
		return pkgs
	}
	findings := func(out string) string {
		var keep []string
		for _, l := range strings.Split(out, "\n") {
			if !strings.HasPrefix(l, "pubcheck: ") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	first, code1 := run(t, dir, bin, "-v", "./...")
	if got, want := analyzed(first), []string{"example.com/m/lib", "example.com/m/other", "example.com/m/use"}; !slices.Equal(got, want) {
		t.Errorf("first run analyzed %q, want %q\n%s", got, want, first)
	}
	second, code2 := run(t, dir, bin, "-v", "./...")
	if got := analyzed(second); len(got) != 0 {
		t.Errorf("second run analyzed %q, want nothing (all from the cache)\n%s", got, second)
	}
	if code1 != 3 || code2 != code1 || findings(first) != findings(second) || !strings.Contains(second, "c.Timeout modified after c was published") {
		t.Errorf("first run: exit %d\n%s\nsecond run: exit %d\n%s\nwant exit 3 and the same finding twice", code1, first, code2, second)
	}
	f, err := os.OpenFile(filepath.Join(dir, "lib/lib.go"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\nfunc Extra() {}\n")
	f.Close()
	third, _ := run(t, dir, bin, "-v", "./...")
	if got, want := analyzed(third), []string{"example.com/m/lib", "example.com/m/use"}; !slices.Equal(got, want) {
		t.Errorf("after a change to lib, analyzed %q, want %q (lib and its importer)\n%s", got, want, third)
	}
}
