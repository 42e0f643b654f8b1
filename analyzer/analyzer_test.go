package analyzer_test

import (
	"slices"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestChecks(t *testing.T) {
	// One testdata package per check, named by the registry, and the
	// packages that exercise what the checks share.
	pkgs := append(slices.Clone(analyzer.CheckNames), "directive", "publishkinds", "generics", "crossfunc", "crosspkg/...", "library", "joins", "recursion", "falseshapes")
	for _, pkg := range pkgs {
		t.Run(pkg, func(t *testing.T) {
			analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, pkg)
		})
	}
}

func TestMixedAtomicFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "mixedatomicfix")
}

// TestSummariesOnly checks the analyzer go vet runs on dependencies: the
// summaries Analyzer leaves, and no report.
func TestSummariesOnly(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.SummariesOnly, "summariesonly", "crosspkg/lib")
}
