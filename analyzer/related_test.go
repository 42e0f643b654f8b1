package analyzer_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis/analysistest"
)

// analysistest checks messages but not related information: check the
// positions and messages of the other half of each pattern here.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "flagdata", "afterstore", "spinwait", "crosspkg/...")
	got := make(map[string][]string)
	for _, r := range results {
		fset := r.Pass.Fset
		for _, d := range r.Diagnostics {
			p := fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d %s", filepath.Base(p.Filename), p.Line, d.Category)
			for _, rel := range d.Related {
				rp := fset.Position(rel.Pos)
				got[key] = append(got[key], fmt.Sprintf("%d:%d %s", rp.Line, rp.Column, rel.Message))
			}
		}
	}
	for _, tc := range []struct {
		key  string
		want []string
	}{
		{"flagdata.go:28 flagdata", []string{"27:2 write to data", "18:7 ready read by another goroutine", "21:14 data read after the check"}},
		{"flagdata.go:50 flagdata", []string{"49:2 write to c.cfg", "41:6 c.ready read by another goroutine", "42:16 c.cfg read after the check"}},
		{"flagdata.go:85 flagdata", []string{"84:2 atomic store to t.loaded", "90:5 t.loaded loaded by another goroutine", "91:15 t.rows read after the check"}},
		{"spinwait.go:24 spinwait", []string{"19:2 done written by another goroutine"}},
		{"use.go:97 flagdata", []string{"96:2 write to cl.conn.Cfg", "90:5 cl.conn.Ready read by another goroutine", "91:11 cl.conn.Cfg read after the check"}},
		{"use.go:238 unjoined", []string{"237:2 goroutine started here"}},
		{"use.go:148 spinwait", []string{"152:24 j.w.Stop() sets stop in another goroutine"}},
		{"afterstore.go:38 afterstore", []string{"37:2 published here"}},
		{"afterstore.go:83 afterstore", []string{"80:2 published here"}},
	} {
		if g := strings.Join(got[tc.key], "; "); g != strings.Join(tc.want, "; ") {
			t.Errorf("%s: related = %q, want %q", tc.key, g, strings.Join(tc.want, "; "))
		}
	}
}
