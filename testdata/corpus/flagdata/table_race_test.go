//go:build corpusrace

package flagdata

import (
	"testing"
	"time"
)

func TestBug_SetterFlag(t *testing.T) {
	rows := [][]string{{"fr", "France"}, {"jp", "Japan"}}
	for range rounds {
		tb := NewTable("countries")
		concurrently(func() { tb.Load(rows) }, func() { use(tb.Lookup("jp")) })
	}
}

func TestBug_DataAfterStore(t *testing.T) {
	terms := map[string][]int{"go": {1, 4}}
	for range rounds {
		x := &Index{}
		concurrently(func() { x.Publish(terms) }, func() {
			until(func() bool { return x.Postings("go") != nil })
		})
	}
}

func TestBug_StampAfterCAS(t *testing.T) {
	for range rounds {
		u := &Uptime{}
		concurrently(func() { u.Start() }, func() {
			until(func() bool { return u.Elapsed() != 0 })
		})
	}
}

func TestOK_LockedAfterStore(t *testing.T) {
	for range rounds {
		l := &Loader{}
		concurrently(func() { l.Finish(10, time.Millisecond) }, func() {
			until(func() bool { _, ok := l.Stats(); return ok })
		})
	}
}

func TestBug_StoreViaSetterThenData(t *testing.T) {
	for range rounds {
		p := &Plan{}
		concurrently(func() { p.Install([]string{"scan", "sort"}, 7) }, func() {
			until(func() bool { return p.Version() >= 0 })
		})
	}
}
