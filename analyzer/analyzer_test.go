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
	pkgs := append(slices.Clone(analyzer.CheckNames), "directive", "publishkinds", "generics", "crossfunc", "crosspkg/...", "library", "joins", "recursion", "falseshapes", "syncbody", "docclaims", "realshapes")
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

// TestChecksFlag runs the analyzer with a check turned off.
func TestChecksFlag(t *testing.T) {
	setChecks(t, "all,-doublecheck")
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "checksflag")
}

// setChecks sets the -checks flag for the rest of the test.
func setChecks(t *testing.T, v string) {
	t.Helper()
	f := analyzer.Analyzer.Flags.Lookup("checks")
	old := f.Value.String()
	if err := f.Value.Set(v); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Value.Set(old) })
}

func TestChecksFlagValues(t *testing.T) {
	f := analyzer.Analyzer.Flags.Lookup("checks")
	defer f.Value.Set("all")
	for _, c := range []struct{ in, want string }{
		{"all", "all"},
		{"all,-doublecheck", "flagdata,spinwait,afterstore,loadmutate,mixedatomic,unjoined"},
		{"-doublecheck,-unjoined", "flagdata,spinwait,afterstore,loadmutate,mixedatomic"},
		{"spinwait, flagdata", "flagdata,spinwait"},
		{"all,-all,unjoined", "unjoined"},
	} {
		if err := f.Value.Set(c.in); err != nil {
			t.Errorf("-checks=%s: %v", c.in, err)
		} else if got := f.Value.String(); got != c.want {
			t.Errorf("-checks=%s gives %s, want %s", c.in, got, c.want)
		}
	}
	for _, in := range []string{"", "flagdta", "all,", "all,-nosuch"} {
		if err := f.Value.Set(in); err == nil {
			t.Errorf("-checks=%q: no error", in)
		}
	}
}
