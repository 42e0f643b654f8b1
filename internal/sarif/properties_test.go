package sarif_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"github.com/pubcheck/pubcheck/internal/sarif"
)

// confirmation is a property bag of the shape pubcheck -confirm writes.
var confirmation = map[string]any{"confirmation": map[string]any{
	"status": "confirmed",
	"detail": []string{"confirmed by TestX: read at wide/wide.go:18, previous write at wide/wide.go:10"},
	"races": []map[string]any{{
		"package": "example.com/m/wide",
		"tests":   []string{"TestX"},
		"count":   1,
		"access":  map[string]any{"kind": "read", "goroutine": 8, "posn": "wide/wide.go:18"},
	}},
}}

var runConfirmation = map[string]any{"confirmation": map[string]any{
	"summary":              "1 finding: 1 confirmed, 0 exercised without a race, 0 not exercised; 0 race reports outside any finding",
	"counts":               map[string]int{"findings": 1, "confirmed": 1},
	"racesOutsideFindings": []any{},
}}

// withProperties returns fs with confirmation as the properties of each.
func withProperties(fs []sarif.Finding) []sarif.Finding {
	for i := range fs {
		fs[i].Properties = confirmation
	}
	return fs
}

// TestProperties checks that a finding's properties are its result's
// property bag and the run's are the run's, and that neither is written
// when empty.
func TestProperties(t *testing.T) {
	mod := tempModule(t)
	fs := analyze(t, mod, "./...")
	var plain bytes.Buffer
	if err := sarif.Write(&plain, mod, "v"+version, analyzer.Checks(), fs); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain.Bytes(), []byte(`"confirmation"`)) {
		t.Errorf("a log without properties has some:\n%s", plain.Bytes())
	}
	var buf bytes.Buffer
	if err := sarif.WriteRun(&buf, mod, "v"+version, analyzer.Checks(), withProperties(fs), runConfirmation); err != nil {
		t.Fatal(err)
	}
	var l struct {
		Runs []struct {
			Properties map[string]json.RawMessage
			Results    []struct {
				Properties map[string]struct {
					Status string
					Races  []struct{ Tests []string }
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &l); err != nil || len(l.Runs) != 1 {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	run := l.Runs[0]
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for i, r := range run.Results {
		c := r.Properties["confirmation"]
		if c.Status != "confirmed" || len(c.Races) != 1 || c.Races[0].Tests[0] != "TestX" {
			t.Errorf("result %d: properties %+v", i, r.Properties)
		}
	}
	if _, ok := run.Properties["confirmation"]; !ok {
		t.Errorf("run properties: %s", buf.Bytes())
	}
}
