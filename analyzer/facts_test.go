package analyzer_test

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// quiet collects what analysistest would report as a test failure
// (expectations are not what these tests check).
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// testdataPackages lists the packages under testdata/src, by import path.
func testdataPackages(t *testing.T, root string) []string {
	t.Helper()
	var pkgs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if strings.HasPrefix(filepath.Base(path), "golang.org") {
			return filepath.SkipDir // stubs of other modules
		}
		gos, _ := filepath.Glob(filepath.Join(path, "*.go"))
		if len(gos) > 0 {
			rel, _ := filepath.Rel(root, path)
			pkgs = append(pkgs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// facts renders the facts a run left, by package and object, sorted.
func facts(results []*analysistest.Result) []string {
	var out []string
	for _, r := range results {
		for obj, fs := range r.Facts {
			for _, f := range fs {
				name := "package"
				if obj != nil {
					name = obj.String()
				}
				out = append(out, fmt.Sprintf("%s: %v", name, f))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestFactsSameInEveryMode checks that the summaries pubcheck leaves for
// importing packages do not depend on whether it also reports (Analyzer,
// as standalone and go vet run it on the packages named) or only
// summarizes (SummariesOnly, as go vet runs it on dependencies).
func TestFactsSameInEveryMode(t *testing.T) {
	dir := analysistest.TestData()
	for _, pkg := range testdataPackages(t, filepath.Join(dir, "src")) {
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			full := facts(analysistest.Run(quiet{}, dir, analyzer.Analyzer, pkg))
			only := facts(analysistest.Run(quiet{}, dir, analyzer.SummariesOnly, pkg))
			if !slices.Equal(full, only) {
				t.Errorf("facts differ:\nAnalyzer:      %q\nSummariesOnly: %q", full, only)
			}
		})
	}
}

// TestFactsOrderFree checks that the order of declarations changes no
// summary: every testdata package is analyzed again with the declarations
// of each file reversed.
func TestFactsOrderFree(t *testing.T) {
	dir := analysistest.TestData()
	for _, pkg := range testdataPackages(t, filepath.Join(dir, "src")) {
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			want := facts(analysistest.Run(quiet{}, dir, analyzer.SummariesOnly, pkg))
			tmp := t.TempDir()
			copyTree(t, filepath.Join(dir, "src"), filepath.Join(tmp, "src"), pkg)
			got := facts(analysistest.Run(quiet{}, tmp, analyzer.SummariesOnly, pkg))
			if !slices.Equal(want, got) {
				t.Errorf("facts depend on the order of declarations:\nin order:  %q\nreversed: %q", want, got)
			}
		})
	}
}

// copyTree copies the testdata tree to dst, reversing the declarations of
// the files of pkg.
func copyTree(t *testing.T, src, dst, pkg string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if filepath.ToSlash(filepath.Dir(rel)) == pkg && strings.HasSuffix(path, ".go") {
			data = reverseDecls(t, path, data)
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func reverseDecls(t *testing.T, name string, data []byte) []byte {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, data, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var imports, rest []ast.Decl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			imports = append(imports, d)
		} else {
			rest = append(rest, d)
		}
	}
	slices.Reverse(rest)
	f.Decls = append(imports, rest...)
	f.Comments = nil // comments would land at their old offsets
	var sb strings.Builder
	if err := format.Node(&sb, fset, f); err != nil {
		t.Fatal(err)
	}
	return []byte(sb.String())
}
