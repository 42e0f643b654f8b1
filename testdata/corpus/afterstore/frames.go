package afterstore

import "encoding/binary"

// Wire consumes frames. Pump reads frames until Close; run it on its own
// goroutine.
type Wire struct {
	frames chan []byte
	N      int
	Sum    uint32
}

// NewWire returns a wire with a queue of depth frames.
func NewWire(depth int) *Wire { return &Wire{frames: make(chan []byte, depth)} }

// Frames is the channel writers send frames to.
func (w *Wire) Frames() chan<- []byte { return w.frames }

// Pump checksums frames until Close.
func (w *Wire) Pump() {
	for f := range w.frames {
		for _, b := range f {
			w.Sum = w.Sum*31 + uint32(b)
		}
		w.N++
	}
}

// Close stops Pump once the queue is drained.
func (w *Wire) Close() { close(w.frames) }

// Framer writes length-prefixed frames to a wire.
type Framer struct {
	out chan<- []byte
	buf []byte
}

// NewFramer returns a framer writing to out.
func NewFramer(out chan<- []byte) *Framer {
	return &Framer{out: out, buf: make([]byte, 0, 256)}
}

// WriteAll sends one frame per payload, reusing one buffer.
// Bug: from the second frame on, the buffer is refilled while the wire may
// still be reading the previous frame out of it.
func (f *Framer) WriteAll(payloads [][]byte) {
	buf := f.buf[:0]
	for _, p := range payloads {
		buf = append(buf, byte(len(p))) // want:afterstore FrameReuse
		buf = append(buf, p...)
		f.out <- buf
		buf = buf[:0]
	}
	f.buf = buf
}

// WriteEach sends one frame per payload, each in a buffer of its own.
func (f *Framer) WriteEach(payloads [][]byte) {
	buf := make([]byte, 0, 256)
	for _, p := range payloads {
		buf = append(buf, byte(len(p))) // ok:afterstore FrameMakeNew
		buf = append(buf, p...)
		f.out <- buf
		buf = make([]byte, 0, 256)
	}
}

// RecordWriter writes records with a 4-byte big-endian length header.
type RecordWriter struct {
	out chan<- []byte
}

// NewRecordWriter returns a writer sending records to out.
func NewRecordWriter(out chan<- []byte) *RecordWriter { return &RecordWriter{out: out} }

// Write sends p as one record.
// Bug: the header is patched after the record was handed to the wire.
func (w *RecordWriter) Write(p []byte) {
	rec := make([]byte, 4, 4+len(p))
	rec = append(rec, p...)
	w.out <- rec
	binary.BigEndian.PutUint32(rec, uint32(len(p))) // want:afterstore PatchHeaderAfterSend
}

// WriteRecord sends p as one record with its header in place.
func (w *RecordWriter) WriteRecord(p []byte) {
	rec := make([]byte, 4, 4+len(p))
	rec = append(rec, p...)
	binary.BigEndian.PutUint32(rec, uint32(len(p))) // ok:afterstore PatchHeaderBeforeSend
	w.out <- rec
}

// AckWire is a wire that tells the writer when it is done with a frame.
type AckWire struct {
	frames chan []byte
	done   chan struct{}
	Sum    uint32
}

// NewAckWire returns an unbuffered acknowledging wire.
func NewAckWire() *AckWire {
	return &AckWire{frames: make(chan []byte), done: make(chan struct{})}
}

// Pump checksums frames until Close, acknowledging each one.
func (w *AckWire) Pump() {
	for f := range w.frames {
		for _, b := range f {
			w.Sum = w.Sum*31 + uint32(b)
		}
		w.done <- struct{}{}
	}
}

// Close stops Pump.
func (w *AckWire) Close() { close(w.frames) }

// SyncWriter reuses one buffer; it waits for the wire's acknowledgement
// before touching it again.
type SyncWriter struct {
	w   *AckWire
	buf []byte
}

// NewSyncWriter returns a writer for w.
func NewSyncWriter(w *AckWire) *SyncWriter { return &SyncWriter{w: w, buf: make([]byte, 0, 64)} }

// Write sends p and returns once the wire has consumed it.
func (s *SyncWriter) Write(p []byte) {
	s.buf = append(s.buf[:0], p...) // ok:afterstore SendWaitAck
	s.w.frames <- s.buf
	<-s.w.done
}

// Recycler cycles a fixed set of buffers between a writer and Pump: a
// buffer is reused only after Pump has returned it.
type Recycler struct {
	free chan []byte
	out  chan []byte
	Sum  uint32
}

// NewRecycler returns a recycler with n buffers of size bytes.
func NewRecycler(n, size int) *Recycler {
	r := &Recycler{free: make(chan []byte, n), out: make(chan []byte, n)}
	for range n {
		r.free <- make([]byte, 0, size)
	}
	return r
}

// Send copies p into a free buffer and queues it.
func (r *Recycler) Send(p []byte) {
	buf := <-r.free
	buf = append(buf[:0], p...) // ok:afterstore FreeListRecycle
	r.out <- buf
}

// Pump checksums queued buffers and returns them to the free list, until
// Close.
func (r *Recycler) Pump() {
	for b := range r.out {
		for _, c := range b {
			r.Sum = r.Sum*31 + uint32(c)
		}
		r.free <- b
	}
}

// Close stops Pump once the queue is drained.
func (r *Recycler) Close() { close(r.out) }
