package analyzer_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/types/objectpath"
)

// Bazel's rules_go runs analyzers through a driver of its own, nogo
// (go/tools/builders/nogo_main.go), one package per compile action. Its Pass
// sets Analyzer, Fset, Files, Pkg, TypesInfo (Types, Defs, Uses, Implicits,
// Scopes, Selections, FileVersions, Instances), TypesSizes, ResultOf, Report
// and the six fact functions, and nothing else: no OtherFiles,
// IgnoredFiles, TypeErrors, Module or ReadFile. Imports come from export
// data; facts come gob-encoded from the direct imports' archives, and from
// none for the standard library, which nogo does not analyze. A package
// with type errors is not analyzed. The driver here does the same, so that
// pubcheck can be tested under nogo's rules without Bazel; FuzzAnalyzer
// uses it with the fuller Pass of go/analysis/checker.

// nogoPackages are analyzed in this order, importers after their imports.
var nogoPackages = []string{"crosspkg/lib", "crosspkg/use", "flagdata", "library", "mixedatomicfix"}

// TestNogo analyzes testdata packages as nogo does, facts flowing from
// crosspkg/lib to crosspkg/use through their gob encoding, and checks that
// the findings are those of go/analysis/checker (which analysistest runs,
// also checking them against the // want comments).
func TestNogo(t *testing.T) {
	dir := analysistest.TestData()
	want := make(map[string]nogoWant)
	for _, r := range analysistest.Run(t, dir, analyzer.Analyzer, nogoPackages...) {
		want[r.Pass.Pkg.Path()] = checkerWant(dir, r)
	}
	drv := newDriver(t)
	stdAsked := 0
	for _, path := range nogoPackages {
		t.Run(path, func(t *testing.T) {
			stdAsked += checkNogo(t, drv, dir, path, want[path])
		})
	}
	// pubcheck asks for the summaries of the standard library's functions
	// it sees called, and nogo has none to give.
	if stdAsked == 0 {
		t.Errorf("no fact of a standard package was asked for: the standard library's lack of facts went untested")
	}
}

// TestNogoFlags sets the -checks flag as nogo sets a configuration's
// analyzer_flags, through Analyzer.Flags.
func TestNogoFlags(t *testing.T) {
	old := analyzer.Analyzer.Flags.Lookup("checks").Value.String()
	if err := analyzer.Analyzer.Flags.Set("checks", "all,-doublecheck"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { analyzer.Analyzer.Flags.Set("checks", old) })
	dir := analysistest.TestData()
	r := analysistest.Run(t, dir, analyzer.Analyzer, "checksflag")[0]
	checkNogo(t, newDriver(t), dir, "checksflag", checkerWant(dir, r))
}

// nogoWant is what go/analysis/checker found in a package and the facts
// it left about the package's objects.
type nogoWant struct{ diags, facts []string }

func checkerWant(dir string, r *analysistest.Result) nogoWant {
	var facts []string
	for obj, fs := range r.Facts {
		if obj != nil && obj.Pkg() == r.Pass.Pkg {
			for _, f := range fs {
				facts = append(facts, fmt.Sprintf("%s: %v", obj, f))
			}
		}
	}
	slices.Sort(facts)
	return nogoWant{renderDiags(r.Pass.Fset, dir, r.Diagnostics), facts}
}

// checkNogo analyzes the testdata package at path under nogo's Pass,
// records it in drv for its importers, and checks its findings and facts
// against want. It returns the number of facts asked of standard packages.
func checkNogo(t *testing.T, drv *driver, dir, path string, want nogoWant) int {
	t.Helper()
	lp := drv.loadDir(t, dir, path, false)
	res, err := drv.analyze(lp, analyzer.Analyzer, false)
	if err != nil {
		t.Fatal(err)
	}
	drv.build(t, lp, res.facts)
	// The order of files, and so of findings, is the driver's.
	if got := renderDiags(lp.fset, dir, res.diags); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want.diags))) {
		t.Errorf("findings under nogo differ from go/analysis/checker's:\nnogo:    %q\nchecker: %q", got, want.diags)
	}
	var facts []string
	for k, f := range res.store.objects {
		if k.obj.Pkg() == lp.pkg {
			facts = append(facts, fmt.Sprintf("%s: %v", k.obj, f))
		}
	}
	slices.Sort(facts)
	if !slices.Equal(facts, want.facts) {
		t.Errorf("facts under nogo differ from go/analysis/checker's:\nnogo:    %q\nchecker: %q", facts, want.facts)
	}
	return res.stdAsked
}

// TestNogoFacts checks what nogo does with the facts: it gob-encodes them
// into each package's archive, where a byte of difference between two
// builds of the same package is a cache miss for every importer.
func TestNogoFacts(t *testing.T) {
	dir := analysistest.TestData()
	drv := newDriver(t)
	lib := drv.loadDir(t, dir, "crosspkg/lib", false)
	first, err := drv.analyze(lib, analyzer.Analyzer, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.facts) == 0 {
		t.Fatal("crosspkg/lib exports no facts")
	}
	if again := first.store.encode(); !bytes.Equal(again, first.facts) {
		t.Errorf("encoding the same facts twice gives different bytes")
	}
	for range 3 {
		lp := drv.loadDir(t, dir, "crosspkg/lib", false)
		res, err := drv.analyze(lp, analyzer.Analyzer, false)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(res.facts, first.facts) {
			t.Fatalf("two analyses of crosspkg/lib encode different facts:\n%s\n%s", decodedFacts(t, first.facts), decodedFacts(t, res.facts))
		}
	}
	// The facts decode, against crosspkg/lib as its importer sees it
	// through export data, to the facts that were encoded.
	drv.build(t, lib, first.facts)
	use := drv.loadDir(t, dir, "crosspkg/use", false)
	store := newFactStore(use.pkg, analyzer.Analyzer)
	if err := store.decode(drv, use); err != nil {
		t.Fatal(err)
	}
	if len(store.objects) == 0 {
		t.Fatal("crosspkg/use sees no fact of crosspkg/lib")
	}
	var got []string
	for k, f := range store.objects {
		path, err := objectpath.For(k.obj)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s: %v", k.obj.Pkg().Path(), path, f))
	}
	slices.Sort(got)
	if want := decodedFacts(t, first.facts); !slices.Equal(got, want) {
		t.Errorf("facts decoded by the exportImporter:\n%q\nencoded:\n%q", got, want)
	}
}

// decodedFacts renders encoded facts, one "package objectpath: fact" each.
func decodedFacts(t *testing.T, data []byte) []string {
	t.Helper()
	var fs []gobFact
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&fs); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s: %v", f.PkgPath, f.Object, f.Fact))
	}
	return out
}

// renderDiags lists diagnostics with the position of each, and of each related
// entry and edit, relative to dir.
func renderDiags(fset *token.FileSet, dir string, diags []analysis.Diagnostic) []string {
	pos := func(p token.Pos) string {
		if !p.IsValid() {
			return "-"
		}
		posn := fset.Position(p)
		if rel, err := filepath.Rel(dir, posn.Filename); err == nil {
			posn.Filename = filepath.ToSlash(rel)
		}
		return posn.String()
	}
	var out []string
	for _, d := range diags {
		s := fmt.Sprintf("%s-%s: %s: %s (%s)", pos(d.Pos), pos(d.End), d.Category, d.Message, d.URL)
		for _, r := range d.Related {
			s += fmt.Sprintf("\n\t%s-%s: %s", pos(r.Pos), pos(r.End), r.Message)
		}
		for _, f := range d.SuggestedFixes {
			s += "\n\tfix: " + f.Message
			for _, e := range f.TextEdits {
				s += fmt.Sprintf("\n\t\t%s-%s: %q", pos(e.Pos), pos(e.End), e.NewText)
			}
		}
		out = append(out, s)
	}
	return out
}

// A driver holds what a build hands the analysis of a package: the export
// data of the packages it may import, and the encoded facts of those
// analyzed before it.
type driver struct {
	mu      sync.Mutex
	export  map[string][]byte // by package path
	facts   map[string][]byte
	stdFile map[string]string // export data files the go command built
	stdErr  map[string]error
}

func newDriver(t testing.TB) *driver {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build the standard library's export data")
	}
	registerFacts()
	return &driver{
		export:  make(map[string][]byte),
		facts:   make(map[string][]byte),
		stdFile: make(map[string]string),
		stdErr:  make(map[string]error),
	}
}

var registerFacts = sync.OnceFunc(func() {
	for _, f := range analyzer.Analyzer.FactTypes {
		gob.Register(f)
	}
})

// stdPath matches the import paths exportData asks the go command about:
// those of the standard library's form, never a flag.
var stdPath = regexp.MustCompile(`^[A-Za-z0-9_]+(/[A-Za-z0-9_.]+)*$`)

// exportData returns the export data of the package at path: one built
// here, or a standard package's as the go command compiles it.
func (drv *driver) exportData(path string) ([]byte, error) {
	drv.mu.Lock()
	defer drv.mu.Unlock()
	if data, ok := drv.export[path]; ok {
		return data, nil
	}
	if err := drv.stdErr[path]; err != nil {
		return nil, err
	}
	file, ok := drv.stdFile[path]
	if !ok {
		if !stdPath.MatchString(path) {
			return nil, fmt.Errorf("no package %q", path)
		}
		out, err := exec.Command("go", "list", "-e", "-export", "-deps",
			"-f", "{{if .Export}}{{.ImportPath}}\t{{.Export}}{{end}}", path).Output()
		if err != nil {
			err = fmt.Errorf("go list %s: %v", path, err)
			drv.stdErr[path] = err
			return nil, err
		}
		for line := range strings.Lines(string(out)) {
			if p, f, ok := strings.Cut(strings.TrimSpace(line), "\t"); ok {
				drv.stdFile[p] = f
			}
		}
		if file, ok = drv.stdFile[path]; !ok {
			drv.stdErr[path] = fmt.Errorf("no export data for %q", path)
			return nil, drv.stdErr[path]
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	drv.export[path] = data
	return data, nil
}

// isStd reports whether path is a standard package the go command built.
func (drv *driver) isStd(path string) bool {
	drv.mu.Lock()
	defer drv.mu.Unlock()
	_, ok := drv.stdFile[path]
	return ok
}

// exportImporter reads packages from export data into one FileSet and one
// map of packages, as nogo's importer does, so that two imports share what
// they both reference.
type exportImporter struct {
	drv  *driver
	fset *token.FileSet
	pkgs map[string]*types.Package
}

func (im *exportImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p := im.pkgs[path]; p != nil && p.Complete() {
		return p, nil
	}
	data, err := im.drv.exportData(path)
	if err != nil {
		return nil, err
	}
	return gcexportdata.Read(bytes.NewReader(data), im.fset, im.pkgs, path)
}

// A loadedPkg is a package parsed and type-checked as a compile action
// leaves it.
type loadedPkg struct {
	fset  *token.FileSet
	files []*ast.File
	src   map[string][]byte // by file name
	pkg   *types.Package
	info  *types.Info
	errs  []types.Error
	// hard is set when a type error is not soft (see types.Error.Soft):
	// the type information is incomplete.
	hard bool
}

// load parses the named sources and type-checks them as the package at
// path. It fails when a file does not parse; type errors are in the result.
func (drv *driver) load(path string, names []string, srcs [][]byte, mode parser.Mode) (*loadedPkg, error) {
	lp := &loadedPkg{fset: token.NewFileSet(), src: make(map[string][]byte)}
	for i, name := range names {
		f, err := parser.ParseFile(lp.fset, name, srcs[i], mode)
		if err != nil {
			return nil, err
		}
		lp.files = append(lp.files, f)
		lp.src[name] = srcs[i]
	}
	lp.info = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
		Instances:    make(map[*ast.Ident]types.Instance),
	}
	conf := types.Config{
		Importer:  &exportImporter{drv: drv, fset: lp.fset, pkgs: make(map[string]*types.Package)},
		Sizes:     checkerSizes,
		GoVersion: toolchainVersion(),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				lp.errs = append(lp.errs, te)
				lp.hard = lp.hard || !te.Soft
			} else {
				lp.hard = true
			}
		},
	}
	lp.pkg, _ = conf.Check(path, lp.fset, lp.files, lp.info)
	return lp, nil
}

var checkerSizes = types.SizesFor("gc", runtime.GOARCH)

// nogoSizes is the TypesSizes nogo sets: nil where GOARCH is not in the
// environment, as in most test runs.
var nogoSizes = types.SizesFor("gc", os.Getenv("GOARCH"))

// toolchainVersion is the language version the packages are checked at: the
// toolchain's, as when no go.mod says otherwise.
func toolchainVersion() string {
	// A toolchain built with experiments says so after a space.
	if v, _, _ := strings.Cut(runtime.Version(), " "); strings.HasPrefix(v, "go1.") {
		return v
	}
	return ""
}

// loadDir loads the testdata package at path, which must type-check.
func (drv *driver) loadDir(t testing.TB, dir, path string, checker bool) *loadedPkg {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "src", filepath.FromSlash(path), "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var srcs [][]byte
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	mode := parser.ParseComments // as nogo parses
	if checker {
		mode |= parser.AllErrors // as go/packages parses
	}
	lp, err := drv.load(path, names, srcs, mode)
	if err != nil {
		t.Fatal(err)
	}
	if len(lp.errs) > 0 {
		t.Fatalf("%s: %v", path, lp.errs[0])
	}
	return lp
}

// build records lp's export data and encoded facts for its importers.
func (drv *driver) build(t testing.TB, lp *loadedPkg, facts []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := gcexportdata.Write(&buf, lp.fset, lp.pkg); err != nil {
		t.Fatal(err)
	}
	drv.mu.Lock()
	defer drv.mu.Unlock()
	drv.export[lp.pkg.Path()] = buf.Bytes()
	drv.facts[lp.pkg.Path()] = facts
}

// A driverResult is what one analysis of a package left.
type driverResult struct {
	diags    []analysis.Diagnostic
	store    *factStore
	facts    []byte // the store, encoded
	stdAsked int    // facts asked of objects of the standard library
}

// analyze runs a, after inspect, on lp. With checker unset, the Pass is
// nogo's; with it set, it has what go/analysis/checker adds, and the
// suggested fixes are checked as the checker checks them. A panic in a is
// returned as an error, with its stack.
func (drv *driver) analyze(lp *loadedPkg, a *analysis.Analyzer, checker bool) (res *driverResult, err error) {
	res = &driverResult{store: newFactStore(lp.pkg, a)}
	res.store.isStd = drv.isStd
	if err := res.store.decode(drv, lp); err != nil {
		return nil, err
	}
	pass := &analysis.Pass{
		Analyzer:   inspect.Analyzer,
		Fset:       lp.fset,
		Files:      lp.files,
		Pkg:        lp.pkg,
		TypesInfo:  lp.info,
		TypesSizes: checkerSizes,
		ResultOf:   map[*analysis.Analyzer]any{},
		Report:     func(analysis.Diagnostic) {},
	}
	ins, err := inspect.Analyzer.Run(pass)
	if err != nil {
		return nil, err
	}
	s := res.store
	pass = &analysis.Pass{
		Analyzer:          a,
		Fset:              lp.fset,
		Files:             lp.files,
		Pkg:               lp.pkg,
		TypesInfo:         lp.info,
		TypesSizes:        nogoSizes,
		ResultOf:          map[*analysis.Analyzer]any{inspect.Analyzer: ins},
		Report:            func(d analysis.Diagnostic) { res.diags = append(res.diags, d) },
		ImportObjectFact:  s.importObject,
		ExportObjectFact:  s.exportObject,
		ImportPackageFact: s.importPackage,
		ExportPackageFact: s.exportPackage,
		AllObjectFacts:    s.allObjects,
		AllPackageFacts:   s.allPackages,
	}
	if checker {
		pass.TypesSizes = checkerSizes
		pass.TypeErrors = lp.errs
		pass.Module = &analysis.Module{}
		pass.ReadFile = func(name string) ([]byte, error) {
			if src, ok := lp.src[name]; ok {
				return src, nil
			}
			return nil, fmt.Errorf("Pass.ReadFile: %s is not among the files of the package", name)
		}
		pass.Report = func(d analysis.Diagnostic) {
			if err := validFixes(lp.fset, d.SuggestedFixes); err != nil {
				panic(fmt.Sprintf("%s: %v", lp.fset.Position(d.Pos), err))
			}
			res.diags = append(res.diags, d)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	if _, err := a.Run(pass); err != nil {
		return nil, err
	}
	res.facts = s.encode()
	res.stdAsked = s.stdAsked
	return res, nil
}

// validFixes reports what go/analysis/checker would panic on in fixes: an
// edit outside one file of fset, or two overlapping edits of one fix.
func validFixes(fset *token.FileSet, fixes []analysis.SuggestedFix) error {
	seen := make(map[string]bool)
	for _, fix := range fixes {
		if seen[fix.Message] {
			return fmt.Errorf("two fixes with the same message %q", fix.Message)
		}
		seen[fix.Message] = true
		edits := slices.Clone(fix.TextEdits)
		slices.SortStableFunc(edits, func(x, y analysis.TextEdit) int {
			if x.Pos != y.Pos {
				return int(x.Pos - y.Pos)
			}
			return int(x.End - y.End)
		})
		for i, e := range edits {
			file := fset.File(e.Pos)
			if file == nil {
				return fmt.Errorf("fix %q: edit at %d outside every file", fix.Message, e.Pos)
			}
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			if end < e.Pos || end > token.Pos(file.Base()+file.Size()) {
				return fmt.Errorf("fix %q: edit %d-%d outside %s", fix.Message, e.Pos, end, file.Name())
			}
			if i > 0 && e.Pos < edits[i-1].End {
				return fmt.Errorf("fix %q: overlapping edits at %s", fix.Message, fset.Position(e.Pos))
			}
			edits[i].End = end
		}
	}
	return nil
}

// A factStore holds the facts one analysis sees: those of its imports,
// decoded, and those it exports. Its methods are the Pass's fact functions,
// with the checks go/analysis/checker makes.
type factStore struct {
	pkg      *types.Package
	a        *analysis.Analyzer
	objects  map[objectKey]analysis.Fact
	packages map[packageKey]analysis.Fact
	isStd    func(path string) bool
	stdAsked int
}

type objectKey struct {
	obj types.Object
	t   reflect.Type
}

type packageKey struct {
	pkg *types.Package
	t   reflect.Type
}

func newFactStore(pkg *types.Package, a *analysis.Analyzer) *factStore {
	return &factStore{pkg: pkg, a: a, objects: make(map[objectKey]analysis.Fact), packages: make(map[packageKey]analysis.Fact)}
}

func (s *factStore) factType(f analysis.Fact) reflect.Type {
	t := reflect.TypeOf(f)
	for _, ft := range s.a.FactTypes {
		if reflect.TypeOf(ft) == t {
			return t
		}
	}
	panic(fmt.Sprintf("fact of type %T not among %s's FactTypes", f, s.a.Name))
}

func (s *factStore) importObject(obj types.Object, f analysis.Fact) bool {
	if obj == nil {
		panic("nil object")
	}
	if p := obj.Pkg(); p != nil && s.isStd != nil && s.isStd(p.Path()) {
		s.stdAsked++
	}
	v, ok := s.objects[objectKey{obj, s.factType(f)}]
	if ok {
		reflect.ValueOf(f).Elem().Set(reflect.ValueOf(v).Elem())
	}
	return ok
}

func (s *factStore) exportObject(obj types.Object, f analysis.Fact) {
	if obj.Pkg() != s.pkg {
		panic(fmt.Sprintf("fact %v about %v, an object of another package than %s", f, obj, s.pkg.Path()))
	}
	s.objects[objectKey{obj, s.factType(f)}] = f
}

func (s *factStore) importPackage(pkg *types.Package, f analysis.Fact) bool {
	v, ok := s.packages[packageKey{pkg, s.factType(f)}]
	if ok {
		reflect.ValueOf(f).Elem().Set(reflect.ValueOf(v).Elem())
	}
	return ok
}

func (s *factStore) exportPackage(f analysis.Fact) {
	s.packages[packageKey{s.pkg, s.factType(f)}] = f
}

func (s *factStore) allObjects() []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for k, f := range s.objects {
		out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
	}
	return out
}

func (s *factStore) allPackages() []analysis.PackageFact {
	var out []analysis.PackageFact
	for k, f := range s.packages {
		out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
	}
	return out
}

// gobFact is one fact as nogo (through x/tools' internal/facts) encodes it.
type gobFact struct {
	PkgPath string
	Object  objectpath.Path // "" for a package fact
	Fact    analysis.Fact
}

// encode encodes the facts as nogo does: the package's own, and of those
// it imported the facts about objects other than package-level functions
// and variables (which importers get from the package itself), sorted.
func (s *factStore) encode() []byte {
	var enc objectpath.Encoder
	var fs []gobFact
	for k, f := range s.objects {
		if k.obj.Pkg() != s.pkg {
			if _, isType := k.obj.(*types.TypeName); !isType && k.obj.Parent() == k.obj.Pkg().Scope() {
				continue
			}
		}
		path, err := enc.For(k.obj)
		if err != nil {
			continue // not reachable from the package's API
		}
		fs = append(fs, gobFact{k.obj.Pkg().Path(), path, f})
	}
	for k, f := range s.packages {
		if k.pkg == s.pkg {
			fs = append(fs, gobFact{k.pkg.Path(), "", f})
		}
	}
	slices.SortFunc(fs, func(x, y gobFact) int {
		if c := strings.Compare(x.PkgPath, y.PkgPath); c != 0 {
			return c
		}
		if c := strings.Compare(string(x.Object), string(y.Object)); c != 0 {
			return c
		}
		return strings.Compare(reflect.TypeOf(x.Fact).String(), reflect.TypeOf(y.Fact).String())
	})
	if len(fs) == 0 {
		return nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fs); err != nil {
		panic(fmt.Sprintf("gob encoding of facts failed: %v", err))
	}
	return buf.Bytes()
}

// decode reads the facts of lp's direct imports, resolving their objects in
// the packages lp's imports brought in. A package without facts, as every
// standard package is under nogo, contributes none.
func (s *factStore) decode(drv *driver, lp *loadedPkg) error {
	known := make(map[string]*types.Package)
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if known[p.Path()] == nil {
			known[p.Path()] = p
			for _, imp := range p.Imports() {
				visit(imp)
			}
		}
	}
	visit(lp.pkg)
	for _, imp := range lp.pkg.Imports() {
		drv.mu.Lock()
		data := drv.facts[imp.Path()]
		drv.mu.Unlock()
		if len(data) == 0 {
			continue
		}
		var fs []gobFact
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&fs); err != nil {
			return fmt.Errorf("decoding the facts of %s: %v", imp.Path(), err)
		}
		for _, f := range fs {
			p := known[f.PkgPath]
			if p == nil {
				continue
			}
			if f.Object == "" {
				s.packages[packageKey{p, reflect.TypeOf(f.Fact)}] = f.Fact
				continue
			}
			obj, err := objectpath.Object(p, f.Object)
			if err != nil {
				continue
			}
			s.objects[objectKey{obj, reflect.TypeOf(f.Fact)}] = f.Fact
		}
	}
	return nil
}
