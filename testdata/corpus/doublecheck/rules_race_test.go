//go:build corpusrace

package doublecheck

import "testing"

func TestBug_LockInHelper(t *testing.T) {
	for range rounds {
		r := &Rule{Pattern: `^/api/v[0-9]+/`}
		fanout(5, func() { _ = r.Match("/api/v2/users") })
	}
}

type csvRow struct {
	ID   int    `csv:"id"`
	Name string `csv:"name"`
}

func TestBug_LenCheckBeforeLock(t *testing.T) {
	for range rounds {
		e := NewRowEncoder(csvRow{})
		fanout(5, func() { _ = len(e.Header()) })
	}
}
