package loadmutate

import (
	"maps"
	"sync"
	"sync/atomic"
)

// Limits bounds resource use.
type Limits struct {
	MaxConns int
	MaxBody  int64
}

// Settings is the live service configuration. Readers treat it as
// immutable; changes publish a new Settings.
type Settings struct {
	Name    string
	Limits  *Limits
	Labels  map[string]string
	Retries int
}

// Label returns label k.
func (s *Settings) Label(k string) string { return s.Labels[k] }

// Store holds the live Settings. Readers do not lock; writers hold mu.
type Store struct {
	mu  sync.Mutex
	cur atomic.Pointer[Settings]
}

// NewStore starts with s.
func NewStore(s *Settings) *Store {
	st := &Store{}
	st.cur.Store(s)
	return st
}

// Current returns the live settings, which the caller must not modify.
// A request handler takes them once and reads them for the whole request.
func (s *Store) Current() *Settings { return s.cur.Load() }

// MaxConns returns the connection limit.
func (s *Store) MaxConns() int { return s.cur.Load().Limits.MaxConns }

// Label returns label k.
func (s *Store) Label(k string) string { return s.Current().Label(k) }

// Retries returns the retry count.
func (s *Store) Retries() int { return s.cur.Load().Retries }

// SetMaxConns changes the connection limit.
// Bug: writes through the shared Limits pointer of the live settings.
func (s *Store) SetMaxConns(n int) {
	cfg := s.cur.Load()
	cfg.Limits.MaxConns = n // want:loadmutate NestedLimitsPointer
}

// ResizeConns changes the connection limit by publishing new settings with
// a new Limits.
func (s *Store) ResizeConns(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	lim := *old.Limits
	lim.MaxConns = n // ok:loadmutate NestedLimitsCopy
	next := *old
	next.Limits = &lim
	s.cur.Store(&next)
}

// SetRetries changes the retry count.
// Bug: mu orders writers only; Retries reads without it.
func (s *Store) SetRetries(n int) {
	s.mu.Lock()
	cfg := s.cur.Load()
	cfg.Retries = n // want:loadmutate WriterLockOnly
	s.mu.Unlock()
}

// SetLabel publishes new settings with label k set.
// Bug: the copy is shallow, so the write lands in the live Labels map.
func (s *Store) SetLabel(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	next := *old
	next.Labels[k] = v // want:loadmutate ShallowCopyMap
	s.cur.Store(&next)
}

// PutLabel publishes new settings with label k set, in a new map.
func (s *Store) PutLabel(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	next := *old
	next.Labels = maps.Clone(old.Labels)
	next.Labels[k] = v // ok:loadmutate DeepCopyMapCOW
	s.cur.Store(&next)
}

// Effective returns the settings for one request, with its retry override
// applied to a copy.
func (s *Store) Effective(retries int) Settings {
	cfg := *s.cur.Load()
	if retries > 0 {
		cfg.Retries = retries // ok:loadmutate DerefCopy
	}
	return cfg
}

type tunables struct {
	batch int
	delay int
}

// Tunables swaps its whole set atomically on Reset; single values change
// under mu, which every reader takes too.
type Tunables struct {
	mu  sync.Mutex
	cur atomic.Pointer[tunables]
}

// NewTunables starts with batch and delay.
func NewTunables(batch, delay int) *Tunables {
	t := &Tunables{}
	t.cur.Store(&tunables{batch: batch, delay: delay})
	return t
}

// Batch returns the batch size.
func (t *Tunables) Batch() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cur.Load().batch
}

// SetBatch changes the batch size.
func (t *Tunables) SetBatch(n int) {
	t.mu.Lock()
	c := t.cur.Load()
	c.batch = n // ok:loadmutate LockedBothSides
	t.mu.Unlock()
}

// Reset replaces both values at once.
func (t *Tunables) Reset(batch, delay int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cur.Store(&tunables{batch: batch, delay: delay})
}
