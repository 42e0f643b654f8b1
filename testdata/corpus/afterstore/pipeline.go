package afterstore

// Coalescer groups values read from In into slices sent on Out whenever the
// consumer is ready. Run returns, closing Out, after In is closed.
type Coalescer struct {
	In  chan int
	Out chan []int
}

// NewCoalescer returns a coalescer with unbuffered channels.
func NewCoalescer() *Coalescer {
	return &Coalescer{In: make(chan int), Out: make(chan []int)}
}

// RunReuse coalesces while keeping one backing array.
// Bug: after a send, the next append writes into the array the consumer
// is reading.
func (c *Coalescer) RunReuse() {
	var buf []int
	for {
		var send chan<- []int
		if len(buf) > 0 {
			send = c.Out
		}
		select {
		case send <- buf:
			buf = buf[:0]
		case v, ok := <-c.In:
			if !ok {
				if len(buf) > 0 {
					c.Out <- buf
				}
				close(c.Out)
				return
			}
			buf = append(buf, v) // want:afterstore SelectLoopTruncate
		}
	}
}

// Run coalesces, dropping the slice after each send so the next append
// starts a new array.
func (c *Coalescer) Run() {
	var buf []int
	for {
		var send chan<- []int
		if len(buf) > 0 {
			send = c.Out
		}
		select {
		case send <- buf:
			buf = nil
		case v, ok := <-c.In:
			if !ok {
				if len(buf) > 0 {
					c.Out <- buf
				}
				close(c.Out)
				return
			}
			buf = append(buf, v) // ok:afterstore SelectLoopReplace
		}
	}
}

// Sum adds up every batch received on batches until it is closed.
func Sum(batches <-chan []int) int {
	total := 0
	for b := range batches {
		for _, v := range b {
			total += v
		}
	}
	return total
}

// Job is a unit of work.
type Job struct {
	ID       int
	Attempts int
	Payload  string
}

// Queue hands jobs to a worker by pointer.
type Queue struct {
	jobs chan *Job
}

// NewQueue returns a queue of depth jobs.
func NewQueue(depth int) *Queue { return &Queue{jobs: make(chan *Job, depth)} }

// Retry puts j back on the queue and counts the attempt.
// Bug: the worker may already be reading j.
func (q *Queue) Retry(j *Job) {
	q.jobs <- j
	j.Attempts++ // want:afterstore EnqueueRetryAttempts
}

// Work runs until Close, returning the most attempts seen on a job.
func (q *Queue) Work() (most int) {
	for j := range q.jobs {
		most = max(most, j.Attempts)
	}
	return most
}

// Close stops Work once the queue is drained.
func (q *Queue) Close() { close(q.jobs) }

// ValueQueue hands jobs to a worker by value.
type ValueQueue struct {
	jobs chan Job
}

// NewValueQueue returns a queue of depth jobs.
func NewValueQueue(depth int) *ValueQueue { return &ValueQueue{jobs: make(chan Job, depth)} }

// Retry queues a copy of j and counts the attempt on the caller's record.
// Correct: the channel carries a copy made at the send.
func (q *ValueQueue) Retry(j *Job) {
	q.jobs <- *j
	j.Attempts++ // ok:afterstore EnqueueCopy
}

// Work runs until Close, returning the most attempts seen on a job.
func (q *ValueQueue) Work() (most int) {
	for j := range q.jobs {
		most = max(most, j.Attempts)
	}
	return most
}

// Close stops Work once the queue is drained.
func (q *ValueQueue) Close() { close(q.jobs) }
