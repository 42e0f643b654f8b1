package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A baseline records the findings of a codebase at one time, so that a
// later run reports only new ones. A finding is keyed by its check, its
// file (relative to the baseline file's directory), the function that
// encloses it and its message: not by line, so that edits elsewhere in the
// file do not bring it back. Equal keys are counted: a second finding with
// the key of a recorded one is new.
type baseline struct {
	Comment  string          `json:"comment"`
	Findings []baselineEntry `json:"findings"`

	dir string
}

type baselineEntry struct {
	Check   string `json:"check"`
	File    string `json:"file"`
	Func    string `json:"func,omitempty"`
	Message string `json:"message"`
	Count   int    `json:"count,omitempty"`
}

func (b *baseline) key(f *finding) baselineEntry {
	file := f.pos.Filename
	if rel, err := filepath.Rel(b.dir, file); err == nil && !strings.HasPrefix(rel, "..") {
		file = filepath.ToSlash(rel)
	}
	return baselineEntry{Check: f.check, File: file, Func: f.fn, Message: f.msg}
}

func newBaseline(file string) (*baseline, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	return &baseline{dir: filepath.Dir(abs)}, nil
}

// writeBaseline records findings in file.
func writeBaseline(file string, findings []*finding) error {
	b, err := newBaseline(file)
	if err != nil {
		return err
	}
	counts := make(map[baselineEntry]int)
	for _, f := range findings {
		counts[b.key(f)]++
	}
	for k, n := range counts {
		k.Count = n
		b.Findings = append(b.Findings, k)
	}
	slices.SortFunc(b.Findings, func(x, y baselineEntry) int {
		return strings.Compare(fmt.Sprint(x), fmt.Sprint(y))
	})
	b.Comment = "pubcheck baseline: findings recorded here are not reported with -baseline (written by pubcheck -write-baseline)"
	data, err := json.MarshalIndent(b, "", "\t")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(data, '\n'), 0o644)
}

// readBaseline reads a file written by writeBaseline.
func readBaseline(file string) (*baseline, error) {
	b, err := newBaseline(file)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", file, err)
	}
	return b, nil
}

// filter returns the findings that the baseline does not account for.
func (b *baseline) filter(findings []*finding) []*finding {
	left := make(map[baselineEntry]int)
	for _, e := range b.Findings {
		n := e.Count
		e.Count = 0
		left[e] += max(n, 1)
	}
	var out []*finding
	for _, f := range findings {
		k := b.key(f)
		if left[k] > 0 {
			left[k]--
			continue
		}
		out = append(out, f)
	}
	return out
}
