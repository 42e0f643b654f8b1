//go:build corpusrace

package doublecheck

import "testing"

func TestBug_MemoizedString(t *testing.T) {
	for range rounds {
		v := &Version{Major: 1, Minor: 4, Patch: 2, Pre: "rc.1"}
		fanout(5, func() { _ = v.String() })
	}
}

func TestOK_MemoizedStringAtomic(t *testing.T) {
	for range rounds {
		l := &Label{Key: "region", Value: "eu-west-1"}
		fanout(5, func() { _ = l.String() })
	}
}
