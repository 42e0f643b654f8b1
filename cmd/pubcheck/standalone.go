package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// The standalone run.
//
// singlechecker's standalone driver loads every dependency from source when
// the analyzer has facts, so that it can run the analyzer on each. On std
// with its tests that means type-checking about 2500 package variants
// instead of 975 and holding all their syntax: measured, 79 s and 5.1 GB
// against 16 s and 2.4 GB for this run. pubcheck's summaries are worth
// having for the packages it reports on, not for everything below them. So
// for a plain run (flags -json, -c and -test only) pubcheck loads as the
// standalone driver does without facts, roots from source and the rest from
// export data, and runs x/tools' checker over the roots alone: summaries
// flow between the packages named on the command line, not from the
// others. Under go vet, which gives each package the facts of all its
// dependencies, and for every other flag (-fix, -diff, -debug, profiles),
// singlechecker runs as usual.

// plainArgs parses args, which are not a go vet unit, as flags of a plain
// run and returns the options, or ok false when they are not just that.
func plainArgs(args []string) (opts plainOpts, ok bool) {
	fs := flag.NewFlagSet("pubcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&opts.json, "json", false, "")
	fs.IntVar(&opts.context, "c", -1, "")
	fs.BoolVar(&opts.tests, "test", true, "")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		return opts, false
	}
	opts.patterns = fs.Args()
	for _, p := range opts.patterns {
		if strings.HasPrefix(p, "-") {
			return opts, false // a flag after the patterns, as singlechecker allows
		}
	}
	return opts, true
}

type plainOpts struct {
	json     bool
	context  int
	tests    bool
	patterns []string
}

// runPlain runs a across the packages matching opts.patterns, prints what
// it reports as singlechecker does, and returns the exit code: 1 for load or
// analysis errors, else 3 for findings (0 with -json), else 0.
func runPlain(a *analysis.Analyzer, opts plainOpts) int {
	log.SetFlags(0)
	log.SetPrefix(a.Name + ": ")
	conf := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Tests: opts.tests}
	initial, err := packages.Load(conf, opts.patterns...)
	if err == nil && len(initial) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(opts.patterns, " "))
	}
	if err != nil {
		log.Print(err)
		return 1
	}
	exit := 0
	if packages.PrintErrors(initial) > 0 {
		exit = 1
	}
	rootsOnly(initial)
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, initial, nil)
	if err != nil {
		log.Print(err)
		return 1
	}
	if opts.json {
		if err := graph.PrintJSON(os.Stdout); err != nil {
			return 1
		}
		return exit
	}
	if err := graph.PrintText(os.Stderr, opts.context); err != nil {
		return 1
	}
	errs, diags := 0, 0
	for act := range graph.All() {
		if act.Err != nil {
			errs++
		} else if act.IsRoot {
			diags += len(act.Diagnostics)
		}
	}
	switch {
	case errs > 0:
		exit = max(exit, 1)
	case diags > 0:
		exit = 3
	}
	return exit
}

// rootsOnly cuts the import graph below pkgs down to pkgs themselves, the
// only packages loaded with everything the checker needs to run pubcheck on
// them. The others were loaded from export data, or from source without
// function bodies (packages on an import path between two roots), and
// contribute types only.
func rootsOnly(pkgs []*packages.Package) {
	roots := make(map[*packages.Package]bool)
	for _, p := range pkgs {
		roots[p] = true
	}
	for _, p := range pkgs {
		for path, imp := range p.Imports {
			if !roots[imp] {
				delete(p.Imports, path)
			}
		}
	}
}
