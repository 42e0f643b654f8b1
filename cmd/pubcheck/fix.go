package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// fixEnv marks the child process that applies fixes with singlechecker.
const fixEnv = "PUBCHECK_APPLY_FIXES"

// fix applies (or, with -diff, shows) the suggested fixes through
// singlechecker in a child process, then, unless -diff, analyzes the
// packages again and reports the findings no fix removed: exit status 3
// when any remain.
func fix(args []string, o *options, stderr io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "pubcheck: %v\n", err)
		return 1
	}
	// singlechecker ignores -tags; go list, which it runs, reads GOFLAGS.
	var childArgs []string
	skip := false
	for _, a := range args {
		switch {
		case skip:
			skip = false
		case a == "-tags" || a == "--tags":
			skip = true
		case strings.HasPrefix(a, "-tags=") || strings.HasPrefix(a, "--tags="):
		default:
			childArgs = append(childArgs, a)
		}
	}
	cmd := exec.Command(exe, childArgs...)
	cmd.Stdout, cmd.Stderr = os.Stdout, stderr
	cmd.Env = append(os.Environ(), fixEnv+"=1")
	if o.tags != "" {
		cmd.Env = append(cmd.Env, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+o.tags))
	}
	code := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			fmt.Fprintf(stderr, "pubcheck: %v\n", err)
			return 1
		}
		code = ee.ExitCode()
	}
	if o.diff || code != 0 && code != 3 {
		return code
	}
	res, code := analyze(o, stderr)
	if res == nil {
		return code
	}
	if n := len(res.findings); n > 0 {
		printText(stderr, res, o.context)
		fmt.Fprintf(stderr, "pubcheck: %d %s no automatic fix\n", n, plural(n, "finding has", "findings have"))
		return max(code, 3)
	}
	return code
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
