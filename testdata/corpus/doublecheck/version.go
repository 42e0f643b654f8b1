package doublecheck

import (
	"fmt"
	"sync/atomic"
)

// Version is a semantic version. A *Version is shared freely once parsed:
// its methods may be called from any goroutine.
type Version struct {
	Major, Minor, Patch int
	Pre                 string

	str string
}

// String returns the canonical form, e.g. "v1.2.3-rc.1".
// Bug: the memoized string is filled in on first call with no
// synchronization, by whichever goroutine gets there first.
func (v *Version) String() string {
	if v.str == "" { // want:doublecheck MemoizedString
		s := fmt.Sprintf("v%d.%d.%d", v.Major, v.Minor, v.Patch)
		if v.Pre != "" {
			s += "-" + v.Pre
		}
		v.str = s
	}
	return v.str
}

// Label is a metric label. Like Version, it may be shared between
// goroutines, and it memoizes its rendering.
type Label struct {
	Key, Value string

	str atomic.Pointer[string]
}

// String returns key="value".
// Look-alike: the memo is an atomic.Pointer to an immutable string; racing
// callers at worst render it twice.
func (l *Label) String() string {
	if p := l.str.Load(); p != nil { // ok:doublecheck MemoizedStringAtomic
		return *p
	}
	s := fmt.Sprintf("%s=%q", l.Key, l.Value)
	l.str.Store(&s)
	return s
}
