package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
)

// The GitHub Action: action.yml at the root of the repository, the problem
// matcher that turns pubcheck's output into annotations, and a workflow
// that uses the action. The matcher is tested on pubcheck's real output,
// standalone and under go vet; the action's steps are linted by actionlint
// and their scripts run as the runner runs them.

const (
	actionFile        = "../../action.yml"
	matcherFile       = "../../.github/pubcheck-matcher.json"
	workflowFile      = "../../.github/workflows/pubcheck.yml"
	actionlintVersion = "v1.7.12"
)

// A problem is what the runner takes from a line the matcher matches.
type problem struct{ File, Line, Column, Message, Code string }

type matcher struct {
	owner  string
	source string
	re     *regexp.Regexp
	groups [5]int // file, line, column, message, code
}

// loadMatcher reads .github/pubcheck-matcher.json: one matcher of one
// pattern, with only the fields the runner knows.
func loadMatcher(t *testing.T) *matcher {
	t.Helper()
	data, err := os.ReadFile(matcherFile)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		ProblemMatcher []struct {
			Owner    string `json:"owner"`
			Severity string `json:"severity"`
			Pattern  []struct {
				Regexp   string `json:"regexp"`
				File     int    `json:"file"`
				FromPath int    `json:"fromPath"`
				Line     int    `json:"line"`
				Column   int    `json:"column"`
				Severity int    `json:"severity"`
				Code     int    `json:"code"`
				Message  int    `json:"message"`
				Loop     bool   `json:"loop"`
			} `json:"pattern"`
		} `json:"problemMatcher"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: %v", matcherFile, err)
	}
	if len(f.ProblemMatcher) != 1 || len(f.ProblemMatcher[0].Pattern) != 1 {
		t.Fatalf("%s: want one matcher with one pattern", matcherFile)
	}
	pm, p := f.ProblemMatcher[0], f.ProblemMatcher[0].Pattern[0]
	re, err := regexp.Compile(p.Regexp)
	if err != nil {
		t.Fatalf("%s: %v", matcherFile, err)
	}
	m := &matcher{owner: pm.Owner, source: p.Regexp, re: re, groups: [5]int{p.File, p.Line, p.Column, p.Message, p.Code}}
	for _, g := range m.groups {
		if g < 1 || g > re.NumSubexp() {
			t.Fatalf("%s: group %d of %d", matcherFile, g, re.NumSubexp())
		}
	}
	return m
}

func (m *matcher) match(line string) (problem, bool) {
	sm := m.re.FindStringSubmatch(line)
	if sm == nil {
		return problem{}, false
	}
	g := m.groups
	return problem{sm[g[0]], sm[g[1]], sm[g[2]], sm[g[3]], sm[g[4]]}, true
}

// checkJS matches lines with the matcher's expression in JavaScript, the
// syntax problem matchers are documented in, and reports any line where
// JavaScript and Go disagree. Without node it checks nothing.
func checkJS(t *testing.T, m *matcher, lines []string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("node not found: the expression was not tried in JavaScript")
		return
	}
	const script = `
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const re = new RegExp(input.regexp);
console.log(JSON.stringify(input.lines.map(line => {
	const m = re.exec(line);
	return m && input.groups.map(g => m[g] ?? "");
})));`
	in, err := json.Marshal(map[string]any{"regexp": m.source, "groups": m.groups, "lines": lines})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var js [][]string
	if err := json.Unmarshal(out, &js); err != nil || len(js) != len(lines) {
		t.Fatalf("node printed %q (%v)", out, err)
	}
	for i, line := range lines {
		var got *problem
		if g := js[i]; g != nil {
			got = &problem{g[0], g[1], g[2], g[3], g[4]}
		}
		var want *problem
		if p, ok := m.match(line); ok {
			want = &p
		}
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("%q: JavaScript matched %+v, Go %+v", line, got, want)
		}
	}
}

// position splits a line of the form "path.go:line:col: rest", the form of
// every diagnostic and related line of pubcheck and go vet, without the
// matcher's expression; ok is false for other lines.
func position(line string) (path, ln, col, rest string, ok bool) {
	line = strings.TrimPrefix(line, "vet: ")
	i := strings.Index(line, ".go:")
	if i < 0 {
		return "", "", "", "", false
	}
	parts := strings.SplitN(line[i+len(".go:"):], ":", 3)
	if len(parts) != 3 || !isNumber(parts[0]) || !isNumber(parts[1]) || !strings.HasPrefix(parts[2], " ") {
		return "", "", "", "", false
	}
	return line[:i+len(".go")], parts[0], parts[1], parts[2][1:], true
}

func isNumber(s string) bool {
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

// TestMatcherLines runs the matcher over lines of each shape pubcheck and
// go vet print.
func TestMatcherLines(t *testing.T) {
	m := loadMatcher(t)
	if m.owner != "pubcheck" {
		t.Errorf("owner %q, want pubcheck (action.yml removes the matcher by owner)", m.owner)
	}
	// Problem matchers are JavaScript expressions (and run on .NET); these
	// constructs of Go's syntax have no counterpart there or mean something
	// else.
	for _, s := range []string{"(?P<", "(?i", "(?s", "(?m", "(?U", `\A`, `\z`, `\Q`, "[[:", `\p{`, "(?<"} {
		if strings.Contains(m.source, s) {
			t.Errorf("expression uses %q, not portable to JavaScript", s)
		}
	}

	const (
		flagdata = "ready set by plain write after writing data (readers may see ready before data)"
		spinwait = "ready polled in a loop without synchronization (the write in the other goroutine may never be observed)"
	)
	tests := []struct {
		line string
		want *problem // nil: no match
	}{
		// standalone, with the check's name
		{"x.go:22:2: " + flagdata + " (flagdata)", &problem{"x.go", "22", "2", flagdata, "flagdata"}},
		{"sub/s.go:13:7: " + spinwait + " (spinwait)", &problem{"sub/s.go", "13", "7", spinwait, "spinwait"}},
		{"/home/u/m/sub/s.go:22:2: " + flagdata + " (flagdata)", &problem{"/home/u/m/sub/s.go", "22", "2", flagdata, "flagdata"}},
		{`C:\src\m\sub\s.go:22:2: ` + flagdata + " (flagdata)", &problem{`C:\src\m\sub\s.go`, "22", "2", flagdata, "flagdata"}},
		{"my dir/x.go:22:2: " + flagdata, &problem{"my dir/x.go", "22", "2", flagdata, ""}},
		// go vet: no check name; paths relative to the current directory,
		// which setup-go's matcher takes from the first slash on, reading
		// sub/s.go as /s.go, and x.go not at all
		{"sub/s.go:22:2: " + flagdata, &problem{"sub/s.go", "22", "2", flagdata, ""}},
		{"x.go:13:7: " + spinwait, &problem{"x.go", "13", "7", spinwait, ""}},
		{"./x.go:13:7: " + spinwait, &problem{"./x.go", "13", "7", spinwait, ""}},
		{"../x.go:13:7: " + spinwait, &problem{"../x.go", "13", "7", spinwait, ""}},
		{`.\sub\s.go:13:7: ` + spinwait, &problem{`.\sub\s.go`, "13", "7", spinwait, ""}},
		{"x.go:7: " + flagdata, &problem{"x.go", "7", "", flagdata, ""}},
		// a package that does not type-check, under go vet
		{`vet: ./b.go:3:23: cannot use "x" (untyped string constant) as int value in return statement`,
			&problem{"./b.go", "3", "23", `cannot use "x" (untyped string constant) as int value in return statement`, ""}},
		// the last parenthesis is a check's name or part of the message
		{"x.go:1:2: pubcheck:ignore flagdata directive has no reason (a reason is required) (directive)",
			&problem{"x.go", "1", "2", "pubcheck:ignore flagdata directive has no reason (a reason is required)", "directive"}},
		{"x.go:1:2: m (flagdata) (readers may see ready before data)", &problem{"x.go", "1", "2", "m (flagdata) (readers may see ready before data)", ""}},
		{"x.go:1:2: m (nocheck)", &problem{"x.go", "1", "2", "m (nocheck)", ""}},
		// related information, package headers, other output
		{"x.go:21:2: \twrite to data", nil},
		{"sub/s.go:13:7: \tready read by another goroutine", nil},
		{"/home/u/m/x.go:16:14: \tdata read after the check", nil},
		{"x.go:21:2: ", nil},
		{"# example.com/m/sub", nil},
		{"-: # example.com/m/broken", nil},
		{"pubcheck: analysis skipped due to errors in package", nil},
		{"\t21\t\tdata = \"hello\"", nil},
	}
	// Every check's name, and directive, the category of reports about
	// //pubcheck:ignore directives.
	names := []string{"directive"}
	for _, c := range analyzer.Checks() {
		names = append(names, c.Name)
	}
	for _, name := range names {
		tests = append(tests, struct {
			line string
			want *problem
		}{"a/b.go:3:4: m (x) (" + name + ")", &problem{"a/b.go", "3", "4", "m (x)", name}})
	}

	var lines []string
	for _, tt := range tests {
		lines = append(lines, tt.line)
		got, ok := m.match(tt.line)
		switch {
		case tt.want == nil && ok:
			t.Errorf("%q: matched %+v, want no match", tt.line, got)
		case tt.want != nil && !ok:
			t.Errorf("%q: no match, want %+v", tt.line, *tt.want)
		case tt.want != nil && got != *tt.want:
			t.Errorf("%q:\n got %+v\nwant %+v", tt.line, got, *tt.want)
		}
	}
	checkJS(t, m, lines)
}

// The flagdata example as a library package (bad, renamed): one flagdata
// and one spinwait finding, each with related lines.
func flagdataPackage(name string) string {
	return strings.Replace(bad, "package bad", "package "+name, 1)
}

type jsonDiag struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	Message  string `json:"message"`
	Related  []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// jsonDiagnostics decodes the output of pubcheck -json, by position.
func jsonDiagnostics(t *testing.T, out string) map[string]jsonDiag {
	t.Helper()
	var res map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("decoding -json output: %v\n%s", err, out)
	}
	diags := make(map[string]jsonDiag)
	for id, byAnalyzer := range res {
		var ds []jsonDiag
		if err := json.Unmarshal(byAnalyzer["pubcheck"], &ds); err != nil {
			t.Fatalf("%s: %v: %s", id, err, byAnalyzer["pubcheck"])
		}
		for _, d := range ds {
			diags[canonical(t, d.Posn)] = d
		}
	}
	return diags
}

// canonical returns posn ("file:line:col") with the file's symbolic links
// resolved.
func canonical(t *testing.T, posn string) string {
	t.Helper()
	i := strings.Index(posn, ".go:")
	if i < 0 {
		t.Fatalf("position %q", posn)
	}
	file, err := filepath.EvalSymlinks(posn[:i+len(".go")])
	if err != nil {
		t.Fatal(err)
	}
	return file + posn[i+len(".go"):]
}

// TestMatcherOutput runs pubcheck, standalone and under go vet, from the
// root and from a subdirectory of a module with a finding in each of its
// two packages, and checks that the matcher reads every finding line as
// pubcheck -json reports it, and no other line.
func TestMatcherOutput(t *testing.T) {
	bin, _ := setup(t)
	m := loadMatcher(t)
	dir := writeModule(t, map[string]string{
		"x.go":     flagdataPackage("m"),
		"sub/s.go": flagdataPackage("sub"),
	})
	sub := filepath.Join(dir, "sub")

	out, code := run(t, dir, bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("pubcheck -json ./...: exit %d\n%s", code, out)
	}
	want := jsonDiagnostics(t, out)
	related := make(map[string]bool)
	for _, d := range want {
		for _, r := range d.Related {
			related[canonical(t, r.Posn)+": "+r.Message] = true
		}
	}
	files := make(map[string]bool)
	for posn := range want {
		files[filepath.Base(posn[:strings.Index(posn, ".go:")+len(".go")])] = true
	}
	if !files["x.go"] || !files["s.go"] || len(related) == 0 {
		t.Fatalf("pubcheck -json ./...: want findings with related information in x.go and sub/s.go\n%s", out)
	}

	runs := []struct {
		dir  string
		name string
		args []string
	}{
		{dir, bin, []string{"./..."}},
		{sub, bin, []string{".", ".."}},
		{dir, "go", []string{"vet", "-vettool=" + bin, "./..."}},
		{sub, "go", []string{"vet", "-vettool=" + bin, ".", ".."}},
	}
	for _, r := range runs {
		cmdline := filepath.Base(r.name) + " " + strings.Join(r.args, " ")
		if r.dir == sub {
			cmdline = "(in sub) " + cmdline
		}
		out, code := run(t, r.dir, r.name, r.args...)
		if code == 0 {
			t.Errorf("%s: exit 0, want failure", cmdline)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		seen := make(map[string]bool)
		for _, line := range lines {
			got, matched := m.match(line)
			path, ln, col, rest, ok := position(line)
			if !ok {
				if matched {
					t.Errorf("%s: matched %q as %+v", cmdline, line, got)
				}
				continue
			}
			file := path
			if !filepath.IsAbs(file) {
				file = filepath.Join(r.dir, file)
			}
			posn := canonical(t, file+":"+ln+":"+col)
			if msg, ok := strings.CutPrefix(rest, "\t"); ok {
				if matched {
					t.Errorf("%s: matched related line %q as %+v", cmdline, line, got)
				}
				if !related[posn+": "+msg] {
					t.Errorf("%s: %q is no related line of pubcheck -json", cmdline, line)
				}
				continue
			}
			d, ok := want[posn]
			switch {
			case !ok:
				t.Errorf("%s: %q is no finding of pubcheck -json", cmdline, line)
				continue
			case !matched:
				t.Errorf("%s: finding %q not matched", cmdline, line)
				continue
			case got.File != path || got.Line != ln || got.Column != col:
				t.Errorf("%s: %q matched at %s:%s:%s", cmdline, line, got.File, got.Line, got.Column)
			}
			seen[posn] = true
			switch rest {
			case d.Message:
				if got.Message != d.Message || got.Code != "" {
					t.Errorf("%s: %q matched message %q, code %q; want %q and no code", cmdline, line, got.Message, got.Code, d.Message)
				}
			case d.Message + " (" + d.Category + ")":
				if got.Message != d.Message || got.Code != d.Category {
					t.Errorf("%s: %q matched message %q, code %q; want %q, %q", cmdline, line, got.Message, got.Code, d.Message, d.Category)
				}
			default:
				t.Errorf("%s: %q: want message %q, with or without \" (%s)\"", cmdline, line, d.Message, d.Category)
			}
		}
		if len(seen) != len(want) {
			t.Errorf("%s: %d of %d findings printed\n%s", cmdline, len(seen), len(want), out)
		}
		checkJS(t, m, lines)
	}
}

// yamlParser reads the part of YAML that action.yml is written in: block
// mappings and sequences, plain and quoted scalars, literal block scalars
// and comment lines. The module has no YAML library; actionlint reads the
// same file with a complete one (TestActionlint).
type yamlParser struct {
	lines []string
	i     int
}

func parseYAML(src string) (any, error) {
	p := &yamlParser{lines: strings.Split(src, "\n")}
	p.skip()
	if p.i == len(p.lines) {
		return nil, errors.New("empty document")
	}
	v, err := p.node(p.indent())
	if err != nil {
		return nil, err
	}
	if p.skip(); p.i < len(p.lines) {
		return nil, fmt.Errorf("line %d: unexpected indentation", p.i+1)
	}
	return v, nil
}

// skip moves past blank lines and comment lines.
func (p *yamlParser) skip() {
	for ; p.i < len(p.lines); p.i++ {
		if s := strings.TrimSpace(p.lines[p.i]); s != "" && !strings.HasPrefix(s, "#") {
			return
		}
	}
}

func (p *yamlParser) indent() int {
	return len(p.lines[p.i]) - len(strings.TrimLeft(p.lines[p.i], " "))
}

func (p *yamlParser) node(indent int) (any, error) {
	if s := strings.TrimSpace(p.lines[p.i]); strings.HasPrefix(s, "- ") {
		return p.sequence(indent)
	}
	return p.mapping(indent)
}

func (p *yamlParser) sequence(indent int) (any, error) {
	var seq []any
	for p.skip(); p.i < len(p.lines) && p.indent() == indent; p.skip() {
		item, ok := strings.CutPrefix(strings.TrimSpace(p.lines[p.i]), "- ")
		if !ok {
			return nil, fmt.Errorf("line %d: want a sequence item", p.i+1)
		}
		if _, _, isKey := cutKey(item); !isKey {
			v, err := yamlScalar(item)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", p.i+1, err)
			}
			seq = append(seq, v)
			p.i++
			continue
		}
		// A mapping begins on the item's line: read it as indented there.
		p.lines[p.i] = strings.Repeat(" ", indent+2) + item
		v, err := p.mapping(indent + 2)
		if err != nil {
			return nil, err
		}
		seq = append(seq, v)
	}
	return seq, nil
}

func (p *yamlParser) mapping(indent int) (any, error) {
	m := make(map[string]any)
	for p.skip(); p.i < len(p.lines) && p.indent() == indent; p.skip() {
		line := p.i + 1
		key, value, ok := cutKey(strings.TrimSpace(p.lines[p.i]))
		if !ok {
			return nil, fmt.Errorf("line %d: want key: value", line)
		}
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("line %d: %s repeated", line, key)
		}
		p.i++
		switch value {
		case "":
			if p.skip(); p.i < len(p.lines) && p.indent() > indent {
				v, err := p.node(p.indent())
				if err != nil {
					return nil, err
				}
				m[key] = v
			} else {
				m[key] = ""
			}
		case "|":
			m[key] = p.block(indent)
		default:
			v, err := yamlScalar(value)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			m[key] = v
		}
	}
	return m, nil
}

// cutKey splits "key: value" or "key:".
func cutKey(s string) (key, value string, ok bool) {
	if k, ok := strings.CutSuffix(s, ":"); ok && !strings.Contains(k, ": ") {
		return k, "", k != ""
	}
	key, value, ok = strings.Cut(s, ": ")
	return key, strings.TrimSpace(value), ok && key != "" && !strings.ContainsAny(key[:1], `'"`)
}

// block reads a literal block scalar, the lines indented deeper than its key.
func (p *yamlParser) block(indent int) string {
	var lines []string
	for ; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		if strings.TrimSpace(l) != "" && len(l)-len(strings.TrimLeft(l, " ")) <= indent {
			break
		}
		lines = append(lines, l)
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return ""
	}
	strip := len(lines[0]) - len(strings.TrimLeft(lines[0], " "))
	var b strings.Builder
	for _, l := range lines {
		if len(l) >= strip {
			b.WriteString(l[strip:])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func yamlScalar(s string) (string, error) {
	switch {
	case strings.HasPrefix(s, "'"):
		if len(s) < 2 || !strings.HasSuffix(s, "'") {
			return "", fmt.Errorf("unterminated %s", s)
		}
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	case strings.HasPrefix(s, `"`):
		return strconv.Unquote(s)
	case strings.ContainsAny(s[:1], "[]{}&*!|>%@`"), strings.Contains(s, " #"):
		return "", fmt.Errorf("%s: not a plain scalar this reader knows", s)
	}
	return s, nil
}

// action is action.yml, read.
type action struct {
	name, description string
	inputs            map[string]map[string]any
	using             string
	steps             []map[string]any
}

func readAction(t *testing.T) *action {
	t.Helper()
	src, err := os.ReadFile(actionFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parseYAML(string(src))
	if err != nil {
		t.Fatalf("%s: %v", actionFile, err)
	}
	top, ok := doc.(map[string]any)
	if !ok {
		t.Fatalf("%s: not a mapping", actionFile)
	}
	a := &action{inputs: make(map[string]map[string]any)}
	a.name, _ = top["name"].(string)
	a.description, _ = top["description"].(string)
	inputs, _ := top["inputs"].(map[string]any)
	for name, in := range inputs {
		if a.inputs[name], ok = in.(map[string]any); !ok {
			t.Fatalf("%s: input %s is not a mapping", actionFile, name)
		}
	}
	runs, _ := top["runs"].(map[string]any)
	a.using, _ = runs["using"].(string)
	steps, _ := runs["steps"].([]any)
	for i, s := range steps {
		step, ok := s.(map[string]any)
		if !ok {
			t.Fatalf("%s: step %d is not a mapping", actionFile, i+1)
		}
		a.steps = append(a.steps, step)
	}
	return a
}

func (a *action) step(t *testing.T, id string) map[string]any {
	t.Helper()
	for _, s := range a.steps {
		if s["id"] == id {
			return s
		}
	}
	t.Fatalf("%s: no step with id %s", actionFile, id)
	return nil
}

// TestActionMetadata checks action.yml's inputs and the shape of its steps.
func TestActionMetadata(t *testing.T) {
	a := readAction(t)
	if a.name != "pubcheck" || a.description == "" || a.using != "composite" {
		t.Errorf("name %q, description %q, runs.using %q; want pubcheck, a description, composite", a.name, a.description, a.using)
	}
	defaults := map[string]string{"packages": "./...", "mode": "vet", "flags": "", "sarif": "", "working-directory": "."}
	for name, def := range defaults {
		in, ok := a.inputs[name]
		switch {
		case !ok:
			t.Errorf("input %s missing", name)
		case in["default"] != def || in["description"] == "" || in["required"] != "false":
			t.Errorf("input %s: %v; want default %q, a description, required false", name, in, def)
		}
	}
	for name := range a.inputs {
		if _, ok := defaults[name]; !ok {
			t.Errorf("input %s is not tested", name)
		}
	}

	var runs []string
	uploads := 0
	for _, s := range a.steps {
		if run, ok := s["run"].(string); ok {
			runs = append(runs, run)
			if s["shell"] != "bash" {
				t.Errorf("step %q: shell %v, want bash", s["name"], s["shell"])
			}
			// Inputs reach scripts through env, never as expressions
			// pasted into the script.
			if strings.Contains(run, "${{") {
				t.Errorf("step %q: expression in run:", s["name"])
			}
		}
		if s["uses"] == "github/codeql-action/upload-sarif@v3" {
			uploads++
		}
	}
	if uploads != 1 {
		t.Errorf("%d steps use github/codeql-action/upload-sarif@v3, want 1", uploads)
	}
	script := strings.Join(runs, "\n")
	m := loadMatcher(t)
	add := `echo "::add-matcher::$ACTION_PATH/.github/pubcheck-matcher.json"`
	remove := `echo "::remove-matcher owner=` + m.owner + `::"`
	if !strings.Contains(script, add) || !strings.Contains(script, remove) {
		t.Errorf("the steps do not register the matcher (%s) and remove it (%s)", add, remove)
	}
	if !strings.Contains(script, `go install "github.com/pubcheck/pubcheck/cmd/pubcheck@$ACTION_REF"`) {
		t.Errorf("the steps do not go install pubcheck at the action's ref")
	}
}

// actionlint installs actionlint into a temporary directory.
func actionlint(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "install", "github.com/rhysd/actionlint/cmd/actionlint@"+actionlintVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install actionlint: %v\n%s", err, out)
	}
	return filepath.Join(dir, "actionlint")
}

// stepsWorkflow returns a workflow whose one job runs the steps of the
// composite action (action.yml's text), with the action's inputs as the
// workflow's inputs. actionlint checks little of an action's metadata and
// none of its steps, but all of a workflow's: expressions and the contexts
// they use, the inputs of the actions the steps use, and (with shellcheck
// installed) the run: scripts.
func stepsWorkflow(t *testing.T, src string) string {
	t.Helper()
	section := func(key string) []string {
		lines := strings.Split(src, "\n")
		start := slices.Index(lines, key+":")
		if start < 0 {
			t.Fatalf("%s: no %s section", actionFile, key)
		}
		end := start + 1
		for end < len(lines) && (lines[end] == "" || strings.HasPrefix(lines[end], " ")) {
			end++
		}
		return lines[start:end]
	}
	var b strings.Builder
	b.WriteString("name: action steps\non:\n  workflow_call:\n")
	inputName := regexp.MustCompile(`^  [\w-]+:$`)
	for _, l := range section("inputs") {
		if l != "" {
			b.WriteString("    " + l)
		}
		b.WriteString("\n")
		if inputName.MatchString(l) {
			b.WriteString("        type: string\n")
		}
	}
	b.WriteString("jobs:\n  action:\n    runs-on: ubuntu-latest\n")
	runs := section("runs")
	steps := slices.Index(runs, "  steps:")
	if steps < 0 {
		t.Fatalf("%s: no runs.steps", actionFile)
	}
	for _, l := range runs[steps:] {
		if l != "" {
			b.WriteString("  " + l)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestActionlint lints the workflow that uses the action, which makes
// actionlint check action.yml and the inputs the workflow gives it, and the
// action's steps as a workflow of their own. A workflow giving the action an
// input it does not have must fail: actionlint says nothing of a local
// action it did not find.
func TestActionlint(t *testing.T) {
	if testing.Short() {
		t.Skip("installs actionlint")
	}
	if _, err := exec.LookPath("shellcheck"); err != nil {
		t.Log("shellcheck not found: actionlint does not check the run: scripts")
	}
	lint := actionlint(t)

	// A copy of the action and the workflow in a project of their own:
	// actionlint finds local actions (uses: ./) from the root of a
	// repository.
	project := t.TempDir()
	actionSrc, err := os.ReadFile(actionFile)
	if err != nil {
		t.Fatal(err)
	}
	workflow, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"action.yml":                          string(actionSrc),
		".github/workflows/pubcheck.yml":      string(workflow),
		".github/workflows/action-steps.yml":  stepsWorkflow(t, string(actionSrc)),
		"control/.github/workflows/wrong.yml": "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./\n        with:\n          nosuchinput: x\n",
		"control/action.yml":                  string(actionSrc),
		"control/.git/HEAD":                   "ref: refs/heads/main\n",
		".git/HEAD":                           "ref: refs/heads/main\n",
	}
	for name, content := range files {
		p := filepath.Join(project, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	out, code := run(t, project, lint, "-oneline", ".github/workflows/pubcheck.yml", ".github/workflows/action-steps.yml")
	if code != 0 || out != "" {
		t.Errorf("actionlint: exit %d\n%s\naction steps as a workflow:\n%s", code, out, files[".github/workflows/action-steps.yml"])
	}

	out, code = run(t, filepath.Join(project, "control"), lint, "-oneline", ".github/workflows/wrong.yml")
	if want := `input "nosuchinput" is not defined in action "pubcheck"`; code != 1 || !strings.Contains(out, want) {
		t.Errorf("actionlint on a workflow giving the action an unknown input: exit %d, want 1 and %q\n%s", code, want, out)
	}
}

// actionRun runs steps of action.yml as the runner does: each run: script
// by bash -eo pipefail in the step's working directory, with the step's
// env, where expressions are resolved from inputs, the github context and
// earlier steps' outputs, and a $GITHUB_OUTPUT file.
type actionRun struct {
	action     *action
	workspace  string
	actionPath string
	ref, repo  string
	inputs     map[string]string
	outputs    map[string]map[string]string // step id -> outputs
	env        []string
}

var exprRE = regexp.MustCompile(`^\$\{\{ ([\w.-]+) \}\}$`)

func (r *actionRun) eval(t *testing.T, v string) string {
	t.Helper()
	m := exprRE.FindStringSubmatch(v)
	if m == nil {
		if strings.Contains(v, "${{") {
			t.Fatalf("expression %q: only ${{ name }} is resolved here", v)
		}
		return v
	}
	name := m[1]
	switch {
	case name == "github.action_path":
		return r.actionPath
	case name == "github.action_ref":
		return r.ref
	case name == "github.action_repository":
		return r.repo
	case strings.HasPrefix(name, "inputs."):
		in := strings.TrimPrefix(name, "inputs.")
		if v, ok := r.inputs[in]; ok {
			return v
		}
		def, ok := r.action.inputs[in]["default"].(string)
		if !ok {
			t.Fatalf("%s: no input %s", actionFile, in)
		}
		return def
	case strings.HasPrefix(name, "steps."):
		parts := strings.Split(name, ".")
		if len(parts) == 4 && parts[2] == "outputs" {
			return r.outputs[parts[1]][parts[3]]
		}
	}
	t.Fatalf("expression %q: not resolved here", v)
	return ""
}

// step runs the step with the given id and returns its standard output and
// error and its exit code.
func (r *actionRun) step(t *testing.T, id string) (string, int) {
	t.Helper()
	s := r.action.step(t, id)
	script, ok := s["run"].(string)
	if !ok || s["shell"] != "bash" {
		t.Fatalf("step %s: not a bash run: step", id)
	}
	tmp := t.TempDir()
	file := filepath.Join(tmp, "step.sh")
	output := filepath.Join(tmp, "output")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(output, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(slices.Clip(r.env), "GITHUB_OUTPUT="+output, "GITHUB_WORKSPACE="+r.workspace)
	stepEnv, _ := s["env"].(map[string]any)
	for k, v := range stepEnv {
		env = append(env, k+"="+r.eval(t, v.(string)))
	}
	dir := r.workspace
	if wd, ok := s["working-directory"].(string); ok {
		dir = filepath.Join(r.workspace, r.eval(t, wd))
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", file)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("step %s: %v", id, err)
	}

	data, err := os.ReadFile(output)
	if err != nil {
		t.Fatal(err)
	}
	outputs := make(map[string]string)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			t.Fatalf("step %s: output line %q", id, sc.Text())
		}
		outputs[k] = v
	}
	r.outputs[id] = outputs
	return out.String(), code
}

// TestActionScripts runs the action's steps on a module with findings: the
// install step with a release ref that cannot be installed (no module
// proxy) and for uses: ./, then the check in each mode, from the workspace
// root and from a subdirectory, and the step that fails the action.
func TestActionScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pubcheck and runs it")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the action's steps run in bash")
	}
	a := readAction(t)
	m := loadMatcher(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeModule(t, map[string]string{
		"x.go":     flagdataPackage("m"),
		"sub/s.go": flagdataPackage("sub"),
	})
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GITHUB_") && !strings.HasPrefix(kv, "RUNNER_") {
			env = append(env, kv)
		}
	}
	env = append(env, "RUNNER_TEMP="+t.TempDir(), "GOPROXY=off")
	newRun := func(workspace, ref, repo string, inputs map[string]string) *actionRun {
		return &actionRun{action: a, workspace: workspace, actionPath: root, ref: ref, repo: repo,
			inputs: inputs, outputs: make(map[string]map[string]string), env: env}
	}

	// Install.
	r := newRun(dir, "v0.0.1", "pubcheck/pubcheck", nil)
	out, code := r.step(t, "install")
	for _, want := range []string{"go install github.com/pubcheck/pubcheck/cmd/pubcheck@v0.0.1", "go install failed", "building pubcheck from " + root} {
		if !strings.Contains(out, want) {
			t.Errorf("install at v0.0.1 without a module proxy: output lacks %q\n%s", want, out)
		}
	}
	if code != 0 {
		t.Fatalf("install at v0.0.1: exit %d\n%s", code, out)
	}
	r = newRun(dir, "", "", nil)
	out, code = r.step(t, "install")
	if code != 0 || strings.Contains(out, "go install") || !strings.Contains(out, "building pubcheck from "+root) {
		t.Fatalf("install for uses: ./: exit %d, want 0 and a build from %s\n%s", code, root, out)
	}
	bin := r.outputs["install"]["path"]
	if fi, err := os.Stat(bin); err != nil || fi.Mode()&0o111 == 0 {
		t.Fatalf("install: output path=%q is no executable (%v)", bin, err)
	}
	installed := r.outputs

	// Whether this pubcheck has -sarif, asked as the action asks it.
	cmd := exec.Command(bin, "-sarif", "-checks=all,-spinwait", "./...")
	cmd.Dir = dir
	sarifOut, err := cmd.Output()
	var ee *exec.ExitError
	sarif := (err == nil || errors.As(err, &ee) && ee.ExitCode() == 3) && bytes.Contains(sarifOut, []byte(`"2.1.0"`))
	if !sarif {
		t.Log("pubcheck has no -sarif: checking that the action reports its failure")
	}

	parent := filepath.Dir(dir)
	tests := []struct {
		name      string
		workspace string
		inputs    map[string]string
		status    string
		checks    []string // checks reported
	}{
		{"defaults", dir, nil, "1", []string{"flagdata", "spinwait"}},
		{"vet in a subdirectory, packages on lines", parent,
			map[string]string{"working-directory": "mod/", "packages": "./sub\n."}, "1", []string{"flagdata", "spinwait"}},
		{"standalone in a subdirectory, flags, SARIF", parent,
			map[string]string{"working-directory": "mod", "mode": "standalone", "flags": "-checks=all,-spinwait", "sarif": "pubcheck.sarif"}, "3", []string{"flagdata"}},
	}
	for _, tt := range tests {
		r := newRun(tt.workspace, "", "", tt.inputs)
		r.outputs = map[string]map[string]string{"install": installed["install"]}
		out, code := r.step(t, "run")
		if code != 0 {
			t.Errorf("%s: run step exit %d\n%s", tt.name, code, out)
			continue
		}
		lines := strings.Split(out, "\n")
		add := slices.Index(lines, "::add-matcher::"+filepath.Join(root, matcherFile[len("../../"):]))
		remove := slices.Index(lines, "::remove-matcher owner="+m.owner+"::")
		if add < 0 || remove < add {
			t.Errorf("%s: the matcher is not added, then removed\n%s", tt.name, out)
			continue
		}
		checks := make(map[string]bool)
		for _, line := range lines[add+1 : remove] {
			p, matched := m.match(line)
			_, _, _, rest, ok := position(line)
			switch {
			case !ok || strings.HasPrefix(rest, "\t"):
				if matched {
					t.Errorf("%s: matched %q", tt.name, line)
				}
				continue
			case !matched:
				t.Errorf("%s: finding %q not matched", tt.name, line)
				continue
			}
			// The runner resolves a relative path against the workspace.
			file := p.File
			if !filepath.IsAbs(file) {
				file = filepath.Join(tt.workspace, file)
			}
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s: %q: file %s not in the workspace %s", tt.name, line, p.File, tt.workspace)
			}
			switch {
			case strings.Contains(p.Message, "set by plain write"):
				checks["flagdata"] = true
			case strings.Contains(p.Message, "polled in a loop"):
				checks["spinwait"] = true
			default:
				t.Errorf("%s: unexpected finding %q", tt.name, line)
			}
		}
		if got := slices.Sorted(maps.Keys(checks)); !slices.Equal(got, tt.checks) {
			t.Errorf("%s: reported %v, want %v\n%s", tt.name, got, tt.checks, out)
		}
		if got := r.outputs["run"]["status"]; got != tt.status {
			t.Errorf("%s: status=%q, want %q\n%s", tt.name, got, tt.status, out)
		}

		sarifFile := r.outputs["run"]["sarif-file"]
		switch {
		case tt.inputs["sarif"] == "":
			if sarifFile != "" {
				t.Errorf("%s: sarif-file=%q, want none", tt.name, sarifFile)
			}
		case sarif:
			data, err := os.ReadFile(filepath.Join(tt.workspace, sarifFile))
			var log struct{ Version string }
			if err != nil || json.Unmarshal(data, &log) != nil || log.Version != "2.1.0" {
				t.Errorf("%s: sarif-file=%q (relative to the workspace) is no SARIF 2.1.0 log (%v)", tt.name, sarifFile, err)
			}
		default:
			if sarifFile != "" || !strings.Contains(out, "::error title=pubcheck::pubcheck -sarif exited with status") {
				t.Errorf("%s: pubcheck -sarif failed, but sarif-file=%q and no error\n%s", tt.name, sarifFile, out)
			}
		}

		out, code = r.step(t, "status")
		if want, _ := strconv.Atoi(tt.status); code != want {
			t.Errorf("%s: status step exit %d, want %d\n%s", tt.name, code, want, out)
		}
	}

	r = newRun(dir, "", "", map[string]string{"mode": "lint"})
	r.outputs["install"] = installed["install"]
	out, code = r.step(t, "run")
	if code != 1 || !strings.Contains(out, `::error title=pubcheck::mode is "lint", want vet or standalone`) || strings.Contains(out, "::add-matcher::") {
		t.Errorf("mode lint: exit %d, want 1 and an error before the matcher is added\n%s", code, out)
	}
}
