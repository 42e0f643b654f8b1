package main

import (
	"strings"
	"testing"
)

// TestDecideMode checks, argument shape by argument shape, which mode the
// binary runs in: only go vet's handshakes and units and x/tools' -debug
// leave the standalone command; flags anywhere, profiling flags included,
// do not.
func TestDecideMode(t *testing.T) {
	for _, c := range []struct {
		args []string
		want mode
	}{
		{nil, modeStandalone},
		{[]string{"./..."}, modeStandalone},
		{[]string{"-json", "./c"}, modeStandalone},
		{[]string{"-cpuprofile=x", "./c"}, modeStandalone},
		{[]string{"-cpuprofile", "x", "-memprofile", "y", "-trace", "z", "./c"}, modeStandalone},
		{[]string{"-fix", "-diff", "./c"}, modeStandalone},
		{[]string{"./c", "-c=0"}, modeStandalone}, // a usage error, said by the standalone command
		{[]string{"-V"}, modeStandalone},
		{[]string{"-version"}, modeStandalone},
		{[]string{"-debugx", "./c"}, modeStandalone},
		{[]string{"-V=full"}, modeFullVersion},
		{[]string{"--V=full"}, modeFullVersion},
		{[]string{"-V=full", "./c"}, modeStandalone},
		{[]string{"-flags"}, modeFlags},
		{[]string{"-json", "/tmp/b001/vet.cfg"}, modeUnit},
		{[]string{"-checks=all", "-profile=/tmp/p", "vet.cfg"}, modeUnit},
		{[]string{"-fix", "-diff", "vet.cfg"}, modeUnit},
		{[]string{"-debug=f", "./c"}, modeDebug},
		{[]string{"--debug", "fp", "./c"}, modeDebug},
	} {
		if got := decideMode(c.args); got != c.want {
			t.Errorf("decideMode(%q) = %d, want %d", c.args, got, c.want)
		}
	}
}

// TestProfileArg checks that a unit finds -profile however go vet spells
// it.
func TestProfileArg(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-json", "vet.cfg"}, ""},
		{[]string{"-profile=/tmp/p", "vet.cfg"}, "/tmp/p"},
		{[]string{"--profile=/tmp/p", "-json", "vet.cfg"}, "/tmp/p"},
		{[]string{"-profiles=/tmp/p", "vet.cfg"}, ""},
	} {
		if got := profileArg(c.args); got != c.want {
			t.Errorf("profileArg(%q) = %q, want %q", c.args, got, c.want)
		}
	}
}

// TestReportVetErrors checks how go vet's standard error is reported: a
// package that did not type-check is one line, named as go vet names it
// (with its tests: p [p.test]), and counts as a failure; the go command's
// progress lines pass through and do not.
func TestReportVetErrors(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
		failed         bool
	}{
		{"nothing", "", "", false},
		{"progress", "go: downloading example.com/x v1.0.0\ngo: finding module for package example.com/y\n",
			"go: downloading example.com/x v1.0.0\ngo: finding module for package example.com/y\n", false},
		{"type error", "# m/bad\nbad/bad.go:2:23: cannot use \"x\"\n",
			"pubcheck: m/bad not analyzed: bad/bad.go:2:23: cannot use \"x\"\n", true},
		{"test variant", "# m/bad\n# [m/bad]\nbad/bad_test.go:3:40: cannot use \"s\"\n",
			"pubcheck: m/bad [m/bad.test] not analyzed: bad/bad_test.go:3:40: cannot use \"s\"\n", true},
		{"progress then error", "go: downloading example.com/x v1.0.0\n# m/bad\nvet: bad/bad.go:1:1: oops\n",
			"pubcheck: m/bad not analyzed: bad/bad.go:1:1: oops\ngo: downloading example.com/x v1.0.0\n", true},
	} {
		var out strings.Builder
		res := &result{}
		failed := reportVetErrors(c.in, res, &out)
		if failed != c.failed || out.String() != c.want {
			t.Errorf("%s: reportVetErrors = %v, printed\n%s\nwant %v, printed\n%s", c.name, failed, out.String(), c.failed, c.want)
		}
	}
}

// TestParsePosn checks the positions of go vet's JSON, file names with
// colons included.
func TestParsePosn(t *testing.T) {
	for _, c := range []struct {
		in        string
		file      string
		line, col int
	}{
		{"/a/b.go:12:5", "/a/b.go", 12, 5},
		{"/a/b.go:12", "/a/b.go", 12, 0},
		{"C:/a/b.go:3:1", "C:/a/b.go", 3, 1},
		{"/a:b/c.go:7:2", "/a:b/c.go", 7, 2},
		{"-", "-", 0, 0},
	} {
		p := parsePosn(c.in)
		if p.Filename != c.file || p.Line != c.line || p.Column != c.col {
			t.Errorf("parsePosn(%q) = %s %d %d, want %s %d %d", c.in, p.Filename, p.Line, p.Column, c.file, c.line, c.col)
		}
	}
}
