package afterstore

// Record is one log record.
type Record struct {
	Level int
	Msg   string
}

// Batch is a group of records handed to a Shipper.
type Batch struct {
	Seq   int
	Items []Record
}

// Shipper ships batches it receives on its channel. Run drains the channel
// until Close; run it on its own goroutine.
type Shipper struct {
	in      chan *Batch
	Records int
	Bytes   int
}

// NewShipper returns a shipper with a queue of depth batches.
func NewShipper(depth int) *Shipper {
	return &Shipper{in: make(chan *Batch, depth)}
}

// In is the channel producers hand batches to.
func (s *Shipper) In() chan<- *Batch { return s.in }

// Run ships batches until Close.
func (s *Shipper) Run() {
	for b := range s.in {
		s.Records += len(b.Items)
		for _, r := range b.Items {
			s.Bytes += len(r.Msg)
		}
	}
}

// Close stops Run once the queue is drained.
func (s *Shipper) Close() { close(s.in) }

// Aggregator groups records into batches of max and hands them to out.
type Aggregator struct {
	out chan<- *Batch
	cur *Batch
	max int
}

// NewAggregator returns an aggregator sending batches of max records to out.
func NewAggregator(out chan<- *Batch, max int) *Aggregator {
	return &Aggregator{out: out, max: max, cur: &Batch{Items: make([]Record, 0, max)}}
}

// Add appends r, flushing when the batch is full.
func (a *Aggregator) Add(r Record) {
	a.cur.Items = append(a.cur.Items, r)
	if len(a.cur.Items) == a.max {
		a.Flush()
	}
}

// Flush hands the current batch off and resets it for reuse.
// Bug: the shipper still reads the batch that is being reset.
func (a *Aggregator) Flush() {
	if len(a.cur.Items) == 0 {
		return
	}
	a.out <- a.cur
	a.cur.Items = a.cur.Items[:0] // want:afterstore FlushResetBatch
}

// Bundler groups records like Aggregator but gives each batch away for good.
type Bundler struct {
	out chan<- *Batch
	cur *Batch
	seq int
	max int
}

// NewBundler returns a bundler sending batches of max records to out.
func NewBundler(out chan<- *Batch, max int) *Bundler {
	return &Bundler{out: out, max: max, cur: &Batch{}}
}

// Add appends r, flushing when the batch is full.
func (b *Bundler) Add(r Record) {
	b.cur.Items = append(b.cur.Items, r)
	if len(b.cur.Items) == b.max {
		b.Flush()
	}
}

// Flush hands the current batch off and starts a fresh one.
func (b *Bundler) Flush() {
	if len(b.cur.Items) == 0 {
		return
	}
	b.out <- b.cur
	b.seq++
	b.cur = &Batch{Seq: b.seq, Items: make([]Record, 0, b.max)} // ok:afterstore FlushFreshBatch
}

// Sample is one metric observation.
type Sample struct {
	Name  string
	Value float64
}

// Sink sums the samples it receives. Run drains the channel until Close.
type Sink struct {
	in    chan []Sample
	Total float64
	Count int
}

// NewSink returns a sink with an unbuffered input.
func NewSink() *Sink { return &Sink{in: make(chan []Sample)} }

// In is the channel collectors send to.
func (s *Sink) In() chan<- []Sample { return s.in }

// Run sums samples until Close.
func (s *Sink) Run() {
	for batch := range s.in {
		for _, x := range batch {
			s.Total += x.Value
			s.Count++
		}
	}
}

// Close stops Run.
func (s *Sink) Close() { close(s.in) }

// Collector gathers samples and sends them on in slices of limit.
type Collector struct {
	out     chan<- []Sample
	pending []Sample
	limit   int
}

// NewCollector returns a collector sending slices of limit samples to out.
func NewCollector(out chan<- []Sample, limit int) *Collector {
	return &Collector{out: out, limit: limit}
}

// Observe records s. The slice is dropped after each send, so the next
// append starts a new array.
func (c *Collector) Observe(s Sample) {
	c.pending = append(c.pending, s) // ok:afterstore CollectorNilAfterSend
	if len(c.pending) >= c.limit {
		c.out <- c.pending
		c.pending = nil
	}
}
