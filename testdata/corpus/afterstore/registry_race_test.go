//go:build corpusrace

package afterstore

import (
	"strings"
	"testing"
	"time"
)

func muxes(n int) []*Mux {
	ms := make([]*Mux, n)
	for i := range ms {
		ms[i] = &Mux{}
	}
	return ms
}

func TestBug_RegisterAssignID(t *testing.T) {
	ms := muxes(rounds)
	pair(func() {
		for _, m := range ms {
			m.Handle(&Handler{Pattern: "/api", Fn: strings.ToUpper})
		}
	}, func() {
		for _, m := range ms {
			readUntil(func() bool { _, ok := m.ID("/api"); return ok }, func() { m.ID("/api") })
		}
	})
}

func TestOK_RegisterIDBeforeStore(t *testing.T) {
	ms := muxes(rounds)
	pair(func() {
		for _, m := range ms {
			m.HandleFunc("/api", strings.ToUpper)
		}
	}, func() {
		for _, m := range ms {
			readUntil(func() bool { _, ok := m.ID("/api"); return ok }, func() { m.ID("/api") })
		}
	})
}

func sessionStores(n int) []*SessionStore {
	ss := make([]*SessionStore, n)
	for i := range ss {
		ss[i] = NewSessionStore(time.Hour)
	}
	return ss
}

func TestBug_SessionExpiry(t *testing.T) {
	ss := sessionStores(rounds)
	pair(func() {
		for _, s := range ss {
			s.Start(&Session{ID: "s1", User: "ann"}, epoch)
		}
	}, func() {
		for _, s := range ss {
			readUntil(func() bool { return s.Exists("s1") }, func() { s.Valid("s1", epoch) })
		}
	})
}

func TestOK_SessionExpiryBeforeStore(t *testing.T) {
	ss := sessionStores(rounds)
	pair(func() {
		for _, s := range ss {
			s.Resume(&Session{ID: "s1", User: "ann"}, epoch)
		}
	}, func() {
		for _, s := range ss {
			readUntil(func() bool { return s.Exists("s1") }, func() { s.Valid("s1", epoch) })
		}
	})
}

func acls(n int) []*ACL {
	as := make([]*ACL, n)
	for i := range as {
		as[i] = &ACL{}
	}
	return as
}

func TestBug_StoreSortRoles(t *testing.T) {
	as := acls(rounds)
	pair(func() {
		for _, a := range as {
			a.Grant("ann", []string{"writer", "admin", "reader", "auditor"})
		}
	}, func() {
		for _, a := range as {
			readUntil(func() bool { return a.Known("ann") }, func() { a.Allowed("ann", "reader") })
		}
	})
}

func TestOK_SortBeforeStore(t *testing.T) {
	as := acls(rounds)
	pair(func() {
		for _, a := range as {
			a.GrantCopy("ann", []string{"writer", "admin", "reader", "auditor"})
		}
	}, func() {
		for _, a := range as {
			readUntil(func() bool { return a.Known("ann") }, func() { a.Allowed("ann", "reader") })
		}
	})
}

func TestOK_StoreStructCopy(t *testing.T) {
	ds := make([]*Directory, rounds)
	for i := range ds {
		ds[i] = &Directory{}
	}
	pair(func() {
		for _, d := range ds {
			d.Put(&User{ID: "u1", Name: "Ann"})
		}
	}, func() {
		for _, d := range ds {
			readUntil(func() bool { _, ok := d.Lookup("u1"); return ok }, func() {
				u, _ := d.Lookup("u1")
				_ = u.Synced
			})
		}
	})
}

func limiters(n int) []*Limiters {
	ls := make([]*Limiters, n)
	for i := range ls {
		ls[i] = NewLimiters(10, 5)
	}
	return ls
}

func TestBug_LoadOrStoreInit(t *testing.T) {
	ls := limiters(rounds)
	use := func() {
		for _, l := range ls {
			b := l.For("tenant")
			_ = b.Rate() + float64(b.Burst())
		}
	}
	pair(use, use)
}

func TestOK_LoadOrStoreInitBefore(t *testing.T) {
	ls := limiters(rounds)
	use := func() {
		for _, l := range ls {
			b := l.Get("tenant")
			_ = b.Rate() + float64(b.Burst())
		}
	}
	pair(use, use)
}

func TestBug_FlagSwapCarryOver(t *testing.T) {
	f := &Flags{}
	fs := make([]*Flag, rounds)
	for i := range fs {
		fs[i] = &Flag{Name: "beta", On: true, Since: epoch.Add(time.Duration(i) * time.Second)}
	}
	last := fs[len(fs)-1]
	pair(func() {
		for _, fl := range fs {
			f.Set(fl)
		}
	}, func() {
		readUntil(func() bool { return f.Lookup("beta") == last }, func() { f.Since("beta") })
	})
}

func TestOK_FlagCarryOverBeforeSwap(t *testing.T) {
	f := &Flags{}
	fs := make([]*Flag, rounds)
	for i := range fs {
		fs[i] = &Flag{Name: "beta", On: true, Since: epoch.Add(time.Duration(i) * time.Second)}
	}
	last := fs[len(fs)-1]
	pair(func() {
		for _, fl := range fs {
			f.SetKeep(fl)
		}
	}, func() {
		readUntil(func() bool { return f.Lookup("beta") == last }, func() { f.Since("beta") })
	})
}
