//go:build corpusrace

package flagdata

import "testing"

func TestOK_ClosedChannel(t *testing.T) {
	for range rounds {
		f := NewFuture()
		concurrently(func() { f.Resolve("v", nil) }, func() { use(f.Get()) })
	}
}

func TestOK_ClosedChannelPoll(t *testing.T) {
	for range rounds {
		l := NewLatch()
		concurrently(func() { l.Fire([]byte("x")) }, func() {
			until(func() bool { _, ok := l.TryGet(); return ok })
		})
	}
}

func TestOK_SentOnChannel(t *testing.T) {
	for range rounds {
		m := NewMailbox(1)
		concurrently(func() { m.Deliver([]byte("pong")) }, func() { use(m.Receive()) })
	}
}

func TestOK_SignalSend(t *testing.T) {
	for range rounds {
		e := NewExport()
		concurrently(func() { e.Done("/tmp/export.csv") }, func() { use(e.Wait()) })
	}
}

func TestOK_WaitGroupFlag(t *testing.T) {
	for range rounds {
		tk := NewTask()
		concurrently(func() { tk.Run(func() []byte { return []byte("out") }) }, func() { use(tk.Output()) })
	}
}

func TestOK_OnceFlag(t *testing.T) {
	for range rounds {
		d := NewDictionary([]string{"alpha", "beta"})
		concurrently(func() { use(d.Contains("alpha")) }, func() { use(d.Contains("gamma")) })
	}
}
