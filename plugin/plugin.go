// Package plugin registers pubcheck as a golangci-lint module plugin named
// "pubcheck". A golangci-lint binary built by `golangci-lint custom` with
// this package among its plugins runs pubcheck as the linter pubcheck:
//
//	# .custom-gcl.yml
//	version: v2.15.0
//	plugins:
//	  - module: github.com/pubcheck/pubcheck
//	    import: github.com/pubcheck/pubcheck/plugin
//	    version: v0.0.0-20260601120000-0123456789ab # an exact version
//
//	# .golangci.yml
//	version: "2"
//	linters:
//	  enable:
//	    - pubcheck
//	  settings:
//	    custom:
//	      pubcheck:
//	        type: module
//	        description: unsynchronized publication between goroutines
//	        settings:
//	          checks: ["all", "-doublecheck"]
//
// The one setting, checks, is a list of the items of pubcheck's -checks
// flag: "all", a check's name to add it, "-name" to remove it; a list that
// starts with a removal starts from all checks. Without it every check runs.
// Any other setting is an error.
//
// golangci-lint reports each related position of a finding as an issue of
// its own, and by default keeps one issue per line: set
// issues.uniq-by-line to false, or a finding on the line of another's
// related position may not be shown.
//
// Pin pubcheck to an exact version (a tag or a pseudo-version, not latest
// or a branch): golangci-lint salts its cache with the version of the
// binary, which `golangci-lint custom` derives from the plugin's module and
// version as written, so a version that moves would serve findings of the
// previous pubcheck from the cache.
package plugin

import (
	"errors"
	"fmt"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis"
)

func init() {
	register.Plugin("pubcheck", newPlugin)
}

// settings are the plugin's settings in .golangci.yml
// (linters.settings.custom.pubcheck.settings).
type settings struct {
	Checks []string `json:"checks"`
}

type pubcheckPlugin struct{}

// newPlugin decodes the settings and applies them to the -checks flag of
// analyzer.Analyzer. The analyzer and its flag are package globals, so the
// settings of the plugin built last are the ones in force; golangci-lint
// builds it once per run.
func newPlugin(conf any) (register.LinterPlugin, error) {
	// DecodeSettings rejects fields it does not know.
	s, err := register.DecodeSettings[settings](conf)
	if err != nil {
		return nil, fmt.Errorf("pubcheck settings: %w (the one setting is checks, a list such as [all, -doublecheck])", err)
	}
	checks := "all"
	if s.Checks != nil {
		if len(s.Checks) == 0 {
			return nil, errors.New("pubcheck settings: checks is empty (leave it out to run every check)")
		}
		for _, item := range s.Checks {
			switch {
			case strings.TrimSpace(item) == "":
				return nil, errors.New("pubcheck settings: checks has an empty item")
			case strings.Contains(item, ","):
				return nil, fmt.Errorf("pubcheck settings: checks item %q: one check per item", item)
			}
		}
		checks = strings.Join(s.Checks, ",")
	}
	if err := analyzer.Analyzer.Flags.Set("checks", checks); err != nil {
		return nil, fmt.Errorf("pubcheck settings: checks: %w", err)
	}
	return pubcheckPlugin{}, nil
}

func (pubcheckPlugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.Analyzer}, nil
}

// GetLoadMode asks for type information: pubcheck builds SSA.
func (pubcheckPlugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
