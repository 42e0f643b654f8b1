package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pubcheck/pubcheck/analyzer"
	"github.com/pubcheck/pubcheck/internal/sarif"
)

// printText prints each finding as go vet does, file:line:col: message,
// followed by its check in parentheses, then its related positions
// indented by a tab; with context >= 0, that many lines of source around
// the finding.
func printText(w io.Writer, res *result, context int) {
	for _, f := range res.findings {
		fmt.Fprintf(w, "%s: %s (%s)\n", posString(f.pos), f.msg, f.check)
		if context >= 0 {
			printContext(w, f, context)
		}
		for _, r := range f.related {
			fmt.Fprintf(w, "%s: \t%s\n", posString(r.pos), r.msg)
		}
		res.confirm.printStatus(w, f)
	}
	res.confirm.printRaces(w)
}

func printContext(w io.Writer, f *finding, n int) {
	data, err := os.ReadFile(f.pos.Filename)
	if err != nil {
		return
	}
	lines := bytes.Split(data, []byte("\n"))
	end := f.pos.Line
	if f.end.IsValid() && f.end.Filename == f.pos.Filename {
		end = f.end.Line
	}
	for i := max(f.pos.Line-n, 1); i <= min(end+n, len(lines)); i++ {
		fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
	}
}

// The JSON output: x/tools' format (package ID, then analyzer name, then
// the diagnostics or an error), with each diagnostic's documentation URL.
type jsonDiagnostic struct {
	Category       string        `json:"category,omitempty"`
	Posn           string        `json:"posn"`
	End            string        `json:"end"`
	Message        string        `json:"message"`
	URL            string        `json:"url,omitempty"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated `json:"related,omitempty"`
	// With -confirm: what the race detector showed (see confirm.go).
	Status       string            `json:"status,omitempty"`
	Confirmation *jsonConfirmation `json:"confirmation,omitempty"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

// printJSON prints res as x/tools' JSON tree does, with absolute
// positions (tools read them) and the URL of each finding's check.
func printJSON(w io.Writer, res *result) error {
	tree := make(map[string]map[string]any)
	name := analyzer.Analyzer.Name
	for _, e := range res.errors {
		if tree[e.pkg] == nil {
			tree[e.pkg] = make(map[string]any)
		}
		tree[e.pkg][name] = struct {
			Err string `json:"error"`
		}{e.msg}
	}
	for _, f := range res.findings {
		if tree[f.pkg] == nil {
			tree[f.pkg] = make(map[string]any)
		}
		list, _ := tree[f.pkg][name].([]jsonDiagnostic)
		d := jsonDiagnostic{Category: f.check, Posn: f.pos.String(), Message: f.msg, URL: f.url}
		if f.end.IsValid() {
			d.End = f.end.String()
		}
		for _, r := range f.related {
			jr := jsonRelated{Posn: r.pos.String(), Message: r.msg}
			if r.end.IsValid() {
				jr.End = r.end.String()
			}
			d.Related = append(d.Related, jr)
		}
		d.SuggestedFixes = f.fixes
		d.Status, d.Confirmation = res.confirm.jsonStatus(f)
		tree[f.pkg][name] = append(list, d)
	}
	if res.confirm != nil {
		res.confirm.addJSONRaces(tree)
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// printSARIF prints res as a SARIF 2.1.0 log, file names relative to the
// repository that holds the working directory (or to the directory).
func printSARIF(w io.Writer, res *result) error {
	root := sourceRoot()
	files := newSourceFiles()
	var fs []sarif.Finding
	for _, f := range res.findings {
		sf := sarif.Finding{
			Check:      f.check,
			Message:    f.msg,
			URL:        f.url,
			Pos:        sarifPos(f.pos),
			End:        sarifPos(f.end),
			Properties: res.confirm.sarifProperties(f, root),
		}
		for _, r := range f.related {
			sf.Related = append(sf.Related, sarif.Related{Pos: sarifPos(r.pos), Message: r.msg})
		}
		for _, fx := range f.fixes {
			sfx := sarif.Fix{Message: fx.Message}
			for _, e := range fx.Edits {
				sfx.Edits = append(sfx.Edits, sarif.Edit{
					Pos:     sarifPos(files.position(e.Filename, e.Start)),
					End:     sarifPos(files.position(e.Filename, e.End)),
					NewText: e.New,
				})
			}
			sf.Fixes = append(sf.Fixes, sfx)
		}
		fs = append(fs, sf)
	}
	return sarif.WriteRun(w, root, sarifVersion(version()), analyzer.Checks(), fs, res.confirm.sarifRunProperties(root))
}

// sarifVersion gives a devel version the numeric form SARIF consumers
// compare: devel abc123 becomes 0.0.0-devel+abc123.
func sarifVersion(v string) string {
	rest, ok := strings.CutPrefix(v, "devel")
	if !ok {
		return v
	}
	s := "0.0.0-devel"
	if rev := strings.TrimSpace(rest); rev != "" {
		s += "+" + strings.ReplaceAll(rev, "+", ".")
	}
	return s
}

func sarifPos(p token.Position) sarif.Position {
	if !p.IsValid() {
		return sarif.Position{}
	}
	return sarif.Position{File: p.Filename, Line: p.Line, Column: p.Column}
}

// sourceRoot returns the root of the repository that holds the working
// directory (the nearest parent with a .git entry), or the directory.
func sourceRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}

// explain prints the documentation of the check name.
func explain(name string, stdout, stderr io.Writer) int {
	var names []string
	for _, c := range analyzer.Checks() {
		names = append(names, c.Name)
		if c.Name != name {
			continue
		}
		indent := func(s string) string { return "\t" + strings.ReplaceAll(s, "\n", "\n\t") }
		fmt.Fprintf(stdout, "%s: %s\n\n%s\n\nThe rule (https://go.dev/ref/mem): %s\n\nWRONG:\n\n%s\n\nRIGHT:\n\n%s\n\nMore: %s\nSilence one finding: //pubcheck:ignore %s <reason>\n",
			c.Name, c.Title, c.Text, c.Rule, indent(c.Wrong), indent(c.Right), c.URL, c.Name)
		return 0
	}
	fmt.Fprintf(stderr, "pubcheck: unknown check %q (known: %s)\n", name, strings.Join(names, ", "))
	return 2
}
