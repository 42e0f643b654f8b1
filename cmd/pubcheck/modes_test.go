package main_test

import (
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestStandaloneEqualsVet runs pubcheck over every package of the
// analyzer's testdata (a GOPATH tree), standalone and under go vet
// -vettool, and expects the same findings: the summarize decision, the
// summaries and the checks do not depend on the driver.
func TestStandaloneEqualsVet(t *testing.T) {
	bin, _ := setup(t)
	gopath, err := filepath.Abs("../../analyzer/testdata")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(gopath, "src")
	t.Setenv("GO111MODULE", "off")
	t.Setenv("GOPATH", gopath)
	t.Setenv("GOFLAGS", "")
	sa, code := runStdout(t, dir, bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("pubcheck -json ./...: exit %d", code)
	}
	vet, code := runStdout(t, dir, "go", "vet", "-vettool="+bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("go vet -vettool -json ./...: exit %d\n%s", code, vet)
	}
	s, v := jsonFindings(t, sa), jsonFindings(t, vet)
	if len(s) < 50 {
		t.Fatalf("standalone: %d findings in the testdata, want many", len(s))
	}
	if !slices.Equal(s, v) {
		t.Errorf("standalone and go vet differ:\nstandalone only:\n%s\nvet only:\n%s",
			strings.Join(minus(s, v), "\n"), strings.Join(minus(v, s), "\n"))
	}
}

// runStdout runs name with args in dir and returns its standard output
// (and, for go vet, which prints its JSON there, its standard error) and
// exit status.
func runStdout(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out strings.Builder
	cmd.Stdout = &out
	if name == "go" {
		cmd.Stderr = &out
	}
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

// jsonFindings reads the findings of x/tools' JSON output, which go vet
// prints as one object per package, in order: position, category and
// message of each.
func jsonFindings(t *testing.T, out string) []string {
	t.Helper()
	var all []string
	// go vet puts a "# package" line before each package's object.
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "# ") {
			lines = append(lines, l)
		}
	}
	dec := json.NewDecoder(strings.NewReader(strings.Join(lines, "\n")))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("%v in\n%s", err, out)
		}
		for _, byName := range tree {
			var diags []struct{ Posn, Category, Message string }
			if json.Unmarshal(byName["pubcheck"], &diags) != nil {
				continue // an error, not findings
			}
			for _, d := range diags {
				all = append(all, d.Posn+": "+d.Message+" ("+d.Category+")")
			}
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}
