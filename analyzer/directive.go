package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// directivePrefix starts a suppression comment:
//
//	//pubcheck:ignore <check> <reason>
//
// It silences <check> on its own line and on the line below.
const directivePrefix = "//pubcheck:ignore"

// categoryDirective is the category of reports about the directives themselves.
const categoryDirective = "directive"

type directive struct {
	pos    token.Pos
	file   *token.File
	line   int
	check  string
	reason string
	used   bool
}

// directives holds the //pubcheck:ignore comments of a package, by file and line.
type directives struct {
	byLine map[dirKey][]*directive
	all    []*directive
}

type dirKey struct {
	file *token.File
	line int
}

func parseDirectives(fset *token.FileSet, files []*ast.File) *directives {
	ds := &directives{byLine: make(map[dirKey][]*directive)}
	for _, f := range files {
		tf := fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				rest, ok := strings.CutPrefix(c.Text, directivePrefix)
				if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
					continue
				}
				// A trailing comment ("// ...") is not part of the reason.
				if i := strings.Index(rest, "//"); i >= 0 {
					rest = rest[:i]
				}
				fields := strings.Fields(rest)
				d := &directive{pos: c.Pos(), file: tf, line: tf.Line(c.Pos())}
				if len(fields) > 0 {
					d.check = fields[0]
					d.reason = strings.Join(fields[1:], " ")
				}
				k := dirKey{tf, d.line}
				ds.byLine[k] = append(ds.byLine[k], d)
				ds.all = append(ds.all, d)
			}
		}
	}
	return ds
}

// suppress reports whether a directive for check stands on the line of pos
// or on the line above, and marks it used.
func (ds *directives) suppress(fset *token.FileSet, check string, pos token.Pos) bool {
	tf := fset.File(pos)
	if tf == nil {
		return false
	}
	line := tf.Line(pos)
	found := false
	for _, l := range []int{line, line - 1} {
		for _, d := range ds.byLine[dirKey{tf, l}] {
			if d.check == check && d.reason != "" {
				d.used = true
				found = true
			}
		}
	}
	return found
}

// report is the single funnel through which every finding passes: it drops
// findings at synthetic positions and findings silenced by a directive, and
// keeps one report per position. It reports whether d was kept.
func (pc *passCtx) report(d analysis.Diagnostic) bool {
	if !d.Pos.IsValid() {
		return false
	}
	if pc.generated(d.Pos) || pc.dirs.suppress(pc.pass.Fset, d.Category, d.Pos) {
		return false
	}
	// One finding per variable and line: where two checks, or two steps of
	// one statement, describe the same variable, the first (the more
	// specific) stands. Two variables on one line are two findings. Every
	// message starts with the variable as written.
	posn := pc.pass.Fset.Position(d.Pos)
	subject, _, _ := strings.Cut(d.Message, " ")
	key := lineKey{posn.Filename, posn.Line, subject}
	if pc.reported[key] {
		return false
	}
	pc.reported[key] = true
	if d.URL == "" {
		d.URL = checkURL(d.Category)
	}
	pc.diags = append(pc.diags, d)
	return true
}

// flush sends the collected findings to the driver in position order, after
// reporting directives that are malformed or silence nothing.
func (pc *passCtx) flush() {
	for _, d := range pc.dirs.all {
		switch {
		case d.check == "":
			pc.diags = append(pc.diags, analysis.Diagnostic{Pos: d.pos, Category: categoryDirective,
				Message: "pubcheck:ignore directive names no check (want //pubcheck:ignore <check> <reason>)"})
		case !slices.Contains(checkNames, d.check):
			pc.diags = append(pc.diags, analysis.Diagnostic{Pos: d.pos, Category: categoryDirective,
				Message: fmt.Sprintf("pubcheck:ignore directive names unknown check %q (known: %s)", d.check, strings.Join(checkNames, ", "))})
		case d.reason == "":
			pc.diags = append(pc.diags, analysis.Diagnostic{Pos: d.pos, Category: categoryDirective,
				Message: fmt.Sprintf("pubcheck:ignore %s directive has no reason (a reason is required)", d.check)})
		case !d.used && enabledChecks[d.check]:
			pc.diags = append(pc.diags, analysis.Diagnostic{Pos: d.pos, Category: categoryDirective,
				Message: fmt.Sprintf("pubcheck:ignore %s directive silences nothing (remove it)", d.check)})
		}
	}
	slices.SortStableFunc(pc.diags, func(a, b analysis.Diagnostic) int {
		if a.Pos != b.Pos {
			return int(a.Pos - b.Pos)
		}
		return strings.Compare(a.Category, b.Category)
	})
	for _, d := range pc.diags {
		pc.pass.Report(d)
	}
}

// generated reports whether pos is in a generated file ("// Code generated
// ... DO NOT EDIT."): a finding there cannot be fixed where it is reported.
// Files that cgo generates map their positions back to the user's source
// with line directives; those positions are not generated code.
func (pc *passCtx) generated(pos token.Pos) bool {
	if pc.genFiles == nil {
		pc.genFiles = []*ast.File{}
		for _, f := range pc.pass.Files {
			if ast.IsGenerated(f) {
				pc.genFiles = append(pc.genFiles, f)
			}
		}
	}
	for _, f := range pc.genFiles {
		if f.FileStart <= pos && pos <= f.FileEnd {
			fset := pc.pass.Fset
			return fset.PositionFor(pos, true).Filename == fset.PositionFor(pos, false).Filename
		}
	}
	return false
}

type lineKey struct {
	file    string
	line    int
	subject string
}
