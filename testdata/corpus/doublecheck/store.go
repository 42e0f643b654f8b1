package doublecheck

import (
	"errors"
	"sync"
	"sync/atomic"
)

var (
	// ErrClosed is returned by operations on a closed queue or store.
	ErrClosed = errors.New("doublecheck: closed")
	// ErrReadOnly is returned by writes to a read-only store.
	ErrReadOnly = errors.New("doublecheck: read-only")
	// ErrNoKey is returned for a request without a key.
	ErrNoKey = errors.New("doublecheck: missing key")
)

// Queue is a FIFO shared by producers and a consumer.
type Queue struct {
	mu     sync.Mutex
	closed bool
	items  []string
}

// Push appends v.
// Bug: the fast-path check reads closed without the lock Close writes it
// under.
func (q *Queue) Push(v string) error {
	if q.closed { // want:doublecheck ClosedFastPath
		return ErrClosed
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.items = append(q.items, v)
	return nil
}

// Close stops further pushes.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}

// Len returns the number of queued items.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// Mailbox is Queue with an atomic closed flag for the fast path.
type Mailbox struct {
	mu     sync.Mutex
	closed atomic.Bool
	msgs   []string
}

// Post appends msg.
// Look-alike: the fast-path check is an atomic load.
func (m *Mailbox) Post(msg string) error {
	if m.closed.Load() { // ok:doublecheck ClosedAtomicFastPath
		return ErrClosed
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed.Load() {
		return ErrClosed
	}
	m.msgs = append(m.msgs, msg)
	return nil
}

// Close stops further posts.
func (m *Mailbox) Close() {
	m.mu.Lock()
	m.closed.Store(true)
	m.mu.Unlock()
}

// PutRequest is one write to a Store.
type PutRequest struct {
	Key   string
	Value []byte
}

// Store is a concurrent key-value store.
type Store struct {
	readOnly bool
	mu       sync.Mutex
	data     map[string][]byte
}

// NewStore returns an empty store; a read-only store rejects writes.
func NewStore(readOnly bool) *Store {
	return &Store{readOnly: readOnly, data: make(map[string][]byte)}
}

// Put applies req.
// Look-alike: req belongs to the caller of this call, so checking it
// before the lock reads nothing shared.
func (s *Store) Put(req *PutRequest) error {
	if req.Key == "" { // ok:doublecheck ArgFieldCheck
		return ErrNoKey
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[req.Key] = req.Value
	return nil
}

// Delete removes key.
// Look-alike: readOnly is set by the constructor and never written again,
// so reading it before the lock is safe.
func (s *Store) Delete(key string) error {
	if s.readOnly { // ok:doublecheck ImmutableFlagPrecheck
		return ErrReadOnly
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.data, key)
	return nil
}

// Get returns the value of key.
func (s *Store) Get(key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.data[key]
	return v, ok
}
