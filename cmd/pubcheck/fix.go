package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
)

// fix applies (or, with -diff, prints) the suggested fixes through go vet
// -fix, which applies each file's edits once, after every package is
// analyzed, and only in the main module; then, unless -diff, it analyzes
// the packages again and reports the findings no fix removed: exit status
// 3 when any remain. With -diff the exit status is 0 whether or not there
// is a diff, 1 if something could not be analyzed.
func fix(o *options, stdout, stderr io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "pubcheck: %v\n", err)
		return 1
	}
	mode := []string{"-fix"}
	if o.diff {
		mode = append(mode, "-diff")
	}
	cmd := vetCommand(exe, o, mode)
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &errOut
	err = cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintf(stderr, "pubcheck: %v\n", err)
		return 1
	}
	// go vet -fix -diff exits 1 when it printed a diff; what went wrong
	// is in "# pkg" blocks on its standard error.
	if reportVetErrors(errOut.String(), &result{}, stderr) || err != nil && !o.diff {
		return 1
	}
	if o.diff {
		return 0
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
