//go:build corpusrace

package mixedatomic

import "testing"

func TestOK_ReadAfterWaitGroup(t *testing.T) {
	items := []int{1, -2, 3, 4, -5, 6, 7, 8}
	for range rounds {
		p := &Pipeline{}
		p.Add(2)
		concurrently(
			func() { p.Work(items) },
			func() { p.Work(items) },
			func() { _, _ = p.Close() },
		)
	}
}

func TestOK_ResultAfterDone(t *testing.T) {
	for range rounds {
		j := NewJob()
		concurrently(
			func() { j.Run(10) },
			func() {
				for range 5 {
					_ = j.Progress()
				}
				_ = j.Result()
			},
		)
	}
}

func TestOK_SameNameOtherType(t *testing.T) {
	for range rounds {
		q := &WorkQueue{}
		concurrently(
			times(10, q.Enqueue),
			func() {
				var b Batch
				for i := range 10 {
					b.Add(i)
				}
				b.Submit(q)
				_ = q.Len()
			},
		)
	}
}
