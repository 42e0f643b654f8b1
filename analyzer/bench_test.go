package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// benchSizes are the numbers of functions in the generated packages.
var benchSizes = []int{50, 100, 200, 400, 800}

// BenchmarkAnalyzer measures the analysis of one package as it grows: each
// size is a generated package of that many functions of the same shape (see
// genBenchFunc), benchFuncsPerFile to a file, so a cost that grows linearly
// with the package shows as a flat ns/func across the sub-benchmarks.
//
// The packages are loaded once, before any timing (go/packages,
// LoadAllSyntax); each iteration is one checker.Analyze of one package,
// which runs the analyzers in Analyzer.Requires (inspect, and buildssa if
// it is listed) and then pubcheck itself. Building the package's SSA is
// timed too, in buildssa or in pubcheck, whichever does it. Metrics:
//
//	ns/op              one checker.Analyze, all analyzers
//	ns/func            ns/op divided by the number of generated functions
//	pubcheck-ns/func   the pubcheck step alone (its Action.Duration), per function
//	reports/op         diagnostics pubcheck reported (the same every iteration)
//
// Run with: go test -run '^$' -bench BenchmarkAnalyzer -benchtime 3x ./analyzer
func BenchmarkAnalyzer(b *testing.B) {
	dir := b.TempDir()
	write := func(name, content string) {
		b.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("go.mod", "module benchgen\n\ngo 1.26\n")
	for _, n := range benchSizes {
		for file, src := range genBenchPackage(fmt.Sprintf("p%d", n), n) {
			write(fmt.Sprintf("p%d/%s", n, file), src)
		}
	}

	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	byPath := map[string]*packages.Package{}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			b.Fatalf("%s: %v", p.PkgPath, e)
		}
		byPath[p.PkgPath] = p
	}

	for _, n := range benchSizes {
		pkg := byPath[fmt.Sprintf("benchgen/p%d", n)]
		if pkg == nil {
			b.Fatalf("package p%d not loaded", n)
		}
		// Only this package: with its imports the checker would run
		// pubcheck on them too (for their summaries) in every iteration.
		root := *pkg
		root.Imports = nil
		b.Run(fmt.Sprintf("funcs=%d", n), func(b *testing.B) {
			var own int64 // ns spent in pubcheck's own step
			reports := 0
			for b.Loop() {
				g, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer},
					[]*packages.Package{&root}, &checker.Options{Sequential: true})
				if err != nil {
					b.Fatal(err)
				}
				reports = 0
				for _, act := range g.Roots {
					if act.Err != nil {
						b.Fatal(act.Err)
					}
					own += act.Duration.Nanoseconds()
					reports += len(act.Diagnostics)
				}
			}
			perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(perOp/float64(n), "ns/func")
			b.ReportMetric(float64(own)/float64(b.N)/float64(n), "pubcheck-ns/func")
			b.ReportMetric(float64(reports), "reports/op")
		})
	}
}

// benchFuncsPerFile is how many generated functions share a file, about
// what a real file holds; the package grows by adding files.
const benchFuncsPerFile = 25

// genBenchPackage returns the files, by name, of package name with n
// functions made by genBenchFunc.
func genBenchPackage(name string, n int) map[string]string {
	files := map[string]string{}
	for first := 0; first < n; first += benchFuncsPerFile {
		var sb strings.Builder
		fmt.Fprintf(&sb, "package %s\n\n", name)
		sb.WriteString(`import (
	"runtime"
	"sync"
	"sync/atomic"
)

`)
		if first == 0 {
			sb.WriteString(`type config struct {
	name string
	size int
}

// calls is shared by all the functions, as a package's counters are.
var calls atomic.Int64

`)
		}
		for i := first; i < min(n, first+benchFuncsPerFile); i++ {
			genBenchFunc(&sb, i)
		}
		files[fmt.Sprintf("f%04d.go", first)] = sb.String()
	}
	return files
}

// genBenchFunc writes function f<i> and what it uses: a struct with a
// plain flag and data, a goroutine that polls the flag and reads the data,
// channel sends, an atomic pointer store of a value written afterwards,
// a mutex-guarded field, an exported helper and a few loops. Some of these are what
// pubcheck reports; all of them are what it has to look at.
func genBenchFunc(sb *strings.Builder, i int) {
	fmt.Fprintf(sb, `type state%[1]d struct {
	mu    sync.Mutex
	ready bool
	data  []int
	total int
	cfg   atomic.Pointer[config]
	hits  int
}

// Fill%[1]d is exported: pubcheck summarizes it for importers.
func Fill%[1]d(s *state%[1]d, n int) {
	s.data = make([]int, n)
	for j := range s.data {
		s.data[j] = j * %[1]d
	}
}

func f%[1]d(n int) int {
	calls.Add(1)
	s := &state%[1]d{}
	results := make(chan int, 2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !s.ready {
			runtime.Gosched()
		}
		sum := 0
		for _, v := range s.data {
			sum += v
		}
		if c := s.cfg.Load(); c != nil {
			sum += c.size
		}
		results <- sum
		s.mu.Lock()
		s.hits++
		s.mu.Unlock()
	}()
	Fill%[1]d(s, n)
	s.ready = true
	c := &config{name: "f%[1]d"}
	s.cfg.Store(c)
	c.size = n
	for k := 0; k < n; k++ {
		if k%%3 == 0 {
			s.mu.Lock()
			s.total += k
			s.mu.Unlock()
		}
	}
	<-done
	results <- s.total
	return <-results + <-results
}

`, i)
}

// BenchmarkShapes measures two shapes that stress the model: a field of one
// package variable that every function reads, writes and accesses
// atomically (sharedfield: every access pairs with every other), and one
// file in which every function starts a goroutine (gostmts). Each is
// generated at two sizes; a cost linear in the package shows as the same
// ns/func at both.
//
// Run with: go test -run '^$' -bench BenchmarkShapes -benchtime 3x ./analyzer
func BenchmarkShapes(b *testing.B) {
	shapes := map[string]func(i int) string{
		"sharedfield": func(i int) string {
			return fmt.Sprintf(`func F%[1]d() int64 {
	atomic.AddInt64(&shared.hits, 1)
	mu.Lock()
	shared.total += %[1]d
	mu.Unlock()
	if shared.ready {
		return shared.total
	}
	return shared.hits
}

`, i)
		},
		"gostmts": func(i int) string {
			return fmt.Sprintf(`func F%[1]d() int64 {
	done := make(chan bool)
	x := int64(%[1]d)
	go func() {
		x++
		shared.total = x
		done <- true
	}()
	<-done
	return x
}

`, i)
		},
	}
	sizes := []int{200, 1600}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module shapes\n\ngo 1.26\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	for name, gen := range shapes {
		for _, n := range sizes {
			var sb strings.Builder
			fmt.Fprintf(&sb, "package %s%d\n\nimport (\n\t\"sync\"\n\t\"sync/atomic\"\n)\n\n", name, n)
			sb.WriteString("var mu sync.Mutex\n\nvar shared struct {\n\thits  int64\n\ttotal int64\n\tready bool\n}\n\nvar _ = atomic.AddInt64\n\n")
			for i := range n {
				sb.WriteString(gen(i))
			}
			pkgDir := filepath.Join(dir, fmt.Sprintf("%s%d", name, n))
			if err := os.MkdirAll(pkgDir, 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(pkgDir, "gen.go"), []byte(sb.String()), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOWORK=off")}, "./...")
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			b.Fatalf("%s: %v", p.PkgPath, e)
		}
		n := 0
		fmt.Sscanf(strings.TrimLeft(p.Name, "abcdefghijklmnopqrstuvwxyz"), "%d", &n)
		root := *p
		root.Imports = nil
		b.Run(p.Name, func(b *testing.B) {
			for b.Loop() {
				g, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, []*packages.Package{&root}, &checker.Options{Sequential: true})
				if err != nil {
					b.Fatal(err)
				}
				for _, act := range g.Roots {
					if act.Err != nil {
						b.Fatal(act.Err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/func")
		})
	}
}
