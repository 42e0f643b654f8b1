package doublecheck

import "testing"

// SetInflight sets the field up for a test, without the lock.
func SetInflight(s *Stream, m map[string]int) { s.inflight = m } // want SetInflight:"mutates\\(s\\)"

func TestApply(t *testing.T) { // want TestApply:"syncs"
	s := &Stream{}
	SetInflight(s, map[string]int{"a": 1})
	s.Apply("a")
}
