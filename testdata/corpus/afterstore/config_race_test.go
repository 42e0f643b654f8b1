//go:build corpusrace

package afterstore

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

var epoch = time.Unix(1700000000, 0)

func freshConfigs(n int) []*Config {
	cs := make([]*Config, n)
	for i := range cs {
		cs[i] = &Config{
			Version: i,
			Hosts:   []string{"a:1", "b:1"},
			Limits:  map[string]int{"conns": i},
		}
	}
	return cs
}

func newServer() *Server {
	return NewServer("self:1", &Config{Timeout: time.Second, Hosts: []string{"a:1"}, Limits: map[string]int{}})
}

func TestBug_ReloadDefaultTimeout(t *testing.T) {
	s := newServer()
	cs := freshConfigs(rounds)
	last := cs[len(cs)-1]
	pair(func() {
		for _, c := range cs {
			s.Reload(c)
		}
	}, func() {
		readUntil(func() bool { return s.Get() == last }, func() { s.Deadline(epoch) })
	})
}

func TestOK_DefaultsBeforeStore(t *testing.T) {
	s := newServer()
	cs := freshConfigs(rounds)
	last := cs[len(cs)-1]
	pair(func() {
		for _, c := range cs {
			s.Apply(c)
		}
	}, func() {
		readUntil(func() bool { return s.Get() == last }, func() { s.Deadline(epoch) })
	})
}

func TestBug_ReloadAppendSelf(t *testing.T) {
	s := newServer()
	cs := freshConfigs(rounds)
	last := cs[len(cs)-1]
	pair(func() {
		for _, c := range cs {
			s.Join(c)
		}
	}, func() {
		n := 0
		readUntil(func() bool { return s.Get() == last }, func() { n++; s.Peer(n) })
	})
}

func TestBug_ReloadLimitsMap(t *testing.T) {
	s := newServer()
	cs := freshConfigs(rounds)
	last := cs[len(cs)-1]
	pair(func() {
		for i, c := range cs {
			s.ReloadWithBurst(c, i)
		}
	}, func() {
		readUntil(func() bool { return s.Get() == last }, func() { s.Limit("burst") })
	})
}

func TestOK_CloneThenSetLimit(t *testing.T) {
	s := newServer()
	pair(func() {
		for i := range rounds {
			s.SetLimit("burst", i)
		}
	}, func() {
		readUntil(func() bool { return s.Limit("burst") == rounds-1 }, func() { s.Limit("conns") })
	})
}

func TestBug_PublishHelperBump(t *testing.T) {
	s := newServer()
	cs := freshConfigs(rounds)
	last := cs[len(cs)-1]
	pair(func() {
		for _, c := range cs {
			s.Rollout(c)
		}
	}, func() {
		readUntil(func() bool { return s.Get() == last }, func() { s.Version() })
	})
}

func TestOK_BumpBeforePublish(t *testing.T) {
	s := newServer()
	cs := freshConfigs(rounds)
	last := cs[len(cs)-1]
	pair(func() {
		for _, c := range cs {
			s.Promote(c)
		}
	}, func() {
		readUntil(func() bool { return s.Get() == last }, func() { s.Version() })
	})
}

func TestOK_DraftRebind(t *testing.T) {
	e := NewEditor(&Config{Timeout: time.Second})
	pair(func() {
		for i := range rounds {
			e.SetTimeout(time.Duration(i) * time.Millisecond)
			e.Publish()
		}
	}, func() {
		readUntil(func() bool { return e.Live().Version == rounds }, func() { _ = e.Live().Timeout })
	})
}

func TestOK_CommitClonePending(t *testing.T) {
	m := NewMembership()
	pair(func() {
		for i := range rounds {
			m.Join(fmt.Sprint("node-", i))
			m.Commit()
		}
	}, func() {
		readUntil(func() bool { return m.Epoch() == rounds }, func() { m.Has("node-0") })
	})
}

func freshTables(n int) []*Table {
	ts := make([]*Table, n)
	for i := range ts {
		ts[i] = &Table{Routes: map[string]string{"/gen": fmt.Sprint(i)}}
	}
	return ts
}

func TestBug_ValueStoreDefault(t *testing.T) {
	r := NewRouter(&Table{Default: "first:80"})
	ts := freshTables(rounds)
	final := fmt.Sprint(rounds - 1)
	pair(func() {
		for _, tb := range ts {
			r.Install(tb)
		}
	}, func() {
		readUntil(func() bool { return r.Backend("/gen") == final }, func() { r.Backend("/missing") })
	})
}

func TestOK_ValueDefaultOnClone(t *testing.T) {
	r := NewRouter(&Table{Default: "first:80"})
	ts := freshTables(rounds)
	final := fmt.Sprint(rounds - 1)
	pair(func() {
		for _, tb := range ts {
			r.InstallCopy(tb)
		}
	}, func() {
		readUntil(func() bool { return r.Backend("/gen") == final }, func() { r.Backend("/missing") })
	})
}

func TestBug_ValueStoreMapAdd(t *testing.T) {
	a := NewAliases()
	ms := make([]map[string]string, rounds)
	for i := range ms {
		ms[i] = map[string]string{"gen": fmt.Sprint(i)}
	}
	final := fmt.Sprint(rounds - 1)
	pair(func() {
		for _, m := range ms {
			a.Replace(m)
		}
	}, func() {
		readUntil(func() bool { return a.Resolve("gen") == final }, func() { a.Resolve("localhost") })
	})
}

func TestOK_AliasAddClone(t *testing.T) {
	a := NewAliases()
	final := fmt.Sprint("host-", rounds-1)
	pair(func() {
		for i := range rounds {
			a.Add(fmt.Sprint("host-", i), "canonical")
		}
	}, func() {
		readUntil(func() bool { return a.Resolve(final) != final }, func() { a.Resolve("host-0") })
	})
}

func TestBug_SwapThenStampGen(t *testing.T) {
	b := NewBalancer([]Endpoint{{Addr: "a:1"}})
	sets := make([][]Endpoint, rounds)
	for i := range sets {
		sets[i] = make([]Endpoint, i+2)
	}
	pair(func() {
		for _, eps := range sets {
			b.Replace(eps)
		}
	}, func() {
		readUntil(func() bool { return b.Len() == rounds+1 }, func() { b.Generation() })
	})
}

func TestOK_StampBeforeCAS(t *testing.T) {
	eps := make([]Endpoint, rounds+1)
	for i := range eps {
		eps[i].Addr = fmt.Sprint("10.0.0.", i)
	}
	b := NewBalancer(eps)
	pair(func() {
		for i := range rounds {
			b.Remove(fmt.Sprint("10.0.0.", i))
		}
	}, func() {
		readUntil(func() bool { return b.Len() == 1 }, func() { b.Generation() })
	})
}

func TestBug_CASThenSetExpiry(t *testing.T) {
	e := &Elector{}
	e.Acquire("boot", epoch, time.Second)
	final := fmt.Sprint("node-", rounds-1)
	pair(func() {
		for i := range rounds {
			e.Acquire(fmt.Sprint("node-", i), epoch.Add(time.Duration(i+1)*time.Minute), time.Second)
		}
	}, func() {
		readUntil(func() bool { return e.Holder() == final }, func() { e.Leader(epoch) })
	})
}

func TestOK_SwapRetireAtomic(t *testing.T) {
	r := NewRing([]string{"a", "b", "c"})
	wait := consume(func() {
		for i := range rounds {
			r.Rebalance([]string{"a", "b", fmt.Sprint("n", i)})
		}
	})
	// The reader runs first here: it holds shards the rebalancer retires.
	for i := range rounds {
		r.Owner(i)
		runtime.Gosched()
	}
	wait()
}

func TestOK_MutateUnderSharedMutex(t *testing.T) {
	tr := NewRateTracker(epoch)
	pair(func() {
		for i := range rounds {
			tr.Observe()
			tr.Rotate(epoch.Add(time.Duration(i) * time.Second))
		}
	}, func() {
		for range rounds {
			tr.Observe()
			tr.Count()
			runtime.Gosched()
		}
	})
}
