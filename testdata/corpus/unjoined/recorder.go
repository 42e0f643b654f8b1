package unjoined

import "time"

// Spooler batches records and writes the last batch when stopped. Call Run
// in its own goroutine.
type Spooler struct {
	in      chan string
	quit    chan struct{}
	grace   time.Duration
	pending []string
	flushed int
}

// NewSpooler returns a spooler that gives Run grace to finish on Close.
func NewSpooler(grace time.Duration) *Spooler {
	return &Spooler{in: make(chan string), quit: make(chan struct{}), grace: grace}
}

// Run collects records and flushes them on Close.
func (s *Spooler) Run(write func([]string)) {
	for {
		select {
		case r := <-s.in:
			s.pending = append(s.pending, r)
		case <-s.quit:
			write(s.pending)
			s.flushed += len(s.pending)
			return
		}
	}
}

// Spool queues a record.
func (s *Spooler) Spool(r string) { s.in <- r }

// Close stops Run and returns how many records were flushed.
//
// Bug: sleeping for the grace period orders nothing.
func (s *Spooler) Close() int {
	close(s.quit)
	time.Sleep(s.grace)
	return s.flushed // want:unjoined SleepNotJoin
}

// Recorder keeps events and saves them when stopped. Call Run in its own
// goroutine.
type Recorder struct {
	in     chan string
	quit   chan struct{}
	done   chan struct{}
	sink   func([]string)
	events []string
	saved  int
}

// NewRecorder returns a recorder that saves to sink.
func NewRecorder(sink func([]string)) *Recorder {
	return &Recorder{in: make(chan string), quit: make(chan struct{}), done: make(chan struct{}), sink: sink}
}

func (r *Recorder) save() {
	r.sink(r.events)
	r.saved = len(r.events)
}

// Run records events until Stop.
func (r *Recorder) Run() {
	defer r.save()
	defer close(r.done)
	for {
		select {
		case <-r.quit:
			return
		case e := <-r.in:
			r.events = append(r.events, e)
		}
	}
}

// Record queues an event.
func (r *Recorder) Record(e string) { r.in <- e }

// Stop stops Run and returns the number of saved events.
//
// Bug: deferred calls run last-in first-out, so done is closed before save
// writes saved; receiving from done does not cover that write.
func (r *Recorder) Stop() int {
	close(r.quit)
	<-r.done
	return r.saved // want:unjoined DeferOrder
}

// Journal is a Recorder with its defers in the right order.
type Journal struct {
	in      chan string
	quit    chan struct{}
	done    chan struct{}
	sink    func([]string)
	entries []string
	saved   int
}

// NewJournal returns a journal that saves to sink.
func NewJournal(sink func([]string)) *Journal {
	return &Journal{in: make(chan string), quit: make(chan struct{}), done: make(chan struct{}), sink: sink}
}

func (j *Journal) save() {
	j.sink(j.entries)
	j.saved = len(j.entries)
}

// Run records entries until Stop.
func (j *Journal) Run() {
	defer close(j.done)
	defer j.save()
	for {
		select {
		case <-j.quit:
			return
		case e := <-j.in:
			j.entries = append(j.entries, e)
		}
	}
}

// Record queues an entry.
func (j *Journal) Record(e string) { j.in <- e }

// Stop stops Run and returns the number of saved entries. Correct: save
// runs before close(done).
func (j *Journal) Stop() int {
	close(j.quit)
	<-j.done
	return j.saved // ok:unjoined DeferOrderOK
}
