package sarif

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// sources reads the files findings name, once each, to convert columns.
type sources struct {
	files map[string]*source
}

type source struct {
	data  []byte
	lines []int // offset of the start of each line; nil if unreadable
}

func newSources() *sources { return &sources{files: make(map[string]*source)} }

func (s *sources) get(file string) *source {
	if f, ok := s.files[file]; ok {
		return f
	}
	f := &source{}
	if data, err := os.ReadFile(file); err == nil {
		f.data = data
		f.lines = []int{0}
		for i, c := range data {
			if c == '\n' {
				f.lines = append(f.lines, i+1)
			}
		}
	}
	s.files[file] = f
	return f
}

// line returns the text of line n (1-based) of file, without its line
// ending, and whether the file has that line.
func (s *sources) line(file string, n int) ([]byte, bool) {
	f := s.get(file)
	if n < 1 || n > len(f.lines) {
		return nil, false
	}
	start, end := f.lines[n-1], len(f.data)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	return bytes.TrimSuffix(f.data[start:end], []byte("\r")), true
}

// column converts the 1-based byte column col of line n of file into a
// 1-based column in UTF-16 code units. Bytes past the end of the line (the
// newline itself, or a line the file no longer has) count one unit each.
func (s *sources) column(file string, n, col int) int {
	text, _ := s.line(file, n)
	prefix := text[:min(max(col-1, 0), len(text))]
	return utf16Len(prefix) + max(col-1-len(prefix), 0) + 1
}

// lineEnd returns the UTF-16 column just past the last character of line n
// of file, or 0 if the file cannot be read.
func (s *sources) lineEnd(file string, n int) int {
	text, ok := s.line(file, n)
	if !ok {
		return 0
	}
	return utf16Len(text) + 1
}

func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if k := utf16.RuneLen(r); k > 0 {
			n += k
		} else {
			n++
		}
	}
	return n
}

// relative returns file's path relative to root, with forward slashes, if
// file is under root, looking through symbolic links if it must.
func relative(root, file string) (string, bool) {
	rel, err := filepath.Rel(root, file)
	if err != nil || !filepath.IsLocal(rel) {
		r, err1 := filepath.EvalSymlinks(root)
		f, err2 := filepath.EvalSymlinks(file)
		if err1 != nil || err2 != nil {
			return "", false
		}
		if rel, err = filepath.Rel(r, f); err != nil || !filepath.IsLocal(rel) {
			return "", false
		}
	}
	return filepath.ToSlash(rel), true
}

// relativeURI escapes a slash-separated relative path as a URI reference.
func relativeURI(rel string) string {
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	u := strings.Join(segs, "/")
	if strings.Contains(segs[0], ":") {
		u = "./" + u // not a scheme
	}
	return u
}

// fileURI returns the file URI of the absolute path p, ending in a slash
// if dir is set.
func fileURI(p string, dir bool) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// A fingerprinter computes partial fingerprints that survive edits around
// a finding: a hash of the check, the file, the message and the text of
// the finding's line with its spacing normalized, but not of line or
// column numbers; then the number of the occurrence among the results of
// the log with the same hash, in order, so that identical findings (the
// same statement twice in a file) still differ.
type fingerprinter map[string]int

func (fp fingerprinter) next(check string, file artifactLocation, msg string, text []byte) string {
	h := sha256.New()
	for _, s := range []string{check, file.URIBaseID, file.URI, msg, string(bytes.Join(bytes.Fields(text), []byte(" ")))} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	sum := hex.EncodeToString(h.Sum(nil)[:16])
	fp[sum]++
	return sum + ":" + strconv.Itoa(fp[sum])
}
