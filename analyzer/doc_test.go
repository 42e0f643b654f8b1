package analyzer

import (
	"os"
	"strings"
	"testing"
)

// Each check has its section in README.md (the Analyzer's URL anchors
// there by category) and in the Doc printed by -help.
func TestDocSections(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range registry {
		if !strings.Contains(string(readme), "\n### "+c.name+"\n") {
			t.Errorf("README.md has no section ### %s", c.name)
		}
		if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), "The rule: "+strings.Join(strings.Fields(c.rule), " ")) {
			t.Errorf("README.md section %s does not state the check's rule as -help does", c.name)
		}
		if !strings.Contains(Analyzer.Doc, "\n"+c.name+": "+c.title+"\n") {
			t.Errorf("Doc has no section for %s", c.name)
		}
	}
	if first := strings.SplitN(Analyzer.Doc, "\n", 2)[0]; len(first) > 60 || strings.HasSuffix(first, ".") {
		t.Errorf("Doc title %q: want a short lowercase phrase without final period", first)
	}
}
