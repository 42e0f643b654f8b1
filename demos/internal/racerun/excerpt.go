package racerun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Normalized output replaces what changes from run to run or from machine
// to machine: addresses become AddrMark, goroutines are numbered G1, G2, ...
// in order of appearance, paths in the module are made relative to its
// root, paths in the Go distribution start with GorootMark and lose their
// line numbers, and the program-counter offsets (+0x1f6) go.
const (
	AddrMark   = "0x…"
	GorootMark = "$GOROOT/"
)

var (
	addrRE      = regexp.MustCompile(`\bat 0x[0-9a-f]+\b`)
	goroutineRE = regexp.MustCompile(`\b([Gg]oroutine) (\d+)\b`)
	frameRE     = regexp.MustCompile(`^(\s+)(\S+?)(:\d+)?( \+0x[0-9a-f]+)?$`)
)

// Normalize rewrites the output of a race-enabled program as described
// above; root is the module root.
func Normalize(out []byte, root string) string {
	ids := make(map[string]string)
	var b strings.Builder
	for _, line := range strings.SplitAfter(string(out), "\n") {
		nl := strings.HasSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\n")
		line = addrRE.ReplaceAllString(line, "at "+AddrMark)
		line = goroutineRE.ReplaceAllStringFunc(line, func(s string) string {
			m := goroutineRE.FindStringSubmatch(s)
			id, ok := ids[m[2]]
			if !ok {
				id = "G" + strconv.Itoa(len(ids)+1)
				ids[m[2]] = id
			}
			return m[1] + " " + id
		})
		if m := frameRE.FindStringSubmatch(line); m != nil && (strings.HasPrefix(m[2], "/") || strings.HasPrefix(m[2], "<")) {
			file, lineno := m[2], m[3]
			switch {
			case strings.HasPrefix(file, goroot()):
				file, lineno = GorootMark+strings.TrimPrefix(file, goroot()), ""
			case root != "" && strings.HasPrefix(file, root+string(filepath.Separator)):
				file = filepath.ToSlash(strings.TrimPrefix(file, root+string(filepath.Separator)))
			}
			line = m[1] + file + lineno
		}
		b.WriteString(line)
		if nl {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// RaceExcerpt is what a README shows of a run of a race-enabled demo: the
// command, the normalized output and the exit status as go run prints it.
func RaceExcerpt(t Target, r Result, root string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "$ go run -race %s\n", t.Pkg())
	b.WriteString(Normalize(r.Output, root))
	if r.ExitCode != 0 {
		fmt.Fprintf(&b, "exit status %d\n", r.ExitCode)
	}
	return b.String()
}

// RaceSignature is the part of a race excerpt, or of a run's output, that
// does not change between runs: the exit status and the distinct pairs of
// racing positions, each pair in a fixed order (which of the two accesses
// came first in time is up to the scheduler).
func RaceSignature(out string) string {
	var pairs []string
	for _, r := range ParseRaces([]byte(out)) {
		a, b := orUnknown(r.Current), orUnknown(r.Previous)
		if b < a {
			a, b = b, a
		}
		pairs = append(pairs, a+" ~ "+b)
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	status := "exit status 0"
	if m := regexp.MustCompile(`(?m)^exit status \d+$`).FindString(out); m != "" {
		status = m
	}
	return strings.Join(append(pairs, status), "\n")
}

// BuildPubcheck builds cmd/pubcheck into outDir and returns the binary.
func BuildPubcheck(ctx context.Context, root, outDir string) (string, error) {
	bin := filepath.Join(outDir, "pubcheck")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/pubcheck")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/pubcheck: %v\n%s", err, bytes.TrimSpace(out))
	}
	return bin, nil
}

// PubcheckExcerpt runs pubcheck on t from the module root, as a README
// shows it: the command, the output, and the exit status.
func PubcheckExcerpt(ctx context.Context, root, pubcheck string, t Target) (string, error) {
	cmd := exec.CommandContext(ctx, pubcheck, t.Pkg())
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if cmd.ProcessState == nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "$ pubcheck %s\n", t.Pkg())
	b.Write(out.Bytes())
	switch code := cmd.ProcessState.ExitCode(); {
	case out.Len() == 0:
		fmt.Fprintf(&b, "(no output, exit status %d)\n", code)
	default:
		fmt.Fprintf(&b, "(exit status %d)\n", code)
	}
	return b.String(), nil
}

// DiffExcerpt is the unified diff from a demo's broken program to its
// variant, as a README shows it, made by the diff command.
func DiffExcerpt(ctx context.Context, root string, t Target) (string, error) {
	dir := filepath.Join(root, "demos", t.Demo)
	from, to := "broken/main.go", t.Variant+"/main.go"
	cmd := exec.CommandContext(ctx, "diff", "-u", "--label", from, "--label", to, from, to)
	cmd.Dir = dir
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 { // the files differ
		err = nil
	}
	if err != nil {
		return "", fmt.Errorf("diff %s %s: %v", from, to, err)
	}
	return string(out), nil
}
