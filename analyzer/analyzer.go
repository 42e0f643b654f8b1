package analyzer

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// Analyzer reports unsynchronized publication between goroutines.
var Analyzer = &analysis.Analyzer{
	Name:     "pubcheck",
	Doc:      doc,
	URL:      "https://github.com/pubcheck/pubcheck/blob/main/README.md",
	Requires: []*analysis.Analyzer{inspect.Analyzer, buildssa.Analyzer},
	Run:      run,
}

const doc = "report unsynchronized publication between goroutines"

func run(pass *analysis.Pass) (any, error) { return nil, nil }
