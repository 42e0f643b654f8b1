package afterstore

import (
	"sync"
	"time"
)

// Bucket is a per-key rate limit.
type Bucket struct {
	rate  float64
	burst int
}

// Burst returns the bucket's burst size.
func (b *Bucket) Burst() int { return b.burst }

// Rate returns the bucket's refill rate per second.
func (b *Bucket) Rate() float64 { return b.rate }

// Limiters hands out per-key buckets, creating them on first use. For and
// Get are safe for concurrent use.
type Limiters struct {
	rate  float64
	burst int
	m     sync.Map // key -> *Bucket
}

// NewLimiters returns limiters whose buckets start with rate and burst.
func NewLimiters(rate float64, burst int) *Limiters {
	return &Limiters{rate: rate, burst: burst}
}

// For returns the bucket for key.
// Bug: a new bucket is set up after LoadOrStore published it; another
// caller may already have loaded it and be reading its fields.
func (l *Limiters) For(key string) *Bucket {
	b := new(Bucket)
	v, loaded := l.m.LoadOrStore(key, b)
	if !loaded {
		b.rate, b.burst = l.rate, l.burst // want:afterstore LoadOrStoreInit
	}
	return v.(*Bucket)
}

// Get returns the bucket for key; a new bucket is complete before it is
// offered to LoadOrStore.
func (l *Limiters) Get(key string) *Bucket {
	if v, ok := l.m.Load(key); ok {
		return v.(*Bucket)
	}
	b := new(Bucket)
	b.rate, b.burst = l.rate, l.burst // ok:afterstore LoadOrStoreInitBefore
	v, _ := l.m.LoadOrStore(key, b)
	return v.(*Bucket)
}

// Flag is a feature flag.
type Flag struct {
	Name  string
	On    bool
	Since time.Time // when On last changed
}

// Flags holds feature flags. Since is safe for concurrent use; Set and
// SetKeep are called by one admin goroutine at a time.
type Flags struct {
	mu sync.Mutex
	m  sync.Map // name -> *Flag
}

// Lookup returns flag name, nil if unset. The flag must not be modified.
func (f *Flags) Lookup(name string) *Flag {
	v, _ := f.m.Load(name)
	fl, _ := v.(*Flag)
	return fl
}

// Since returns when flag name last changed.
func (f *Flags) Since(name string) time.Time {
	v, ok := f.m.Load(name)
	if !ok {
		return time.Time{}
	}
	return v.(*Flag).Since
}

// Set installs fl. If the flag did not actually change, the previous change
// time is kept. Bug: Since is carried over after Swap published fl.
func (f *Flags) Set(fl *Flag) {
	prev, loaded := f.m.Swap(fl.Name, fl)
	if loaded && prev.(*Flag).On == fl.On {
		fl.Since = prev.(*Flag).Since // want:afterstore FlagSwapCarryOver
	}
}

// SetKeep is Set with the carry-over done before fl is stored.
func (f *Flags) SetKeep(fl *Flag) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.m.Load(fl.Name); ok && v.(*Flag).On == fl.On {
		fl.Since = v.(*Flag).Since // ok:afterstore FlagCarryOverBeforeSwap
	}
	f.m.Store(fl.Name, fl)
}
