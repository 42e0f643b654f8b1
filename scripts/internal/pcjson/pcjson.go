// Package pcjson reads what pubcheck -json and go vet -vettool=pubcheck
// -json print, for the scripts that score pubcheck.
package pcjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A Diagnostic is one report of a pubcheck run.
type Diagnostic struct {
	Pkg      string // the package ID it was reported under
	Posn     string // as printed: /abs/file.go:line:col
	Category string
	Message  string
	File     string // Posn's file, relative to the corpus when inside it
	Line     int
	Col      int
}

func (d Diagnostic) Key() string {
	return fmt.Sprintf("%s:%d:%d %s: %s", d.File, d.Line, d.Col, d.Category, d.Message)
}

// An Output is what a pubcheck run printed.
type Output struct {
	Diags  []Diagnostic // in the order printed, duplicates included
	Errors []string     // "pkg: analyzer: error" entries
	Other  []string     // lines that are not JSON
}

var posnRE = regexp.MustCompile(`^(.*?):(\d+)(?::(\d+))?$`)

// Parse reads a stream of JSON trees
//
//	{"pkg": {"analyzer": [diagnostic...] or {"error": "..."}}}
//
// possibly several, possibly between lines of other text, and appends what
// it finds to o.
func (o *Output) Parse(data []byte) {
	for len(data) > 0 {
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		if len(trimmed) == 0 {
			return
		}
		data = trimmed
		if data[0] == '{' {
			dec := json.NewDecoder(bytes.NewReader(data))
			var raw json.RawMessage
			if err := dec.Decode(&raw); err == nil {
				o.tree(raw)
				data = data[dec.InputOffset():]
				continue
			}
		}
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		o.Other = append(o.Other, strings.TrimRight(string(line), "\r"))
		data = rest
	}
}

func (o *Output) tree(raw json.RawMessage) {
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tree); err != nil {
		o.Errors = append(o.Errors, fmt.Sprintf("unexpected JSON value (%v): %.200s", err, raw))
		return
	}
	pkgs := make([]string, 0, len(tree))
	for p := range tree {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		names := make([]string, 0, len(tree[p]))
		for a := range tree[p] {
			names = append(names, a)
		}
		sort.Strings(names)
		for _, a := range names {
			v := bytes.TrimSpace(tree[p][a])
			if len(v) > 0 && v[0] == '[' {
				var ds []struct {
					Posn     string `json:"posn"`
					Category string `json:"category"`
					Message  string `json:"message"`
				}
				if err := json.Unmarshal(v, &ds); err != nil {
					o.Errors = append(o.Errors, fmt.Sprintf("%s: %s: unexpected diagnostics (%v): %.200s", p, a, err, v))
					continue
				}
				for _, d := range ds {
					diag := Diagnostic{Pkg: p, Posn: d.Posn, Category: d.Category, Message: d.Message, File: d.Posn}
					if m := posnRE.FindStringSubmatch(d.Posn); m != nil {
						diag.File = m[1]
						diag.Line, _ = strconv.Atoi(m[2])
						diag.Col, _ = strconv.Atoi(m[3])
					}
					o.Diags = append(o.Diags, diag)
				}
				continue
			}
			var e struct {
				Error *string `json:"error"`
			}
			if err := json.Unmarshal(v, &e); err != nil || e.Error == nil {
				o.Errors = append(o.Errors, fmt.Sprintf("%s: %s: unexpected entry: %.200s", p, a, v))
				continue
			}
			o.Errors = append(o.Errors, fmt.Sprintf("%s: %s: %s", p, a, *e.Error))
		}
	}
}

// Unique returns ds with the files made relative to the directories dirs (the first that holds them; slash-separated) and duplicates (the
// same position, category and message: a package and its test variant)
// removed, sorted by position.
func Unique(ds []Diagnostic, dirs ...string) []Diagnostic {
	seen := map[string]bool{}
	var out []Diagnostic
	for _, d := range ds {
		if filepath.IsAbs(d.File) {
			for _, dir := range dirs {
				if r, err := filepath.Rel(dir, d.File); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
					d.File = filepath.ToSlash(r)
					break
				}
			}
		} else {
			d.File = filepath.ToSlash(d.File)
		}
		if k := d.Key(); !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Key() < b.Key()
	})
	return out
}

// ReadRun reads PREFIX.out, PREFIX.err and PREFIX.rc; rc is -1 when
// PREFIX.rc is missing or unreadable.
func ReadRun(prefix string) (out Output, rc int, err error) {
	rc = -1
	for _, ext := range []string{".out", ".err"} {
		data, err := os.ReadFile(prefix + ext)
		if err != nil {
			return out, rc, err
		}
		out.Parse(data)
	}
	if data, err := os.ReadFile(prefix + ".rc"); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			rc = n
		}
	}
	return out, rc, nil
}
