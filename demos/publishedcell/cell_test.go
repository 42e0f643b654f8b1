package publishedcell_test

import (
	"sync"
	"testing"

	"github.com/pubcheck/pubcheck/demos/publishedcell"
)

func TestEmpty(t *testing.T) {
	var c publishedcell.PublishedCell[string]
	for range 2 { // an empty cell stays empty after a Load
		if v, ok := c.Load(); ok || v != "" {
			t.Fatalf("Load on empty cell = %q, %v; want \"\", false", v, ok)
		}
	}

	var p publishedcell.PublishedCell[*int]
	if v, ok := p.Swap(nil); ok || v != nil {
		t.Fatalf("Swap on empty cell = %v, %v; want nil, false", v, ok)
	}
	// A stored nil is a value: the cell is no longer empty.
	if v, ok := p.Load(); !ok || v != nil {
		t.Fatalf("Load after Swap(nil) = %v, %v; want nil, true", v, ok)
	}
}

func TestStoreLoadSwap(t *testing.T) {
	var c publishedcell.PublishedCell[int]
	if old, ok := c.Swap(1); ok || old != 0 {
		t.Fatalf("first Swap = %d, %v; want 0, false", old, ok)
	}
	if v, ok := c.Load(); !ok || v != 1 {
		t.Fatalf("Load = %d, %v; want 1, true", v, ok)
	}
	c.Store(2)
	if v, ok := c.Load(); !ok || v != 2 {
		t.Fatalf("Load after Store(2) = %d, %v; want 2, true", v, ok)
	}
	if old, ok := c.Swap(3); !ok || old != 2 {
		t.Fatalf("Swap(3) = %d, %v; want 2, true", old, ok)
	}
	if v, ok := c.Load(); !ok || v != 3 {
		t.Fatalf("Load after Swap(3) = %d, %v; want 3, true", v, ok)
	}
}

func TestStoreCopies(t *testing.T) {
	var c publishedcell.PublishedCell[[3]int]
	v := [3]int{1, 2, 3}
	c.Store(v)
	v[0] = 99 // the caller's variable, not the snapshot
	got, _ := c.Load()
	got[1] = 99 // the reader's copy, not the snapshot
	if again, _ := c.Load(); again != [3]int{1, 2, 3} {
		t.Fatalf("snapshot changed after Store: %v", again)
	}
}

// A snapshot carries its writer, a sequence number per writer, and a body
// in which every word repeats the pair, so a reader can tell a whole value
// from a mixture of two.
type snapshot struct {
	writer, seq int
	body        [8]int
}

func makeSnapshot(writer, seq int) snapshot {
	s := snapshot{writer: writer, seq: seq}
	for i := range s.body {
		s.body[i] = writer*1_000_000 + seq
	}
	return s
}

func (s snapshot) whole() bool {
	for _, w := range s.body {
		if w != s.writer*1_000_000+s.seq {
			return false
		}
	}
	return true
}

// Readers and writers run at once (run with -race to check the cell for
// data races too). Every value a reader loads must be whole, and the values
// a reader sees from one writer must never go back in that writer's
// sequence: a writer's operations are ordered, and all atomic operations
// behave as if executed in one sequentially consistent order.
//
// Writers use Swap, so every stored value is returned by exactly one later
// Swap or is the final value, and exactly one Swap finds the cell empty.
func TestConcurrent(t *testing.T) {
	const (
		writers = 4
		readers = 4
		perW    = 2000
	)
	var c publishedcell.PublishedCell[snapshot]

	var seen [writers][perW + 1]int32 // how often each stored value came back
	var emptySwaps int
	var mu sync.Mutex

	start := make(chan struct{})
	var writersDone sync.WaitGroup
	for w := range writers {
		writersDone.Go(func() {
			<-start
			var got [][2]int
			empty := 0
			for seq := 1; seq <= perW; seq++ {
				old, ok := c.Swap(makeSnapshot(w, seq))
				switch {
				case !ok:
					empty++
				case !old.whole():
					t.Errorf("Swap returned a mixed value: %+v", old)
				default:
					got = append(got, [2]int{old.writer, old.seq})
				}
			}
			mu.Lock()
			defer mu.Unlock()
			emptySwaps += empty
			for _, g := range got {
				seen[g[0]][g[1]]++
			}
		})
	}

	done := make(chan struct{})
	var readersDone sync.WaitGroup
	for range readers {
		readersDone.Go(func() {
			<-start
			var last [writers]int
			for loads := 0; ; loads++ {
				v, ok := c.Load()
				if ok {
					if !v.whole() {
						t.Errorf("Load returned a mixed value: %+v", v)
						return
					}
					if v.seq < last[v.writer] {
						t.Errorf("writer %d went back from %d to %d", v.writer, last[v.writer], v.seq)
						return
					}
					last[v.writer] = v.seq
				}
				select {
				case <-done:
					if loads > 0 {
						return
					}
				default:
				}
			}
		})
	}

	close(start)
	writersDone.Wait()
	close(done)
	readersDone.Wait()

	final, ok := c.Load()
	if !ok {
		t.Fatal("cell empty after the writers")
	}
	seen[final.writer][final.seq]++
	if emptySwaps != 1 {
		t.Errorf("%d Swaps found the cell empty; want exactly 1", emptySwaps)
	}
	for w := range writers {
		for seq := 1; seq <= perW; seq++ {
			if n := seen[w][seq]; n != 1 {
				t.Errorf("value %d/%d came back %d times; want once", w, seq, n)
			}
		}
	}
}
