package flagdata

import "sync"

// Future is a value computed by another goroutine.
type Future struct {
	done chan struct{}
	val  string
	err  error
	ok   bool
}

// NewFuture returns an unresolved future.
func NewFuture() *Future { return &Future{done: make(chan struct{})} }

// Resolve sets the result; it must be called once. Correct: ok is a plain
// flag, but it is written before close(done) and read only after a receive
// from done.
func (f *Future) Resolve(v string, err error) {
	f.val, f.err = v, err
	f.ok = err == nil // ok:flagdata ClosedChannel
	close(f.done)
}

// Get waits for the result.
func (f *Future) Get() (string, error) {
	<-f.done
	if !f.ok {
		return "", f.err
	}
	return f.val, nil
}

// Latch is a one-shot result that can be polled without blocking.
type Latch struct {
	fired   chan struct{}
	payload []byte
	valid   bool
}

// NewLatch returns an open latch.
func NewLatch() *Latch { return &Latch{fired: make(chan struct{})} }

// Fire records the payload; it must be called once. Correct: TryGet reads
// valid only in the select case that received from the closed channel.
func (l *Latch) Fire(p []byte) {
	l.payload = p
	l.valid = len(p) > 0 // ok:flagdata ClosedChannelPoll
	close(l.fired)
}

// TryGet returns the payload if the latch has fired.
func (l *Latch) TryGet() ([]byte, bool) {
	select {
	case <-l.fired:
		if l.valid {
			return l.payload, true
		}
	default:
	}
	return nil, false
}

// Reply is a message passed from a server goroutine to a client.
type Reply struct {
	Body     []byte
	Complete bool
}

// Mailbox carries replies.
type Mailbox struct{ ch chan *Reply }

// NewMailbox returns a mailbox holding up to n replies.
func NewMailbox(n int) *Mailbox { return &Mailbox{ch: make(chan *Reply, n)} }

// Deliver sends a reply. Correct: the reply is filled, flag included, before
// it is sent; the receiver reads it after the receive.
func (m *Mailbox) Deliver(body []byte) {
	r := &Reply{Body: body}
	r.Complete = len(body) > 0 // ok:flagdata SentOnChannel
	m.ch <- r
}

// Receive waits for a reply.
func (m *Mailbox) Receive() ([]byte, bool) {
	r := <-m.ch
	if !r.Complete {
		return nil, false
	}
	return r.Body, true
}

// Export is a background export job that signals completion on a channel.
type Export struct {
	notify   chan struct{}
	path     string
	finished bool
}

// NewExport returns a pending export.
func NewExport() *Export { return &Export{notify: make(chan struct{}, 1)} }

// Done records the output path. Correct: the send on notify happens after
// the writes, and Wait reads them after the matching receive.
func (e *Export) Done(path string) {
	e.path = path
	e.finished = true // ok:flagdata SignalSend
	e.notify <- struct{}{}
}

// Wait blocks until Done and returns the output path.
func (e *Export) Wait() (string, bool) {
	<-e.notify
	if !e.finished {
		return "", false
	}
	return e.path, true
}

// Task runs one function and keeps its output.
type Task struct {
	wg       sync.WaitGroup
	out      []byte
	finished bool
}

// NewTask returns a task expecting one Run.
func NewTask() *Task {
	t := &Task{}
	t.wg.Add(1)
	return t
}

// Run calls fn and records its output. Correct: Output waits on the
// WaitGroup, which Run's deferred Done releases after the writes.
func (t *Task) Run(fn func() []byte) {
	defer t.wg.Done()
	t.out = fn()
	t.finished = true // ok:flagdata WaitGroupFlag
}

// Output waits for Run and returns its output.
func (t *Task) Output() ([]byte, bool) {
	t.wg.Wait()
	if !t.finished {
		return nil, false
	}
	return t.out, true
}

// Dictionary is a word list built on first use.
type Dictionary struct {
	once  sync.Once
	src   []string
	words map[string]bool
	built bool
}

// NewDictionary returns a dictionary over src.
func NewDictionary(src []string) *Dictionary { return &Dictionary{src: src} }

// Correct: runs inside once.Do; every Contains calls once.Do before reading.
func (d *Dictionary) build() {
	d.words = make(map[string]bool, len(d.src))
	for _, w := range d.src {
		d.words[w] = true
	}
	d.built = true // ok:flagdata OnceFlag
}

// Contains reports whether w is in the dictionary.
func (d *Dictionary) Contains(w string) bool {
	d.once.Do(d.build)
	if !d.built {
		return false
	}
	return d.words[w]
}
