//go:build corpusrace

package unjoined

import (
	"net"
	"testing"
)

func healthy() error { return nil }

func TestBug_ResultNoWait(t *testing.T) {
	for range rounds {
		p := NewProbe(healthy)
		wait := background(p.Run)
		use(p.Result())
		wait()
	}
}

func TestOK_ProbeWaits(t *testing.T) {
	for range rounds {
		p := NewPing(healthy)
		wait := background(p.Run)
		use(p.Result())
		wait()
	}
}

var docs = [][]byte{[]byte("alpha"), []byte("beta"), []byte("gamma")}

func TestBug_WaitWrongChannel(t *testing.T) {
	for range rounds {
		x := NewIndexer()
		wait := background(func() { x.Run(docs) })
		use(x.Totals())
		wait()
	}
}

func TestOK_ResultOnChannel(t *testing.T) {
	resolve := func(name string) ([]string, error) {
		if name == "" {
			return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
		}
		return []string{"192.0.2.1"}, nil
	}
	for range rounds {
		l := NewLookup("db.internal")
		wait := background(func() { l.Run(resolve) })
		use(l.Addrs())
		wait()
	}
}
