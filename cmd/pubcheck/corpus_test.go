package main_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The floors of the library-shaped corpus (testdata/corpus): overall
// recall and precision that scripts/corpus must measure, standalone and
// under go vet. They are what pubcheck reaches today; a change that loses
// a bug or gains a false report below them fails here.
const (
	corpusMinRecall    = "0.9"
	corpusMinPrecision = "0.95"
)

// TestCorpus runs scripts/corpus: every bug of the corpus must race under
// the race detector and every look-alike must not, the corpus must be well
// formed, standalone and go vet must agree, and pubcheck's recall and
// precision on it must stay above the floors.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the race detector on the corpus")
	}
	if runtime.GOOS == "windows" {
		t.Skip("scripts/corpus is a bash script")
	}
	bin, _ := setup(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "corpus"), "-pubcheck", bin,
		"-min-recall", corpusMinRecall, "-min-precision", corpusMinPrecision)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/corpus: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "agree: the same") {
		t.Errorf("standalone and go vet disagree on the corpus:\n%s", out)
	}
}
