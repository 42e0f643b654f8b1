package mixedatomic

import (
	"sync"
	"sync/atomic"
)

// Pipeline counts the items its workers process. The caller runs Work in
// as many goroutines as it announced with Add, then calls Close.
type Pipeline struct {
	wg        sync.WaitGroup
	processed int64
	skipped   int64
}

// Add announces n workers.
func (p *Pipeline) Add(n int) { p.wg.Add(n) }

// Work processes items; it must be called once per announced worker.
func (p *Pipeline) Work(items []int) {
	defer p.wg.Done()
	for _, it := range items {
		if it < 0 {
			atomic.AddInt64(&p.skipped, 1)
			continue
		}
		atomic.AddInt64(&p.processed, 1)
	}
}

// Close waits for the workers and returns the totals.
// Look-alike: Wait returns after every worker's Done, which follows its
// last add, so the plain reads are ordered after all of them.
func (p *Pipeline) Close() (processed, skipped int64) {
	p.wg.Wait()
	return p.processed, p.skipped // ok:mixedatomic ReadAfterWaitGroup
}

// Job is run once by an executor; callers wait for its result.
type Job struct {
	done   chan struct{}
	events int64
}

// NewJob returns a job ready to run.
func NewJob() *Job { return &Job{done: make(chan struct{})} }

// Run counts n events and finishes the job.
func (j *Job) Run(n int) {
	for range n {
		atomic.AddInt64(&j.events, 1)
	}
	close(j.done)
}

// Progress returns the events counted so far.
func (j *Job) Progress() int64 { return atomic.LoadInt64(&j.events) }

// Result waits for the job and returns its event count.
// Look-alike: the receive from done is ordered after Run's close, which
// follows every add.
func (j *Job) Result() int64 {
	<-j.done
	return j.events // ok:mixedatomic ResultAfterDone
}
