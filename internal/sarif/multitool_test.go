package sarif_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pubcheck/pubcheck/analyzer"
	"github.com/pubcheck/pubcheck/internal/sarif"
)

// TestMultitool validates logs of real findings with Microsoft's SARIF
// Multitool, under its SARIF rules and the rules of GitHub code scanning
// ("Gh"), and expects no errors and no warnings. The logs: examples/, and
// a module with fixes, columns outside ASCII and a malformed directive;
// that module again with property bags on the results and the run (as
// pubcheck -confirm writes them); and what the command prints with -sarif.
func TestMultitool(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and runs the SARIF Multitool")
	}
	tool := multitool(t)
	dir := t.TempDir()
	root := repoRoot(t)
	examples, _ := writeLog(t, root, analyze(t, root, "./examples/..."))
	mod := tempModule(t)
	fixes, _ := writeLog(t, mod, analyze(t, mod, "./..."))
	var props bytes.Buffer
	if err := sarif.WriteRun(&props, mod, "v"+version, analyzer.Checks(), withProperties(analyze(t, mod, "./...")), runConfirmation); err != nil {
		t.Fatal(err)
	}
	logs := []string{filepath.Join(dir, "examples.sarif"), filepath.Join(dir, "module.sarif"), filepath.Join(dir, "command.sarif"), filepath.Join(dir, "properties.sarif")}
	write(t, logs[0], string(examples))
	write(t, logs[1], string(fixes))
	write(t, logs[3], props.String())
	// And what the command prints with -sarif.
	bin := filepath.Join(dir, "pubcheck")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/pubcheck").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	command := exec.Command(bin, "-sarif", "./examples/...")
	command.Dir = root
	log, err := command.Output()
	if err != nil {
		t.Fatalf("pubcheck -sarif ./examples/...: %v", err)
	}
	write(t, logs[2], string(log))

	config := filepath.Join(dir, "config.xml")
	write(t, config, validationConfig)
	out := filepath.Join(dir, "validation.sarif")
	// The targets come first: --log takes a list and would take them too.
	// Notes are asked for only to show that the validator read every log.
	args := append([]string{"validate"}, logs...)
	args = append(args, "--rule-kind", "Gh;Sarif", "--level", "Error;Warning;Note", "--config", config,
		"--output", out, "--log", "ForceOverwrite")
	cmd := exec.Command(tool, args...)
	// Without ICU, .NET programs stop at startup unless told to do without.
	cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
	start := time.Now()
	console, err := cmd.CombinedOutput()
	t.Logf("multitool validate of %d logs took %v", len(logs), time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, console)
	}
	problems, notes, err := validation(out, logs)
	if err != nil {
		t.Fatalf("%v\nconsole output:\n%s", err, console)
	}
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("notes: %v", notes)
}

// validationConfig enables every GitHub rule, GH1006 (no absolute file
// URIs without a checkout path) among them, which is off by default; and
// turns off SARIF2006, which fetches every URI in the log over the network
// to report unreachable ones as notes. The validator warns that a rule
// was turned off: validation ignores that one warning.
var validationConfig = func() string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Properties>\n")
	rule := func(key, state string) {
		fmt.Fprintf(&b, "  <Properties Key=\"%s.Options\">\n"+
			"    <Property Key=\"RuleEnabled\" Value=\"%s\" Type=\"Driver.RuleEnabledState\" />\n  </Properties>\n", key, state)
	}
	for _, key := range []string{
		"GH1001.ProvideRequiredLocationProperties",
		"GH1002.InlineThreadFlowLocations",
		"GH1003.ProvideRequiredRegionProperties",
		"GH1004.ReviewArraysThatExceedConfigurableDefaults",
		"GH1005.LocationsMustBeRelativeUrisOrFilePaths",
		"GH1006.ProvideCheckoutPath",
		"GH1007.ProvideFullyFormattedMessageStrings",
		"GH1011.GhasReferenceFinalSchema",
		"GH1013.GhProvideRequiredSarifLogProperties",
		"GH1014.GhasProvideRequiredRunProperties",
		"GH1015.GhasProvideRequiredResultProperties",
		"GH1016.GhasProvideRequiredLocationProperties",
		"GH1017.GhasProvideRequiredPhysicalLocationProperties",
		"GH1018.GhasProvideToolDriver",
		"GH2012.GhasProvideRequiredReportingDescriptorProperties",
	} {
		rule(key, "Error")
	}
	rule("SARIF2006.UrisShouldBeReachable", "Disabled")
	b.WriteString("</Properties>\n")
	return b.String()
}()

// disabledWarning is the notification that a rule was turned off.
const disabledWarning = "WRN999.RuleExplicitlyDisabled"

// multitool returns the path of the SARIF Multitool executable, which
// scripts/sarif-multitool-install installs unless it is there.
func multitool(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(repoRoot(t), "scripts", "sarif-multitool-install"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("scripts/sarif-multitool-install: %v\n%s", err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// validation reads the Multitool's own SARIF log and returns its errors
// and warnings (results, and notifications about the run itself), and the
// number of notes of each rule.
func validation(path string, targets []string) (problems []string, notes map[string]int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	type msg struct {
		Text      string
		ID        string
		Arguments []string
	}
	type notification struct {
		Level      string
		Descriptor struct{ ID string }
		Message    msg
	}
	var l struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID                   string
						DefaultConfiguration struct{ Level string }
						MessageStrings       map[string]struct{ Text string }
					}
				}
			}
			Invocations []struct {
				ExecutionSuccessful            bool
				ToolExecutionNotifications     []notification
				ToolConfigurationNotifications []notification
			}
			Results []struct {
				RuleID    string
				RuleIndex *int
				Level     string
				Kind      string
				Message   msg
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(l.Runs) != 1 {
		return nil, nil, fmt.Errorf("%s: %d runs, want 1", path, len(l.Runs))
	}
	run := l.Runs[0]
	for _, inv := range run.Invocations {
		if !inv.ExecutionSuccessful {
			problems = append(problems, "the validation did not complete")
		}
		for _, n := range append(inv.ToolExecutionNotifications, inv.ToolConfigurationNotifications...) {
			if (n.Level == "error" || n.Level == "warning" || n.Level == "") && n.Descriptor.ID != disabledWarning {
				problems = append(problems, fmt.Sprintf("%s notification %s: %s %v", n.Level, n.Descriptor.ID, n.Message.Text, n.Message.Arguments))
			}
		}
	}
	notes = make(map[string]int)
	read := make(map[string]bool)
	for _, r := range run.Results {
		if len(r.Locations) > 0 {
			read[filepath.Base(r.Locations[0].PhysicalLocation.ArtifactLocation.URI)] = true
		}
		if r.Kind != "" && r.Kind != "fail" {
			continue
		}
		// A result's level defaults to its rule's, and that to warning.
		level := r.Level
		if level == "" && r.RuleIndex != nil && *r.RuleIndex < len(run.Tool.Driver.Rules) {
			level = run.Tool.Driver.Rules[*r.RuleIndex].DefaultConfiguration.Level
		}
		if level == "" {
			level = "warning"
		}
		if level != "error" && level != "warning" {
			notes[r.RuleID]++
			continue
		}
		where := ""
		if len(r.Locations) > 0 {
			loc := r.Locations[0].PhysicalLocation
			where = fmt.Sprintf("%s:%d: ", filepath.Base(loc.ArtifactLocation.URI), loc.Region.StartLine)
		}
		text := r.Message.Text
		if text == "" && r.RuleIndex != nil && *r.RuleIndex < len(run.Tool.Driver.Rules) {
			text = run.Tool.Driver.Rules[*r.RuleIndex].MessageStrings[r.Message.ID].Text
			for i, arg := range r.Message.Arguments {
				text = strings.ReplaceAll(text, "{"+strconv.Itoa(i)+"}", arg)
			}
		}
		if text == "" {
			text = r.Message.ID + " " + strings.Join(r.Message.Arguments, " | ")
		}
		problems = append(problems, fmt.Sprintf("%s%s %s: %s", where, level, r.RuleID, text))
	}
	for _, target := range targets {
		if !read[filepath.Base(target)] {
			problems = append(problems, fmt.Sprintf("the validator reported nothing, not even a note, on %s", filepath.Base(target)))
		}
	}
	return problems, notes, nil
}
