//go:build corpusrace

package afterstore

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

func records(n int) []Record {
	rs := make([]Record, n)
	for i := range rs {
		rs[i] = Record{Level: i % 3, Msg: fmt.Sprint("message ", i)}
	}
	return rs
}

func TestBug_FlushResetBatch(t *testing.T) {
	sh := NewShipper(4)
	wait := consume(sh.Run)
	a := NewAggregator(sh.In(), 8)
	for _, r := range records(rounds * 8) {
		a.Add(r)
	}
	a.Flush()
	sh.Close()
	wait()
}

func TestOK_FlushFreshBatch(t *testing.T) {
	sh := NewShipper(4)
	wait := consume(sh.Run)
	b := NewBundler(sh.In(), 8)
	for _, r := range records(rounds * 8) {
		b.Add(r)
	}
	b.Flush()
	sh.Close()
	wait()
}

func TestOK_CollectorNilAfterSend(t *testing.T) {
	s := NewSink()
	wait := consume(s.Run)
	c := NewCollector(s.In(), 8)
	for i := range rounds * 8 {
		c.Observe(Sample{Name: "latency", Value: float64(i)})
	}
	s.Close()
	wait()
}

func payloads(n int) [][]byte {
	ps := make([][]byte, n)
	for i := range ps {
		ps[i] = []byte(fmt.Sprint("payload-", i))
	}
	return ps
}

func TestBug_FrameReuse(t *testing.T) {
	w := NewWire(4)
	wait := consume(w.Pump)
	f := NewFramer(w.Frames())
	ps := payloads(8)
	for range rounds {
		f.WriteAll(ps)
	}
	w.Close()
	wait()
}

func TestOK_FrameMakeNew(t *testing.T) {
	w := NewWire(4)
	wait := consume(w.Pump)
	f := NewFramer(w.Frames())
	ps := payloads(8)
	for range rounds {
		f.WriteEach(ps)
	}
	w.Close()
	wait()
}

func TestBug_PatchHeaderAfterSend(t *testing.T) {
	w := NewWire(4)
	wait := consume(w.Pump)
	rw := NewRecordWriter(w.Frames())
	for _, p := range payloads(rounds) {
		rw.Write(p)
	}
	w.Close()
	wait()
}

func TestOK_PatchHeaderBeforeSend(t *testing.T) {
	w := NewWire(4)
	wait := consume(w.Pump)
	rw := NewRecordWriter(w.Frames())
	for _, p := range payloads(rounds) {
		rw.WriteRecord(p)
	}
	w.Close()
	wait()
}

func TestOK_SendWaitAck(t *testing.T) {
	w := NewAckWire()
	wait := consume(w.Pump)
	sw := NewSyncWriter(w)
	for _, p := range payloads(rounds) {
		sw.Write(p)
	}
	w.Close()
	wait()
}

func TestOK_FreeListRecycle(t *testing.T) {
	r := NewRecycler(4, 64)
	wait := consume(r.Pump)
	for _, p := range payloads(rounds) {
		r.Send(p)
	}
	r.Close()
	wait()
}

func runCoalescer(t *testing.T, run func(*Coalescer)) {
	c := NewCoalescer()
	waitRun := consume(func() { run(c) })
	total := 0
	waitSum := consume(func() { total = Sum(c.Out) })
	time.Sleep(time.Millisecond) // let the coalescer and the consumer block on their channels
	for i := range rounds * 4 {
		c.In <- i
		runtime.Gosched() // let the consumer catch up, so batches go out mid-stream
	}
	close(c.In)
	waitRun()
	waitSum()
	t.Logf("sum %d", total)
}

func TestBug_SelectLoopTruncate(t *testing.T) {
	runCoalescer(t, (*Coalescer).RunReuse)
}

func TestOK_SelectLoopReplace(t *testing.T) {
	runCoalescer(t, (*Coalescer).Run)
}

func TestBug_EnqueueRetryAttempts(t *testing.T) {
	q := NewQueue(4)
	wait := consume(func() { q.Work() })
	for i := range rounds {
		q.Retry(&Job{ID: i, Payload: "resize"})
	}
	q.Close()
	wait()
}

func TestOK_EnqueueCopy(t *testing.T) {
	q := NewValueQueue(4)
	wait := consume(func() { q.Work() })
	for i := range rounds {
		q.Retry(&Job{ID: i, Payload: "resize"})
	}
	q.Close()
	wait()
}
