// Command pubcheck reports unsynchronized publication in Go programs: data
// handed from one goroutine to another without a happens-before edge.
//
// Usage:
//
//	pubcheck [flags] packages...
//	go vet -vettool=$(which pubcheck) [-checks=...] packages...
//
// Flags of the standalone command: -checks (which checks run), -json,
// -sarif, -c N (source context), -test, -tags, -fix and -diff, -baseline
// and -write-baseline, -confirm (run the packages' tests under the race
// detector and give each finding a status), -explain CHECK, -version;
// pubcheck -help lists them with the documentation of every check.
//
// Exit status: 0 when nothing is reported (and with -json or -sarif, whose
// output carries the findings), 1 when packages could not be loaded or
// analyzed, 2 for a usage error, 3 when there are findings, 4 when
// -confirm's tests did not build, finish or pass other than by a race. See
// https://github.com/pubcheck/pubcheck for the checks and how to silence a
// finding with //pubcheck:ignore.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
)

// memoryLimit is the soft limit on the heap of a standalone run when
// GOMEMLIMIT is not set. The standalone driver holds the syntax and types of
// every package it loads until the end; with the default GOGC alone the heap
// of `pubcheck std` grew to about 3.7 GB, with this limit its peak RSS is
// about 2.3 GB at some cost in collector time.
const memoryLimit = 2400 << 20

// Under go vet, pubcheck runs once per package, in processes whose heap is
// mostly the package's syntax, types and SSA: a few tens of MiB, collected
// over and over at the default GOGC of 100. A higher GOGC lets most of
// them finish with few collections; the memory limit bounds the largest.
const (
	vetGCPercent   = 400
	vetMemoryLimit = 160 << 20
)

func main() {
	args := os.Args[1:]
	unit := len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
	if os.Getenv("GOMEMLIMIT") == "" {
		if unit {
			debug.SetMemoryLimit(vetMemoryLimit)
		} else {
			debug.SetMemoryLimit(memoryLimit)
		}
	}
	if unit && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(vetGCPercent)
	}
	switch {
	case unit && vetxOnly(args[len(args)-1]):
		// go vet runs the tool on every dependency of the packages it vets,
		// only for the facts: compute the summaries, skip the checks.
		singlechecker.Main(analyzer.SummariesOnly)
	case unit || slices.Contains(args, "-flags") || driverFlags(args):
		// A package of go vet, go vet asking for the flags, or the
		// debugging flag of x/tools' driver.
		singlechecker.Main(analyzer.Analyzer)
	case len(args) == 1 && (args[0] == "-V=full" || args[0] == "--V=full"):
		if err := printFullVersion(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "pubcheck: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	case os.Getenv(fixEnv) != "":
		// The child of -fix (see fix). Fixes (mixedatomic's) never depend
		// on summaries of other packages: leave the facts out, and with
		// them the loading of every dependency from source.
		a := *analyzer.Analyzer
		a.FactTypes = nil
		singlechecker.Main(&a)
	}
	os.Exit(runStandalone(args, os.Stdout, os.Stderr))
}

// driverFlags reports whether args use -debug, a flag only x/tools'
// driver has (it prints the facts and the analysis steps).
func driverFlags(args []string) bool {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "debug" {
			return strings.HasPrefix(a, "-")
		}
	}
	return false
}

// vetxOnly reports whether the go vet unit described by the file cfg asks
// for facts only. Any doubt is left to the driver, which reads it again.
func vetxOnly(cfg string) bool {
	data, err := os.ReadFile(cfg)
	if err != nil {
		return false
	}
	var unit struct{ VetxOnly bool }
	return json.Unmarshal(data, &unit) == nil && unit.VetxOnly
}
