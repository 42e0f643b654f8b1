package doublecheck

import (
	"reflect"
	"regexp"
	"sync"
)

// Rule matches request paths against a pattern compiled on first use.
type Rule struct {
	Pattern string
	mu      sync.Mutex
	re      *regexp.Regexp
}

func (r *Rule) compile() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.re == nil {
		r.re = regexp.MustCompile(r.Pattern)
	}
}

// Match reports whether path matches the rule; rules are shared by all
// request goroutines.
// Bug: the nil check is outside the lock that compile takes.
func (r *Rule) Match(path string) bool {
	if r.re == nil { // want:doublecheck LockInHelper
		r.compile()
	}
	return r.re.MatchString(path)
}

// RowEncoder writes values of one struct type as CSV rows; its header is
// computed on first use.
type RowEncoder struct {
	typ  reflect.Type
	mu   sync.Mutex
	cols []string
}

// NewRowEncoder returns an encoder for values of the struct type of v.
func NewRowEncoder(v any) *RowEncoder {
	return &RowEncoder{typ: reflect.TypeOf(v)}
}

func columns(t reflect.Type) []string {
	cols := make([]string, 0, t.NumField())
	for f := range t.Fields() {
		name := f.Name
		if tag := f.Tag.Get("csv"); tag != "" {
			name = tag
		}
		cols = append(cols, name)
	}
	return cols
}

// Header returns the column names.
// Bug: the length check reads cols without the lock that guards its write.
func (e *RowEncoder) Header() []string {
	if len(e.cols) == 0 { // want:doublecheck LenCheckBeforeLock
		e.mu.Lock()
		e.cols = columns(e.typ)
		e.mu.Unlock()
	}
	return e.cols
}
