// Package racereport parses the reports of Go's race detector: the blocks
// a race-enabled program writes to its standard error, from "WARNING: DATA
// RACE" to the line of equal signs that closes them.
//
// A report names two accesses to one memory location that no
// happens-before edge orders: the access that was being made when the
// race was detected ("Write at 0x... by goroutine 7:") and an earlier one
// ("Previous read at 0x... by goroutine 6:"), each with its stack, innermost
// frame first; then, for each goroutine other than the main one, the stack
// that created it ("Goroutine 7 (running) created at:").
package racereport

import (
	"regexp"
	"strconv"
	"strings"
)

// A Report is one race report.
type Report struct {
	// Access is the access being made when the race was detected,
	// Previous the earlier access it races with.
	Access, Previous Access
	// Line is the index, in the lines given to Parse, of the report's
	// "WARNING: DATA RACE" line.
	Line int
	// Text is the report, from its "WARNING: DATA RACE" line to the line
	// before the closing one.
	Text string
}

// Accesses returns the report's two accesses, the current one first.
func (r *Report) Accesses() [2]*Access { return [2]*Access{&r.Access, &r.Previous} }

// An Access is one side of a race.
type Access struct {
	Write  bool // a write; else a read
	Atomic bool // reported as an atomic access
	// Addr is the address accessed, as the report prints it.
	Addr string
	// Goroutine is the number of the goroutine that made the access, 0
	// for the main goroutine.
	Goroutine int
	// Stack is the access's stack, innermost frame first; empty when the
	// race detector could not restore it.
	Stack []Frame
	// Created is the stack of the go statement that started the
	// goroutine, innermost frame first; empty for the main goroutine.
	Created []Frame
	// State is "running" or "finished", as the report gives it for the
	// goroutine; empty for the main goroutine.
	State string
}

// Kind returns "read", "write", "atomic read" or "atomic write".
func (a *Access) Kind() string {
	k := "read"
	if a.Write {
		k = "write"
	}
	if a.Atomic {
		k = "atomic " + k
	}
	return k
}

// A Frame is one frame of a stack.
type Frame struct {
	Func string // the function, as "pkg/path.(*T).Method", without "()"
	File string // as the report prints it: usually absolute
	Line int    // 0 when the report gives none
}

var (
	accessRE  = regexp.MustCompile(`^(Previous )?(?i:(atomic )?(read|write)) at (\S+) by (main goroutine|goroutine (\d+))`)
	createdRE = regexp.MustCompile(`^Goroutine (\d+) \((\w+)\) created at:`)
	posRE     = regexp.MustCompile(`^(.+):(\d+)(?: \+0x[0-9a-f]+)?$`)
)

const (
	startLine = "WARNING: DATA RACE"
	endLine   = "=================="
)

// Parse returns the race reports in lines (without their line endings),
// in order. Lines that belong to no report are skipped; a report that
// the output cuts short (the program was killed) is returned with what it
// has.
func Parse(lines []string) []*Report {
	var reports []*Report
	var r *Report
	var stack *[]Frame // the stack being read, nil between stacks
	created := make(map[int]*[]Frame)
	states := make(map[int]string)
	finish := func(end int) {
		if r == nil {
			return
		}
		for _, a := range r.Accesses() {
			if s := created[a.Goroutine]; s != nil && a.Goroutine != 0 {
				a.Created, a.State = *s, states[a.Goroutine]
			}
		}
		r.Text = strings.Join(lines[r.Line:end], "\n")
		reports = append(reports, r)
		r, stack = nil, nil
		clear(created)
		clear(states)
	}
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		if line == startLine {
			finish(i)
			r = &Report{Line: i}
			continue
		}
		if r == nil {
			continue
		}
		trimmed := strings.TrimSpace(line)
		if m := accessRE.FindStringSubmatch(line); m != nil {
			a := &r.Access
			if m[1] != "" {
				a = &r.Previous
			}
			a.Atomic = m[2] != ""
			a.Write = strings.EqualFold(m[3], "write")
			a.Addr = m[4]
			a.Goroutine, _ = strconv.Atoi(m[6])
			stack = &a.Stack
			continue
		}
		if m := createdRE.FindStringSubmatch(line); m != nil {
			g, _ := strconv.Atoi(m[1])
			states[g] = m[2]
			stack = new([]Frame)
			created[g] = stack
			continue
		}
		switch {
		case line == endLine:
			// The line of equal signs also opens reports: the one
			// before "WARNING: DATA RACE" belongs to no report.
			finish(i)
		case trimmed == "":
			stack = nil
		case stack == nil:
		case strings.HasPrefix(line, "      "):
			// The position of the frame above.
			if n := len(*stack); n > 0 {
				if m := posRE.FindStringSubmatch(trimmed); m != nil {
					(*stack)[n-1].File = m[1]
					(*stack)[n-1].Line, _ = strconv.Atoi(m[2])
				}
			}
		case strings.HasPrefix(line, "  ") && !strings.HasPrefix(trimmed, "["):
			// A function; "[failed to restore the stack]" is not one.
			*stack = append(*stack, Frame{Func: strings.TrimSuffix(trimmed, "()")})
		}
	}
	finish(len(lines))
	return reports
}
