package main

import (
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// The output of -confirm: a status line under each finding, the race
// reports that match no finding, and a summary; in -json, a status and
// its details on each diagnostic and the unmatched reports as the
// diagnostics of an analyzer "race"; in -sarif, properties.

func tokenPos(file string, line int) token.Position {
	return token.Position{Filename: file, Line: line}
}

// The most race reports shown under one finding in text.
const mostRaces = 3

// printStatus prints the status of f, indented by a tab.
func (c *confirmation) printStatus(w io.Writer, f *finding) {
	if c == nil || c.status[f] == nil {
		return
	}
	fmt.Fprintf(w, "\t%s\n", strings.Join(c.statusLines(f), "\n\t"))
}

// statusLines describes the status of f in one line, or one line per race
// report for a confirmed finding.
func (c *confirmation) statusLines(f *finding) []string {
	st := c.status[f]
	switch st.kind {
	case statusConfirmed:
		var lines []string
		for i, r := range st.races {
			if i == mostRaces {
				lines = append(lines, fmt.Sprintf("(and %d more race reports)", len(st.races)-i))
				break
			}
			lines = append(lines, "confirmed by "+c.raceIn(r, f)+": "+r.describe())
		}
		return lines
	case statusExercised:
		s := "exercised, no race seen: " + positions(st.ran, ", ") + " ran"
		if len(st.notRan) > 0 {
			s += "; " + positions(st.notRan, ", ") + " did not"
		}
		return []string{s}
	case statusNotExercised:
		s := "not exercised: no test ran " + positions(st.notRan, " or ")
		if st.reason != "" {
			s += " (" + st.reason + ")"
		}
		return []string{s}
	}
	return []string{"status unknown: " + st.reason}
}

func positions(ps []position, sep string) string {
	var s []string
	for _, p := range ps {
		s = append(s, posString(tokenPos(p.file, p.line)))
	}
	return strings.Join(s, sep)
}

// raceIn names the tests that reported r, and its package when it is not
// the one of f (or f is nil).
func (c *confirmation) raceIn(r *race, f *finding) string {
	var tests []string
	for _, t := range r.tests {
		if t == "" {
			t = "a run outside any test"
		}
		tests = append(tests, t)
	}
	s := strings.Join(tests, ", ")
	if f != nil && r.pkg != testedPackage(f.pkg) {
		s += " (" + r.pkg + ")"
	}
	if r.count > 1 {
		s += fmt.Sprintf(", reported %d times", r.count)
	}
	return s
}

// describe names the two accesses of r and their lines.
func (r *race) describe() string {
	return r.sides[0].describe(false) + ", " + r.sides[1].describe(true)
}

func (s *side) describe(previous bool) string {
	k := s.acc.Kind()
	if previous {
		k = "previous " + k
	}
	if _, ok := s.top(); ok {
		return k + " at " + s.where()
	}
	return k + " in " + s.where()
}

// unmatched returns the race reports that match no finding.
func (c *confirmation) unmatched() []*race {
	if c == nil {
		return nil
	}
	var out []*race
	for _, r := range c.races {
		if len(r.findings) == 0 {
			out = append(out, r)
		}
	}
	return out
}

// printRaces prints the race reports that match no finding, each as a
// line at one access with the other access below it, then the summary.
func (c *confirmation) printRaces(w io.Writer) {
	if c == nil {
		return
	}
	for _, r := range c.unmatched() {
		first, second := r.sides[0], r.sides[1]
		prevFirst := false
		if _, ok := first.top(); !ok {
			first, second, prevFirst = second, first, true
		}
		why := r.why
		if r.near != nil {
			why += "; an access is on a line of the finding at " + posString(r.near.pos)
		}
		if _, ok := first.top(); !ok {
			// Neither access has a line outside the Go distribution.
			fmt.Fprintf(w, "race in %s, matching no finding: %s (%s)\n\t%s\n", c.raceIn(r, nil), first.describe(false), why, second.describe(true))
			continue
		}
		k := first.acc.Kind()
		if prevFirst {
			k = "previous " + k
		}
		fmt.Fprintf(w, "%s: %s raced in %s, matching no finding (%s)\n", first.where(), k, c.raceIn(r, nil), why)
		if _, ok := second.top(); ok {
			k := second.acc.Kind()
			if !prevFirst {
				k = "previous " + k
			}
			fmt.Fprintf(w, "%s: \t%s\n", second.where(), k)
		} else {
			fmt.Fprintf(w, "\t%s\n", second.describe(!prevFirst))
		}
	}
	c.printSummary(w)
}

// printSummary prints the counts of the statuses.
func (c *confirmation) printSummary(w io.Writer) {
	if c == nil {
		return
	}
	fmt.Fprintf(w, "pubcheck: %s\n", c.summary())
}

func (c *confirmation) counts() map[string]int {
	n := make(map[string]int)
	for _, f := range c.findings {
		if st := c.status[f]; st != nil {
			n[st.kind]++
		}
	}
	return n
}

func (c *confirmation) summary() string {
	if c.skipped != "" {
		return "0 findings; no tests run (-confirm.pkgs names packages whose tests to run anyway)"
	}
	n := c.counts()
	s := fmt.Sprintf("%d %s: %d confirmed, %d exercised without a race, %d not exercised",
		len(c.findings), plural(len(c.findings), "finding", "findings"),
		n[statusConfirmed], n[statusExercised], n[statusNotExercised])
	if k := n[statusUnknown]; k > 0 {
		s += fmt.Sprintf(", %d unknown", k)
	}
	r := len(c.unmatched())
	return s + fmt.Sprintf("; %d race %s outside any finding", r, plural(r, "report", "reports"))
}

// JSON.

type jsonConfirmation struct {
	Detail []string   `json:"detail"` // as printed in text
	Races  []jsonRace `json:"races,omitempty"`
	Ran    []string   `json:"ran,omitempty"`
	NotRan []string   `json:"not_ran,omitempty"`
	Reason string     `json:"reason,omitempty"`
}

type jsonRace struct {
	Package  string     `json:"package"`
	Tests    []string   `json:"tests"` // "" for output outside any test
	Count    int        `json:"count"`
	Access   jsonAccess `json:"access"`
	Previous jsonAccess `json:"previous"`
	Pattern  string     `json:"pattern,omitempty"`
	Why      string     `json:"why,omitempty"`
	Report   string     `json:"report,omitempty"`
}

type jsonAccess struct {
	Kind      string      `json:"kind"`
	Goroutine int         `json:"goroutine"` // 0: the main goroutine
	Posn      string      `json:"posn,omitempty"`
	Stack     []jsonFrame `json:"stack,omitempty"`
	Created   []jsonFrame `json:"created,omitempty"`
}

type jsonFrame struct {
	Func string `json:"func"`
	Posn string `json:"posn,omitempty"`
}

// A jsonRaceDiagnostic is a race report that matches no finding, in the
// shape of a diagnostic.
type jsonRaceDiagnostic struct {
	Category string        `json:"category"`
	Posn     string        `json:"posn"`
	Message  string        `json:"message"`
	Related  []jsonRelated `json:"related,omitempty"`
	Race     jsonRace      `json:"race"`
}

// raceAnalyzer is the name under which -json lists the race reports that
// match no finding, beside pubcheck's own diagnostics.
const raceAnalyzer = "race"

func absPosn(file string, line int) string {
	if file == "" {
		return ""
	}
	if line <= 0 {
		return file
	}
	return file + ":" + strconv.Itoa(line)
}

// rootPosn returns a function that names a line relative to root, with
// slashes, as SARIF names files; or by its absolute name outside root.
func rootPosn(root string) func(string, int) string {
	return func(file string, line int) string {
		if rel, err := filepath.Rel(root, file); err == nil && filepath.IsLocal(rel) {
			file = filepath.ToSlash(rel)
		}
		return absPosn(file, line)
	}
}

func (c *confirmation) jsonRace(r *race, posn func(string, int) string, full bool) jsonRace {
	access := func(s *side) jsonAccess {
		a := jsonAccess{Kind: s.acc.Kind(), Goroutine: s.acc.Goroutine}
		if f, ok := s.top(); ok {
			a.Posn = posn(f.file, f.line)
		}
		if !full {
			return a
		}
		for _, f := range s.frames {
			a.Stack = append(a.Stack, jsonFrame{f.fn, posn(f.file, f.line)})
		}
		for _, f := range c.frames(s.acc.Created) {
			a.Created = append(a.Created, jsonFrame{f.fn, posn(f.file, f.line)})
		}
		return a
	}
	j := jsonRace{Package: r.pkg, Tests: r.tests, Count: r.count,
		Access: access(r.sides[0]), Previous: access(r.sides[1]), Pattern: r.pattern, Why: r.why}
	if full {
		j.Report = r.rep.Text
	}
	return j
}

// jsonStatus returns the status of f and its details for -json.
func (c *confirmation) jsonStatus(f *finding) (string, *jsonConfirmation) {
	if c == nil || c.status[f] == nil {
		return "", nil
	}
	st := c.status[f]
	jc := &jsonConfirmation{Detail: c.statusLines(f), Reason: st.reason}
	for _, r := range st.races {
		jc.Races = append(jc.Races, c.jsonRace(r, absPosn, true))
	}
	for _, p := range st.ran {
		jc.Ran = append(jc.Ran, absPosn(p.file, p.line))
	}
	for _, p := range st.notRan {
		jc.NotRan = append(jc.NotRan, absPosn(p.file, p.line))
	}
	return st.kind, jc
}

// addJSONRaces adds the race reports that match no finding to tree, under
// the package whose tests reported them and the analyzer "race".
func (c *confirmation) addJSONRaces(tree map[string]map[string]any) {
	for _, r := range c.unmatched() {
		d := jsonRaceDiagnostic{Category: r.pattern, Race: c.jsonRace(r, absPosn, true)}
		first, second, prevFirst := r.sides[0], r.sides[1], false
		if _, ok := first.top(); !ok {
			first, second, prevFirst = second, first, true
		}
		k := first.acc.Kind()
		if prevFirst {
			k = "previous " + k
		}
		d.Message = fmt.Sprintf("%s raced in %s, matching no finding (%s)", k, c.raceIn(r, nil), r.why)
		if f, ok := first.top(); ok {
			d.Posn = absPosn(f.file, f.line)
		}
		if f, ok := second.top(); ok {
			k := second.acc.Kind()
			if !prevFirst {
				k = "previous " + k
			}
			d.Related = append(d.Related, jsonRelated{Posn: absPosn(f.file, f.line), Message: k})
		}
		if tree[r.pkg] == nil {
			tree[r.pkg] = make(map[string]any)
		}
		list, _ := tree[r.pkg][raceAnalyzer].([]jsonRaceDiagnostic)
		tree[r.pkg][raceAnalyzer] = append(list, d)
	}
}

// SARIF.

// sarifProperties returns the property bag of f's result: its status and
// the race reports that confirm it.
func (c *confirmation) sarifProperties(f *finding, root string) map[string]any {
	if c == nil || c.status[f] == nil {
		return nil
	}
	st := c.status[f]
	p := map[string]any{"status": st.kind, "detail": c.statusLines(f)}
	var races []jsonRace
	for _, r := range st.races {
		races = append(races, c.jsonRace(r, rootPosn(root), false))
	}
	if len(races) > 0 {
		p["races"] = races
	}
	if st.reason != "" {
		p["reason"] = st.reason
	}
	return map[string]any{"confirmation": p}
}

// sarifRunProperties returns the property bag of the run: the summary and
// the race reports that match no finding.
func (c *confirmation) sarifRunProperties(root string) map[string]any {
	if c == nil {
		return nil
	}
	n := c.counts()
	outside := []jsonRace{}
	for _, r := range c.unmatched() {
		outside = append(outside, c.jsonRace(r, rootPosn(root), false))
	}
	return map[string]any{"confirmation": map[string]any{
		"summary": c.summary(),
		"counts": map[string]int{
			"findings":             len(c.findings),
			statusConfirmed:        n[statusConfirmed],
			statusExercised:        n[statusExercised],
			statusNotExercised:     n[statusNotExercised],
			statusUnknown:          n[statusUnknown],
			"racesOutsideFindings": len(outside),
		},
		"racesOutsideFindings": outside,
	}}
}
