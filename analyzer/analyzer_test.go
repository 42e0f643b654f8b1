package analyzer_test

import (
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestChecks(t *testing.T) {
	for _, pkg := range []string{"flagdata", "spinwait", "afterstore", "directive", "publishkinds", "loadmutate", "mixedatomic", "doublecheck", "unjoined", "generics", "crossfunc", "crosspkg/...", "library"} {
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
