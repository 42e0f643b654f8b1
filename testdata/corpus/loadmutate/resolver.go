// Package loadmutate holds library code that loads shared snapshots from
// atomics and sync.Map, some of it changing the loaded value in place.
package loadmutate

import "sync/atomic"

// answer is a cached lookup result, shared by every caller of Lookup.
type answer struct {
	addrs []string
	next  int
}

// Resolver hands out addresses round robin from a cached answer. Lookup is
// called concurrently by every outgoing request.
type Resolver struct {
	cache atomic.Pointer[answer]
}

// NewResolver caches addrs.
func NewResolver(addrs ...string) *Resolver {
	r := &Resolver{}
	r.cache.Store(&answer{addrs: addrs})
	return r
}

// Lookup returns the next address.
// Bug: the round-robin position is advanced inside the shared answer.
func (r *Resolver) Lookup() string {
	a := r.cache.Load()
	a.next++ // want:loadmutate RoundRobinIncrement
	return a.addrs[a.next%len(a.addrs)]
}

// Addrs returns how many addresses are cached.
func (r *Resolver) Addrs() int { return len(r.cache.Load().addrs) }

// rotation is a cached answer whose position is a shared atomic counter.
type rotation struct {
	addrs []string
	next  *atomic.Int64
}

// Rotor is Resolver with an atomic round-robin position.
type Rotor struct {
	cur atomic.Pointer[rotation]
}

// NewRotor caches addrs.
func NewRotor(addrs ...string) *Rotor {
	r := &Rotor{}
	r.cur.Store(&rotation{addrs: addrs, next: new(atomic.Int64)})
	return r
}

// Lookup returns the next address.
func (r *Rotor) Lookup() string {
	rot := r.cur.Load()
	n := rot.next.Add(1) // ok:loadmutate AtomicCounterPointer
	return rot.addrs[n%int64(len(rot.addrs))]
}

// Addrs returns how many addresses are cached.
func (r *Rotor) Addrs() int { return len(r.cur.Load().addrs) }

// Balance is a published budget state; callers must not modify it.
type Balance struct {
	remaining int
	spent     int
}

// Remaining returns the units left.
func (b *Balance) Remaining() int { return b.remaining }

// Budget is a spending allowance shared by concurrent requests.
type Budget struct {
	cur atomic.Pointer[Balance]
}

// NewBudget starts with n units.
func NewBudget(n int) *Budget {
	b := &Budget{}
	b.cur.Store(&Balance{remaining: n})
	return b
}

// Balance returns the current balance.
func (b *Budget) Balance() *Balance { return b.cur.Load() }

// Remaining returns the units left.
func (b *Budget) Remaining() int { return b.Balance().Remaining() }

// Spent returns the units spent.
func (b *Budget) Spent() int { return b.cur.Load().spent }

// Spend takes n units if they are available.
// Bug: the loaded budget is changed in place; swapping it for itself
// publishes nothing new and other goroutines read it meanwhile.
func (b *Budget) Spend(n int) bool {
	for {
		old := b.cur.Load()
		if old.remaining < n {
			return false
		}
		old.remaining -= n // want:loadmutate CASSamePointer
		if b.cur.CompareAndSwap(old, old) {
			return true
		}
	}
}

// Charge takes n units if they are available, copy-on-write.
func (b *Budget) Charge(n int) bool {
	for {
		old := b.cur.Load()
		if old.remaining < n {
			return false
		}
		next := *old
		next.remaining -= n // ok:loadmutate CopyOnWriteCAS
		next.spent += n
		if b.cur.CompareAndSwap(old, &next) {
			return true
		}
	}
}
