package sarif_test

import (
	"bytes"
	"encoding/json"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pubcheck/pubcheck/analyzer"
	"github.com/pubcheck/pubcheck/internal/sarif"
)

const (
	version        = "0.4.0"
	fingerprintKey = "pubcheck/v1"
)

// The parts of a SARIF log the tests read.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, Version, SemanticVersion, InformationURI string
				Rules                                          []struct {
					ID, Name, HelpURI                 string
					ShortDescription, FullDescription struct{ Text string }
					Help                              struct{ Text, Markdown string }
					DefaultConfiguration              struct{ Level string }
				}
			}
		}
		OriginalURIBaseIDs map[string]artifactLocation
		ColumnKind         string
		Results            []sarifResult
	}
}

type sarifResult struct {
	RuleID    string
	RuleIndex int
	Level     string
	Message   struct {
		Text string
	}
	Locations, RelatedLocations []struct {
		ID               int
		PhysicalLocation physicalLocation
		Message          struct{ Text string }
	}
	PartialFingerprints map[string]string
	Fixes               []struct {
		Description     struct{ Text string }
		ArtifactChanges []struct {
			ArtifactLocation artifactLocation
			Replacements     []struct {
				DeletedRegion   region
				InsertedContent struct{ Text string }
			}
		}
	}
}

type physicalLocation struct {
	ArtifactLocation artifactLocation
	Region           region
}

type artifactLocation struct {
	URI       string
	URIBaseID string
}

type region struct{ StartLine, StartColumn, EndLine, EndColumn int }

// pascalCase is what the SARIF validator takes for a Pascal-case friendly
// name (its rule SARIF2012).
var pascalCase = regexp.MustCompile(`^(\p{Lu}[\p{Ll}\p{Nd}]+)*$`)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// writeLog writes findings as SARIF with root as %SRCROOT% and returns the
// log and its decoding.
func writeLog(t *testing.T, root string, findings []sarif.Finding) ([]byte, *sarifLog) {
	t.Helper()
	var buf bytes.Buffer
	if err := sarif.Write(&buf, root, "v"+version, analyzer.Checks(), findings); err != nil {
		t.Fatal(err)
	}
	var l sarifLog
	if err := json.Unmarshal(buf.Bytes(), &l); err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	if len(l.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(l.Runs))
	}
	return buf.Bytes(), &l
}

// TestExamples checks the log of pubcheck's findings on examples/: its
// rules, that every result names one, and its file locations.
func TestExamples(t *testing.T) {
	root := repoRoot(t)
	findings := analyze(t, root, "./examples/...")
	if len(findings) == 0 {
		t.Fatal("no findings on examples/")
	}
	data, l := writeLog(t, root, findings)
	run := l.Runs[0]

	if l.Version != "2.1.0" || !strings.HasSuffix(l.Schema, "sarif-schema-2.1.0.json") {
		t.Errorf("version %q, $schema %q", l.Version, l.Schema)
	}
	d := run.Tool.Driver
	if d.Name != "pubcheck" || d.Version != version || d.SemanticVersion != version || d.InformationURI != analyzer.DocURL {
		t.Errorf("driver = %s %s (semantic %s) %s", d.Name, d.Version, d.SemanticVersion, d.InformationURI)
	}
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	if got, want := run.OriginalURIBaseIDs["%SRCROOT%"].URI, "file://"+filepath.ToSlash(root)+"/"; got != want {
		t.Errorf("%%SRCROOT%% = %q, want %q", got, want)
	}

	// A rule for every check, then one for directives.
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
		if r.Name == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" ||
			r.HelpURI == "" || r.DefaultConfiguration.Level != "warning" {
			t.Errorf("rule %s is incomplete: %+v", r.ID, r)
		}
		if !pascalCase.MatchString(r.Name) {
			t.Errorf("rule %s: name %q is not Pascal-case", r.ID, r.Name)
		}
		if !strings.Contains(r.Help.Markdown, "WRONG:\n\n```go\n") || !strings.Contains(r.Help.Markdown, "RIGHT:\n\n```go\n") {
			t.Errorf("rule %s: help.markdown has no WRONG and RIGHT code:\n%s", r.ID, r.Help.Markdown)
		}
	}
	var want []string
	for i, c := range analyzer.Checks() {
		want = append(want, c.Name)
		r := d.Rules[min(i, len(d.Rules)-1)]
		if r.ShortDescription.Text != c.Title || r.HelpURI != c.URL || !strings.Contains(r.Help.Markdown, "```go\n"+c.Wrong+"\n```") {
			t.Errorf("rule %s does not describe check %s", r.ID, c.Name)
		}
	}
	want = append(want, "directive")
	if !slices.Equal(ids, want) {
		t.Fatalf("rules = %v, want %v", ids, want)
	}
	if r := d.Rules[len(d.Rules)-1]; r.HelpURI != analyzer.DocURL+"#silencing-a-finding" {
		t.Errorf("directive rule helpUri = %q", r.HelpURI)
	}

	if len(run.Results) != len(findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(findings))
	}
	fixes, related := 0, 0
	prints := make(map[string]bool)
	for _, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(ids) || ids[r.RuleIndex] != r.RuleID {
			t.Errorf("result %q: ruleId %s, ruleIndex %d: no such rule", r.Message.Text, r.RuleID, r.RuleIndex)
		}
		if r.Level != "warning" || r.Message.Text == "" || len(r.Locations) != 1 {
			t.Errorf("result %q: level %q, %d locations", r.Message.Text, r.Level, len(r.Locations))
		}
		fp := r.PartialFingerprints[fingerprintKey]
		if fp == "" || prints[fp] {
			t.Errorf("result %q: fingerprint %q missing or not unique", r.Message.Text, fp)
		}
		prints[fp] = true
		for _, loc := range slices.Concat(r.Locations, r.RelatedLocations) {
			checkInRoot(t, root, loc.PhysicalLocation.ArtifactLocation)
			checkRegion(t, loc.PhysicalLocation.Region)
		}
		for i, loc := range r.RelatedLocations {
			related++
			if loc.ID != i+1 || loc.Message.Text == "" || !strings.Contains(r.Message.Text, "]("+strconv.Itoa(loc.ID)+")") {
				t.Errorf("result %q: related location %d: id %d, message %q, not linked", r.Message.Text, i, loc.ID, loc.Message.Text)
			}
		}
		for _, f := range r.Fixes {
			fixes++
			if f.Description.Text == "" || len(f.ArtifactChanges) == 0 {
				t.Errorf("result %q: empty fix %+v", r.Message.Text, f)
			}
			for _, ch := range f.ArtifactChanges {
				checkInRoot(t, root, ch.ArtifactLocation)
				for _, rep := range ch.Replacements {
					checkRegion(t, rep.DeletedRegion)
				}
			}
		}
	}
	if fixes == 0 || related == 0 {
		t.Errorf("%d fixes and %d related locations in the log of examples/, want some of each", fixes, related)
	}

	// The same findings in another order make the same log, byte for byte.
	slices.Reverse(findings)
	again, _ := writeLog(t, root, findings)
	if !bytes.Equal(data, again) {
		t.Errorf("two logs of the same findings differ")
	}
}

// checkInRoot checks that loc names, relative to %SRCROOT%, a file that
// exists under root.
func checkInRoot(t *testing.T, root string, loc artifactLocation) {
	t.Helper()
	if loc.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.URI, "/") || strings.Contains(loc.URI, ":") || strings.Contains(loc.URI, "..") {
		t.Errorf("artifact location %+v is not relative to %%SRCROOT%%", loc)
		return
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(loc.URI))); err != nil {
		t.Errorf("artifact location %+v: %v", loc, err)
	}
}

func checkRegion(t *testing.T, r region) {
	t.Helper()
	if r.StartLine < 1 || r.StartColumn < 1 || r.EndLine < r.StartLine || (r.EndLine == r.StartLine && r.EndColumn < r.StartColumn) {
		t.Errorf("region %+v is not well formed", r)
	}
}

// TestColumns checks that columns count UTF-16 code units on a line where
// Go's byte columns do not: "ö" is two bytes and one unit, "𝔾" four bytes
// and two units.
func TestColumns(t *testing.T) {
	dir := tempModule(t)
	_, l := writeLog(t, dir, analyze(t, dir, "./..."))
	var got *sarifResult
	for i, r := range l.Runs[0].Results {
		if r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "wide/wide.go" && r.RuleID == "mixedatomic" {
			got = &l.Runs[0].Results[i]
		}
	}
	if got == nil {
		t.Fatal("no mixedatomic result in wide/wide.go")
	}
	line := strings.Split(wideSrc, "\n")[got.Locations[0].PhysicalLocation.Region.StartLine-1]
	before, _, ok := strings.Cut(line, "c.n)")
	if !ok {
		t.Fatalf("finding on line %q, want the line that reads c.n", line)
	}
	start := len(utf16.Encode([]rune(before))) + 1
	want := region{StartLine: 18, StartColumn: start, EndLine: 18, EndColumn: start + len("c.n")}
	if r := got.Locations[0].PhysicalLocation.Region; r != want {
		t.Errorf("region = %+v, want %+v (Go's byte column is %d)", r, want, len(before)+1)
	}
}

// TestDirective checks the result for a malformed directive: the
// directive rule, and a region that ends with the comment's line.
func TestDirective(t *testing.T) {
	dir := tempModule(t)
	_, l := writeLog(t, dir, analyze(t, dir, "./wide"))
	rules := l.Runs[0].Tool.Driver.Rules
	n := 0
	for _, r := range l.Runs[0].Results {
		if r.RuleID != "directive" {
			continue
		}
		n++
		if rules[r.RuleIndex].ID != "directive" {
			t.Errorf("directive result has rule index %d (%s)", r.RuleIndex, rules[r.RuleIndex].ID)
		}
		want := region{StartLine: 20, StartColumn: 1, EndLine: 20, EndColumn: len("//pubcheck:ignore") + 1}
		if got := r.Locations[0].PhysicalLocation.Region; got != want {
			t.Errorf("directive region = %+v, want %+v", got, want)
		}
	}
	if n != 1 {
		t.Errorf("%d directive results, want 1", n)
	}
}

// TestFix applies the replacements of a fix in the log to the source and
// expects the golden file of the analyzer's own fix test.
func TestFix(t *testing.T) {
	dir := tempModule(t)
	_, l := writeLog(t, dir, analyze(t, dir, "./mixedatomicfix"))
	src, err := os.ReadFile(filepath.Join(dir, "mixedatomicfix", "fix.go"))
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join("..", "..", "analyzer", "testdata", "src", "mixedatomicfix", "fix.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	fixed := 0
	for _, r := range l.Runs[0].Results {
		for _, f := range r.Fixes {
			fixed++
			if len(f.ArtifactChanges) != 1 || f.ArtifactChanges[0].ArtifactLocation.URI != "mixedatomicfix/fix.go" {
				t.Fatalf("fix %q changes %+v, want mixedatomicfix/fix.go", f.Description.Text, f.ArtifactChanges)
			}
			out := src
			reps := f.ArtifactChanges[0].Replacements
			for i := len(reps) - 1; i >= 0; i-- { // from the end: offsets stay valid
				start := offset(t, src, reps[i].DeletedRegion.StartLine, reps[i].DeletedRegion.StartColumn)
				end := offset(t, src, reps[i].DeletedRegion.EndLine, reps[i].DeletedRegion.EndColumn)
				out = slices.Concat(out[:start], []byte(reps[i].InsertedContent.Text), out[end:])
			}
			// analysistest formats the fixed file before comparing it.
			if formatted, err := format.Source(out); err != nil {
				t.Errorf("fix %q of %q: %v\n%s", f.Description.Text, r.Message.Text, err, out)
			} else if out = formatted; !bytes.Equal(out, golden) {
				t.Errorf("fix %q of %q gives\n%s\nwant\n%s", f.Description.Text, r.Message.Text, out, golden)
			}
		}
	}
	if fixed == 0 {
		t.Error("no fixes in the log of mixedatomicfix")
	}
}

// offset converts a SARIF line and UTF-16 column into a byte offset in src.
func offset(t *testing.T, src []byte, line, col int) int {
	t.Helper()
	off := 0
	for range line - 1 {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			t.Fatalf("no line %d", line)
		}
		off += i + 1
	}
	for units := 1; units < col; {
		r := []rune(string(src[off:]))[0]
		units += len(utf16.Encode([]rune{r}))
		off += len(string(r))
	}
	return off
}

// TestFingerprintsSurviveEdits moves every finding down by inserting lines
// at the top of its file and expects the same fingerprints.
func TestFingerprintsSurviveEdits(t *testing.T) {
	dir := tempModule(t)
	prints := func() map[string]int {
		_, l := writeLog(t, dir, analyze(t, dir, "./..."))
		m := make(map[string]int)
		for _, r := range l.Runs[0].Results {
			m[r.RuleID+" "+r.PartialFingerprints[fingerprintKey]] = r.Locations[0].PhysicalLocation.Region.StartLine
		}
		return m
	}
	before := prints()
	for _, f := range []string{"mixedatomicfix/fix.go", "wide/wide.go"} {
		path := filepath.Join(dir, filepath.FromSlash(f))
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		write(t, path, "// Moved down.\n\n"+string(src))
	}
	after := prints()
	if len(before) == 0 || len(before) != len(after) {
		t.Fatalf("fingerprints before and after the edit:\n%v\n%v", before, after)
	}
	for fp, line := range before {
		if after[fp] != line+2 {
			t.Errorf("%s: line %d, then %d after two lines were inserted above it", fp, line, after[fp])
		}
	}
}

// TestOutsideRoot checks that files outside the root are named by absolute
// file URIs, without a uriBaseId.
func TestOutsideRoot(t *testing.T) {
	dir := tempModule(t)
	_, l := writeLog(t, filepath.Join(dir, "wide"), analyze(t, dir, "./..."))
	inside, outside := 0, 0
	for _, r := range l.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation.ArtifactLocation
		switch {
		case loc.URI == "wide.go" && loc.URIBaseID == "%SRCROOT%":
			inside++
		case loc.URI == "file://"+filepath.ToSlash(filepath.Join(dir, "mixedatomicfix", "fix.go")) && loc.URIBaseID == "":
			outside++
		default:
			t.Errorf("artifact location %+v", loc)
		}
	}
	if inside == 0 || outside == 0 {
		t.Errorf("%d results inside the root, %d outside, want some of each", inside, outside)
	}
}

// TestWriteErrors checks that a finding no rule describes, or without a
// position, is refused.
func TestWriteErrors(t *testing.T) {
	pos := sarif.Position{File: "/src/a.go", Line: 1, Column: 1}
	for _, f := range []sarif.Finding{
		{Check: "nosuchcheck", Message: "m", Pos: pos},
		{Check: "flagdata", Message: "m"},
	} {
		if err := sarif.Write(new(bytes.Buffer), "/src", version, analyzer.Checks(), []sarif.Finding{f}); err == nil {
			t.Errorf("Write accepted %+v", f)
		}
	}
}
