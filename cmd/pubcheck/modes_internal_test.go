package main

import "testing"

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
