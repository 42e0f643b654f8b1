package plugin_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/pubcheck/pubcheck/analyzer"
	_ "github.com/pubcheck/pubcheck/plugin"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// keepChecks restores the analyzer's -checks flag when the test ends: the
// plugin sets it.
func keepChecks(t *testing.T) {
	t.Helper()
	f := analyzer.Analyzer.Flags.Lookup("checks")
	old := f.Value.String()
	t.Cleanup(func() {
		if err := f.Value.Set(old); err != nil {
			t.Errorf("restoring -checks=%s: %v", old, err)
		}
	})
}

func checksFlag() string {
	return analyzer.Analyzer.Flags.Lookup("checks").Value.String()
}

// newPlugin builds the plugin as golangci-lint does, from the registry.
func newPlugin(conf any) (register.LinterPlugin, error) {
	newPlugin, err := register.GetPlugin("pubcheck")
	if err != nil {
		return nil, err
	}
	return newPlugin(conf)
}

// buildAnalyzers builds the plugin with conf and returns its analyzers.
func buildAnalyzers(t *testing.T, conf any) []*analysis.Analyzer {
	t.Helper()
	p, err := newPlugin(conf)
	if err != nil {
		t.Fatalf("settings %v: %v", conf, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0] != analyzer.Analyzer {
		t.Fatalf("BuildAnalyzers() = %v, want [analyzer.Analyzer]", as)
	}
	return as
}

// TestDefaultSettings: without settings every check runs, whatever the
// flag held before.
func TestDefaultSettings(t *testing.T) {
	keepChecks(t)
	if err := analyzer.Analyzer.Flags.Set("checks", "flagdata"); err != nil {
		t.Fatal(err)
	}
	for _, a := range buildAnalyzers(t, nil) {
		analysistest.Run(t, analysistest.TestData(), a, "allchecks")
	}
	if got := checksFlag(); got != "all" {
		t.Errorf("-checks = %s after building with no settings, want all", got)
	}
}

// TestChecksSetting turns doublecheck off through the settings, in the
// shape golangci-lint passes them (a YAML list decodes to []any).
func TestChecksSetting(t *testing.T) {
	keepChecks(t)
	for _, a := range buildAnalyzers(t, map[string]any{"checks": []any{"all", "-doublecheck"}}) {
		analysistest.Run(t, analysistest.TestData(), a, "nodoublecheck")
	}
}

// TestChecksValues: the list means what the -checks flag means with its
// items joined by commas.
func TestChecksValues(t *testing.T) {
	keepChecks(t)
	for _, c := range []struct {
		checks any
		want   string
	}{
		{[]any{"all"}, "all"},
		{[]any{"-doublecheck"}, "flagdata,spinwait,afterstore,loadmutate,mixedatomic,unjoined"},
		{[]any{"all", "-doublecheck", "-unjoined"}, "flagdata,spinwait,afterstore,loadmutate,mixedatomic"},
		{[]any{"spinwait", "flagdata"}, "flagdata,spinwait"},
		{[]string{"all", "-all", "unjoined"}, "unjoined"},
	} {
		buildAnalyzers(t, map[string]any{"checks": c.checks})
		if got := checksFlag(); got != c.want {
			t.Errorf("checks %v gives -checks=%s, want %s", c.checks, got, c.want)
		}
	}
}

// TestBadSettings: settings golangci-lint would pass that are not pubcheck's
// are an error, and leave the flag as it was.
func TestBadSettings(t *testing.T) {
	keepChecks(t)
	if err := analyzer.Analyzer.Flags.Set("checks", "spinwait"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		conf any
		want string
	}{
		{map[string]any{"chekcs": []any{"all"}}, `unknown field "chekcs"`},
		{map[string]any{"checks": []any{"all"}, "fix": true}, `unknown field "fix"`},
		{map[string]any{"checks": "all,-doublecheck"}, "cannot unmarshal string"},
		{map[string]any{"checks": []any{"all", "-nosuch"}}, `unknown check "nosuch"`},
		{map[string]any{"checks": []any{"all,-doublecheck"}}, "one check per item"},
		{map[string]any{"checks": []any{}}, "checks is empty"},
		{map[string]any{"checks": []any{"all", " "}}, "empty item"},
	} {
		_, err := newPlugin(c.conf)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("settings %v: error %v, want one containing %s", c.conf, err, c.want)
		}
		if got := checksFlag(); got != "spinwait" {
			t.Errorf("settings %v: -checks changed to %s", c.conf, got)
		}
	}
}
