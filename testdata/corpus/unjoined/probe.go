package unjoined

import "time"

// Probe measures one health check. Call Run in its own goroutine.
type Probe struct {
	check   func() error
	done    chan struct{}
	latency time.Duration
	err     error
}

// NewProbe returns a probe for check.
func NewProbe(check func() error) *Probe {
	return &Probe{check: check, done: make(chan struct{})}
}

// Run performs the check.
func (p *Probe) Run() {
	start := time.Now()
	p.err = p.check()
	p.latency = time.Since(start)
	close(p.done)
}

// Result returns the measured latency and error.
//
// Bug: Result does not receive from done before reading what Run writes.
func (p *Probe) Result() (time.Duration, error) {
	return p.latency, p.err // want:unjoined ResultNoWait
}

// Ping is a Probe whose Result waits.
type Ping struct {
	check func() error
	done  chan struct{}
	rtt   time.Duration
	err   error
}

// NewPing returns a ping for check.
func NewPing(check func() error) *Ping {
	return &Ping{check: check, done: make(chan struct{})}
}

// Run performs the check.
func (p *Ping) Run() {
	start := time.Now()
	p.err = p.check()
	p.rtt = time.Since(start)
	close(p.done)
}

// Result waits for Run and returns the round trip time. Correct: close(done)
// follows the writes and the receive precedes the reads.
func (p *Ping) Result() (time.Duration, error) {
	<-p.done
	return p.rtt, p.err // ok:unjoined ProbeWaits
}

// Indexer counts documents in the background. Call Run in its own goroutine.
type Indexer struct {
	started chan struct{}
	docs    int
	bytes   int64
}

// NewIndexer returns an idle indexer.
func NewIndexer() *Indexer { return &Indexer{started: make(chan struct{})} }

// Run indexes docs.
func (x *Indexer) Run(docs [][]byte) {
	close(x.started)
	for _, d := range docs {
		x.docs++
		x.bytes += int64(len(d))
	}
}

// Totals waits for the indexer and returns its counts.
//
// Bug: it waits on started, which Run closes before the loop, not after it.
func (x *Indexer) Totals() (int, int64) {
	<-x.started
	return x.docs, x.bytes // want:unjoined WaitWrongChannel
}

type lookup struct {
	addrs []string
	err   error
}

// Lookup resolves a name in the background. Call Run in its own goroutine.
type Lookup struct {
	name    string
	results chan lookup
}

// NewLookup returns a pending lookup of name.
func NewLookup(name string) *Lookup {
	return &Lookup{name: name, results: make(chan lookup, 1)}
}

// Run resolves the name with resolve.
func (l *Lookup) Run(resolve func(string) ([]string, error)) {
	addrs, err := resolve(l.name)
	l.results <- lookup{addrs: addrs, err: err}
}

// Addrs waits for Run and returns its result. Correct: the result travels
// over the channel; nothing is shared.
func (l *Lookup) Addrs() ([]string, error) {
	r := <-l.results
	return r.addrs, r.err // ok:unjoined ResultOnChannel
}
