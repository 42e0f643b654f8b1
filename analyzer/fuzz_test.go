package analyzer_test

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/txtar"
)

// FuzzAnalyzer runs pubcheck on one package read from the input, either Go
// source (one file) or a txtar archive of files, with the Pass of
// go/analysis/checker. It may import the standard library, crosspkg/lib
// (whose facts it sees) and the errgroup stub of testdata/src. It checks
// that pubcheck does not panic, that its suggested fixes are valid edits
// that leave the file parsing, that a second analysis of the same source
// finds the same (positions, messages, related information, fixes) and
// exports the same facts to the byte, and that SummariesOnly reports
// nothing and exports the same facts.
//
// An input that does not parse is skipped, and so is one with type errors
// other than soft ones: drivers do not run an analyzer that lacks
// RunDespiteErrors on an ill-typed package (and go/ssa, which pubcheck
// builds, requires well-typed code). Soft errors (an unused variable or
// import) leave the type information complete, so such packages are
// analyzed: mutations produce many.
//
// The seeds are the files of testdata/src and the library files of
// ../testdata/corpus, one input per file and one archive per package, a
// few edits of each testdata/src file (some leave valid Go, some break it),
// and the small programs of fuzzSeeds.
func FuzzAnalyzer(f *testing.F) {
	for _, seed := range fuzzCorpus(f) {
		f.Add(seed)
	}
	drv := fuzzDriver(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		names, srcs := fuzzFiles(data)
		if names == nil {
			return
		}
		first, ok := fuzzAnalyze(t, drv, names, srcs, analyzer.Analyzer)
		if !ok {
			return
		}
		second, _ := fuzzAnalyze(t, drv, names, srcs, analyzer.Analyzer)
		if !slices.Equal(first.diags, second.diags) {
			t.Errorf("two analyses of the same source differ:\n%s\n\n%s", strings.Join(first.diags, "\n"), strings.Join(second.diags, "\n"))
		}
		if !bytes.Equal(first.facts, second.facts) {
			t.Errorf("two analyses of the same source encode different facts:\n%s\n\n%s", fuzzFacts(t, first.facts), fuzzFacts(t, second.facts))
		}
		only, _ := fuzzAnalyze(t, drv, names, srcs, analyzer.SummariesOnly)
		if len(only.diags) > 0 {
			t.Errorf("SummariesOnly reports:\n%s", strings.Join(only.diags, "\n"))
		}
		if !bytes.Equal(first.facts, only.facts) {
			t.Errorf("facts differ:\nAnalyzer:\n%s\n\nSummariesOnly:\n%s", fuzzFacts(t, first.facts), fuzzFacts(t, only.facts))
		}
	})
}

// fuzzDir is the directory the input's files are named in: not GOROOT, so
// that the package is summarized.
const fuzzDir = "/fuzz/p"

// fuzzFiles splits the input into files: an archive's .go files, or the
// whole input as one file.
func fuzzFiles(data []byte) (names []string, srcs [][]byte) {
	if len(data) > 256<<10 {
		return nil, nil // large inputs make slow executions, not new paths
	}
	ar := txtar.Parse(data)
	if len(ar.Files) == 0 {
		return []string{fuzzDir + "/a.go"}, [][]byte{data}
	}
	for i, f := range ar.Files {
		if strings.HasSuffix(f.Name, ".go") {
			// The index keeps two files of the same name apart.
			names = append(names, fmt.Sprintf("%s/%d_%s", fuzzDir, i, path.Base(f.Name)))
			srcs = append(srcs, f.Data)
		}
	}
	return names, srcs
}

type fuzzResult struct {
	diags []string
	facts []byte
}

// fuzzAnalyze loads the files as one package and runs a on it. It reports
// false when the package does not parse or is ill-typed.
func fuzzAnalyze(t *testing.T, drv *driver, names []string, srcs [][]byte, a *analysis.Analyzer) (fuzzResult, bool) {
	lp, err := drv.load("fuzz/p", names, srcs, parser.AllErrors|parser.ParseComments)
	if err != nil || lp.hard && !a.RunDespiteErrors {
		return fuzzResult{}, false
	}
	res, err := drv.analyze(lp, a, true)
	if err != nil && len(lp.errs) > 0 && !strings.HasPrefix(err.Error(), "panic:") {
		// Ill-typed (soft errors only): an error naming the package, not
		// a crash, is what pubcheck owes such input.
		return fuzzResult{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.diags {
		for _, fix := range d.SuggestedFixes {
			if err := fixParses(lp, fix); err != nil {
				t.Errorf("%s: fix %q: %v", lp.fset.Position(d.Pos), fix.Message, err)
			}
		}
	}
	return fuzzResult{renderDiags(lp.fset, fuzzDir, res.diags), res.facts}, true
}

// fixParses applies fix to the files it edits and parses the result.
func fixParses(lp *loadedPkg, fix analysis.SuggestedFix) error {
	byFile := make(map[*token.File][]analysis.TextEdit)
	for _, e := range fix.TextEdits {
		if !e.End.IsValid() {
			e.End = e.Pos
		}
		tf := lp.fset.File(e.Pos)
		byFile[tf] = append(byFile[tf], e)
	}
	for tf, edits := range byFile {
		slices.SortStableFunc(edits, func(x, y analysis.TextEdit) int { return int(x.Pos - y.Pos) })
		src := lp.src[tf.Name()]
		var out []byte
		last := 0
		for _, e := range edits {
			start, end := tf.Offset(e.Pos), tf.Offset(e.End)
			out = append(append(out, src[last:start]...), e.NewText...)
			last = end
		}
		out = append(out, src[last:]...)
		if _, err := parser.ParseFile(token.NewFileSet(), tf.Name(), out, parser.SkipObjectResolution); err != nil {
			return fmt.Errorf("the fixed file does not parse: %v\n%s", err, out)
		}
	}
	return nil
}

func fuzzFacts(t *testing.T, data []byte) string {
	if len(data) == 0 {
		return "(none)"
	}
	return strings.Join(decodedFacts(t, data), "\n")
}

var (
	fuzzDriverOnce sync.Once
	fuzzDriverVal  *driver
)

// fuzzDriver returns a driver that holds, besides the standard library,
// the testdata packages inputs may import, analyzed: crosspkg/lib (with
// its facts) and the errgroup stub.
func fuzzDriver(tb testing.TB) *driver {
	fuzzDriverOnce.Do(func() {
		drv := newDriver(tb)
		dir := analysistest.TestData()
		for _, path := range []string{"golang.org/x/sync/errgroup", "crosspkg/lib"} {
			lp := drv.loadDir(tb, dir, path, true)
			res, err := drv.analyze(lp, analyzer.Analyzer, true)
			if err != nil {
				tb.Fatal(err)
			}
			drv.build(tb, lp, res.facts)
		}
		fuzzDriverVal = drv
	})
	if fuzzDriverVal == nil {
		tb.Fatal("no driver to fuzz with")
	}
	return fuzzDriverVal
}

// fuzzCorpus returns the seeds (see FuzzAnalyzer).
func fuzzCorpus(tb testing.TB) [][]byte {
	var seeds [][]byte
	addDir := func(dir string, edits bool) {
		names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		var ar txtar.Archive
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue // the corpus's race tests: a build tag away
			}
			src, err := os.ReadFile(name)
			if err != nil {
				tb.Fatal(err)
			}
			seeds = append(seeds, src)
			ar.Files = append(ar.Files, txtar.File{Name: filepath.Base(name), Data: src})
			if edits {
				for _, e := range fuzzEdits {
					seeds = append(seeds, e(src))
				}
			}
		}
		if len(ar.Files) > 1 {
			seeds = append(seeds, txtar.Format(&ar))
		}
	}
	err := filepath.WalkDir(filepath.Join(analysistest.TestData(), "src"), func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			addDir(path, true)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	corpus, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*"))
	for _, dir := range corpus {
		addDir(dir, false)
	}
	for _, s := range fuzzSeeds {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

// fuzzEdits derive seeds from a testdata file: the first two often leave
// valid Go with other synchronization, the third leaves a type error, the
// last a syntax error.
var fuzzEdits = []func([]byte) []byte{
	// Goroutines become deferred calls: the same closures, one goroutine.
	func(src []byte) []byte { return bytes.ReplaceAll(src, []byte("\tgo "), []byte("\tdefer ")) },
	// Unlocks and waits go: locks held to the end, spawns never joined.
	func(src []byte) []byte {
		var out []byte
		for line := range bytes.Lines(src) {
			if !bytes.Contains(line, []byte("Unlock()")) && !bytes.Contains(line, []byte(".Wait()")) {
				out = append(out, line...)
			}
		}
		return out
	},
	func(src []byte) []byte { return bytes.ReplaceAll(src, []byte("atomic.Bool"), []byte("bool")) },
	func(src []byte) []byte { return src[:len(src)/2] },
}

// fuzzSeeds are small programs in shapes testdata does not have.
var fuzzSeeds = []string{
	"package p\n",
	"package p\n\nimport \"C\"\n\nfunc f() { go f() }\n",
	"package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\nvar x int\n\nfunc F() {\n\tgo func() { x = 1 }()\n\tmu.Lock()\n\t_ = x\n\tmu.Unlock()\n}\n",
	// Range over a function, goto, select, labeled loops, recover.
	`package p

import (
	"iter"
	"sync/atomic"
)

type T struct {
	ready atomic.Bool
	data  []int
}

func seq(t *T) iter.Seq[int] {
	return func(yield func(int) bool) {
		for _, v := range t.data {
			if !yield(v) {
				return
			}
		}
	}
}

func F(t *T, ch chan int) (n int) {
	defer func() { recover() }()
	go func() {
		t.data = append(t.data, 1)
		t.ready.Store(true)
		ch <- 1
	}()
loop:
	for {
		select {
		case <-ch:
			break loop
		default:
			if t.ready.Load() {
				goto done
			}
		}
	}
done:
	for v := range seq(t) {
		n += v
	}
	return n
}
`,
	// Generic types and methods with goroutines and atomics.
	`package p

import (
	"sync"
	"sync/atomic"
)

type Box[T any] struct {
	v    T
	set  bool
	p    atomic.Pointer[T]
	once sync.Once
}

func (b *Box[T]) Put(v T) {
	b.v = v
	b.set = true
	b.p.Store(&v)
}

func (b *Box[T]) Get() (T, bool) {
	if b.set {
		return b.v, true
	}
	var zero T
	return zero, false
}

func Run[T any](b *Box[T], v T) {
	go b.Put(v)
	for !b.set {
	}
	_, _ = b.Get()
	b.once.Do(func() { go b.Put(v) })
}
`,
	// A package named like one pubcheck knows by name.
	"package sync\n\ntype Mutex struct{ state int32 }\n\nfunc (m *Mutex) Lock() { go m.Lock() }\n",
	// Struct embedding, method values, arrays of atomics, unsafe.
	`package p

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

type inner struct{ n int64 }

type S struct {
	sync.Mutex
	inner
	arr [4]atomic.Int64
	raw [4]int64
}

func (s *S) Inc(i int) { s.arr[i].Add(1); s.raw[i]++; atomic.AddInt64(&s.n, 1) }

func F(s *S) {
	inc := s.Inc
	go inc(0)
	s.n++
	_ = unsafe.Sizeof(s.raw)
	s.Lock()
	s.raw[1] = s.arr[1].Load()
	s.Unlock()
}
`,
	// A send chosen in a select, then a write to what was sent.
	`package p

import "time"

type Msg struct{ N int }

func F(ch chan *Msg, quit chan bool) {
	m := &Msg{}
	select {
	case ch <- m:
		m.N = 1
	case <-quit:
		m.N = 2
	case <-time.After(time.Second):
	}
	go func() { m.N++ }()
	m.N = 3
}
`,
	// Goroutines that start goroutines, callbacks kept for later, an
	// interface call, recursion.
	`package p

import "sync"

type Job interface{ Run() }

type W struct {
	mu   sync.Mutex
	n    int
	done bool
	cbs  []func()
}

func (w *W) Run() { w.n++ }

func (w *W) On(f func()) { w.cbs = append(w.cbs, f) }

func (w *W) Fire() {
	for _, f := range w.cbs {
		go f()
	}
}

func start(w *W, depth int) {
	if depth > 0 {
		go start(w, depth-1)
	}
	var j Job = w
	j.Run()
	w.done = true
}

func Main() {
	w := new(W)
	w.On(func() { w.n = 1 })
	go start(w, 3)
	w.Fire()
	for !w.done {
	}
	w.mu.Lock()
	_ = w.n
	w.mu.Unlock()
}
`,
	// Uses crosspkg/lib's summaries, and errgroup.
	`package p

import (
	"crosspkg/lib"
	"golang.org/x/sync/errgroup"
)

func F(c *lib.Config, ch chan *lib.Config) error {
	var g errgroup.Group
	g.Go(func() error { lib.Send(ch, c); return nil })
	lib.ApplyDefaults(c)
	lib.Watch(c)
	c.Timeout = lib.Describe(c)
	return g.Wait()
}
`,
}
