package mixedatomic

import (
	"sort"
	"sync"
	"sync/atomic"
)

// Registry exports int64 counters owned by other components; the owners
// update them with sync/atomic, and Values loads them the same way.
type Registry struct {
	mu   sync.Mutex
	vars map[string]*int64
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{vars: make(map[string]*int64)} }

// Publish exports the counter at p under name.
func (r *Registry) Publish(name string, p *int64) {
	r.mu.Lock()
	r.vars[name] = p
	r.mu.Unlock()
}

// Values returns the current value of every exported counter.
func (r *Registry) Values() map[string]int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int64, len(r.vars))
	for name, p := range r.vars {
		out[name] = atomic.LoadInt64(p)
	}
	return out
}

// Export publishes the request counters of m.
// Look-alike: it takes the counters' addresses; it reads nothing.
func (m *RequestMetrics) Export(r *Registry) {
	r.Publish(m.name+".requests", &m.requests) // ok:mixedatomic AddressOnly
	r.Publish(m.name+".errors", &m.errors)
}

// WorkQueue counts queued jobs atomically.
type WorkQueue struct {
	count int64
}

// Enqueue counts one job.
func (q *WorkQueue) Enqueue() { atomic.AddInt64(&q.count, 1) }

// Len returns the number of queued jobs.
func (q *WorkQueue) Len() int64 { return atomic.LoadInt64(&q.count) }

// Batch collects job IDs before submitting them; a Batch belongs to the
// goroutine that builds it.
type Batch struct {
	ids   []int
	count int64
}

// Add appends id to the batch.
// Look-alike: count is a field of Batch, not the atomically updated
// WorkQueue.count.
func (b *Batch) Add(id int) {
	b.ids = append(b.ids, id)
	b.count++ // ok:mixedatomic SameNameOtherType
}

// Sorted returns the IDs in order.
func (b *Batch) Sorted() []int {
	out := append([]int(nil), b.ids...)
	sort.Ints(out)
	return out
}

// Submit enqueues every job of b on q.
func (b *Batch) Submit(q *WorkQueue) {
	for range b.count {
		q.Enqueue()
	}
}
