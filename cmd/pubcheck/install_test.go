package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestInstallPaths runs scripts/installpaths, which installs pubcheck each
// way the README shows (go install from a clone, go install PATH@VERSION,
// go get -tool, and the fixes through go fix -fixtool and -fix) and runs
// what each installs.
func TestInstallPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("installs pubcheck each way the README shows")
	}
	if runtime.GOOS == "windows" {
		t.Skip("scripts/installpaths is a bash script")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "installpaths"))
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/installpaths: %v\n%s", err, out)
	}
	t.Logf("scripts/installpaths:\n%s", out)
}
