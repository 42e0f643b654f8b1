// Command pubcheck reports unsynchronized publication in Go programs: data
// handed from one goroutine to another without a happens-before edge.
//
// Usage:
//
//	pubcheck [flags] packages...
//	go vet -vettool=$(which pubcheck) [-checks=...] packages...
//
// The standalone command runs go vet with itself as the vet tool and
// prints what go vet's units report: its findings are go vet's, every
// dependency is summarized, packages are analyzed in parallel, one process
// each, and go vet's build cache replays what has not changed.
//
// Flags of the standalone command: -checks (which checks run), -json,
// -sarif, -c N (source context), -test, -tags, -fix and -diff, -baseline
// and -write-baseline, -confirm (run the packages' tests under the race
// detector and give each finding a status), -v, -explain CHECK, -version,
// -cpuprofile, -memprofile and -trace; pubcheck -help lists them with the
// documentation of every check.
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
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
)

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
	m := decideMode(args)
	if os.Getenv("GOMEMLIMIT") == "" && m == modeUnit {
		debug.SetMemoryLimit(vetMemoryLimit)
	}
	if os.Getenv("GOGC") == "" && m == modeUnit {
		debug.SetGCPercent(vetGCPercent)
	}
	switch m {
	case modeUnit, modeFlags:
		// A package of go vet, or go vet asking for the flags.
		// -profile is registered so that go vet learns it (-flags) and
		// passes it on; its value is read from the arguments, since the
		// analyzer is wrapped before the driver parses them.
		unitProfileFlag(flag.CommandLine)
		a := analyzer.Analyzer
		cfg := readUnit(args[len(args)-1])
		if cfg.VetxOnly {
			// go vet runs the tool on every dependency of the packages
			// it vets, only for the facts: compute the summaries, skip
			// the checks.
			a = analyzer.SummariesOnly
		}
		if m == modeUnit {
			logUnit(cfg)
		}
		if d := profileArg(args); m == modeUnit && d != "" {
			a = profileUnit(a, d, unitFileName(cfg))
		}
		singlechecker.Main(a)
	case modeDebug:
		// The debugging flag of x/tools' driver.
		singlechecker.Main(analyzer.Analyzer)
	case modeFullVersion:
		if err := printFullVersion(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "pubcheck: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(runStandalone(args, os.Stdout, os.Stderr))
}

// A mode is what one invocation of the binary is.
type mode int

const (
	modeStandalone  mode = iota // pubcheck [flags] packages
	modeUnit                    // go vet's unit: [flags] file.cfg
	modeFlags                   // go vet asking for the unit flags: -flags
	modeFullVersion             // go vet asking for the tool's ID: -V=full
	modeDebug                   // x/tools' driver with its -debug flag
)

// decideMode decides, from the arguments alone, which mode the binary
// runs in. Only go vet's handshakes and units, and the one flag only
// x/tools' driver has, leave the standalone command.
func decideMode(args []string) mode {
	switch {
	case len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg"):
		return modeUnit
	case slices.Contains(args, "-flags") || slices.Contains(args, "--flags"):
		return modeFlags
	case len(args) == 1 && (args[0] == "-V=full" || args[0] == "--V=full"):
		return modeFullVersion
	case driverFlags(args):
		return modeDebug
	}
	return modeStandalone
}

// A unit is what pubcheck reads of go vet's description of one unit.
type unit struct {
	ID       string
	VetxOnly bool
}

// readUnit reads the unit file cfg; any doubt is left to the driver,
// which reads it again.
func readUnit(cfg string) unit {
	var u unit
	if strings.HasSuffix(cfg, ".cfg") {
		if data, err := os.ReadFile(cfg); err == nil {
			json.Unmarshal(data, &u)
		}
	}
	return u
}

// unitFileName names the files of a unit's profiles: its package ID,
// made a file name, and ".facts" for a unit that only computes facts.
func unitFileName(u unit) string {
	name := strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ' ', '[', ']', ':':
			return '_'
		}
		return r
	}, u.ID)
	if u.VetxOnly {
		name += ".facts"
	}
	return name + ".pprof"
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
