// Package flagdata exercises the flagdata check: data written, then a plain
// flag set that another goroutine reads before the data.
package flagdata

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The program of the ready/data article: package variables, a worker that
// polls the flag and then reads the data.
var data string
var ready bool

func worker() {
	for !ready { // want `ready polled in a loop without synchronization`
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println(data)
}

func seed() {
	go worker()
	time.Sleep(50 * time.Millisecond)
	data = "hello from main"
	ready = true // want `ready set by plain write after writing data \(readers may see ready before data\)`
}

// The struct-field version: c.cfg then c.ready, read by c.run in a goroutine.
type conf struct{ timeout int }

type client struct {
	cfg   *conf
	ready bool
}

func (c *client) run() {
	for {
		if c.ready { // want `c\.ready polled in a loop`
			fmt.Println(c.cfg.timeout)
			return
		}
	}
}

func (c *client) Configure(cfg *conf) { // want Configure:"mutates\\(c\\) sets\\(c\\.cfg\\) sets\\(c\\.ready\\)"
	c.cfg = cfg
	c.ready = true // want `c\.ready set by plain write after writing c\.cfg \(readers may see c\.ready before c\.cfg\)`
}

func startClient() *client {
	c := &client{}
	go c.run()
	return c
}

// An integer flag set by a goroutine, checked by the spawner.
var result []int
var state int

func produce() {
	result = []int{1, 2, 3}
	state = 2 // want `state set by plain write after writing result`
}

func consume() {
	go produce()
	for i := 0; i < 100; i++ {
		if state == 2 { // want `state read while the goroutine that writes it may still run`
			fmt.Println(result)
		}
	}
}

// Data written after the atomic store that was meant to publish it.
type table struct {
	rows   []string
	loaded atomic.Bool
}

func (t *table) load() {
	t.loaded.Store(true)
	t.rows = []string{"a"} // want `t\.rows written after the atomic store to t\.loaded that publishes it`
}

func (t *table) serve() {
	go t.load()
	if t.loaded.Load() {
		fmt.Println(t.rows)
	}
}

// The same with the function form of sync/atomic.
var msg string
var msgSet int32

func setMsg() {
	atomic.StoreInt32(&msgSet, 1)
	msg = "late" // want `msg written after the atomic store to msgSet that publishes it`
}

func readMsg() {
	go setMsg()
	if atomic.LoadInt32(&msgSet) == 1 {
		fmt.Println(msg)
	}
}

// ok: the flag is an atomic.Bool and the data is written before the store.
var data2 string
var ready2 atomic.Bool

func okAtomicBool() {
	go func() {
		if ready2.Load() {
			fmt.Println(data2)
		}
	}()
	data2 = "x"
	ready2.Store(true)
}

// ok: atomic.StoreInt32 flag with the data written before it.
var data3 string
var ready3 int32

func okStoreInt32() {
	go func() {
		if atomic.LoadInt32(&ready3) == 1 {
			fmt.Println(data3)
		}
	}()
	data3 = "x"
	atomic.StoreInt32(&ready3, 1)
}

// ok: the flag is reset, the data rewritten, then the flag stored again.
var data4 string
var ready4 atomic.Int32

func okRearm() {
	go func() {
		if ready4.Load() == 1 {
			fmt.Println(data4)
		}
	}()
	ready4.Store(1)
	ready4.Store(0)
	data4 = "y"
	ready4.Store(1)
}

// ok: close of a channel publishes the data.
var data5 string

func okClose() {
	done := make(chan struct{})
	go func() {
		<-done
		fmt.Println(data5)
	}()
	data5 = "x"
	close(done)
}

// ok: flag written and read under the same mutex.
var (
	mu     sync.Mutex
	data6  string
	ready6 bool
)

func okMutex() {
	go func() {
		mu.Lock()
		r := ready6
		mu.Unlock()
		if r {
			fmt.Println(data6)
		}
	}()
	data6 = "x"
	mu.Lock()
	ready6 = true
	mu.Unlock()
}

// ok: everything is written before the go statement.
var data7 string
var ready7 bool

func okBeforeGo() {
	data7 = "x"
	ready7 = true
	go func() {
		if ready7 {
			fmt.Println(data7)
		}
	}()
}

// ok: flag and data used by one goroutine only.
func okLocal() {
	var d string
	var r bool
	d = "x"
	r = true
	if r {
		fmt.Println(d)
	}
}

// ok: same-named fields of different types: the reader checks other.ready.
type other struct {
	cfg   *conf
	ready bool
}

type holder struct {
	cfg   *conf
	ready bool
}

func (h *holder) Set(c *conf) { // want Set:"mutates\\(h\\) sets\\(h\\.cfg\\) sets\\(h\\.ready\\)"
	h.cfg = c
	h.ready = true
}

func okOtherType(o *other) {
	go func() {
		if o.ready {
			fmt.Println(o.cfg)
		}
	}()
}

// ok: sync.Once publishes the data.
var (
	once  sync.Once
	data8 string
)

func okOnce() {
	go func() {
		once.Do(func() { data8 = "x" })
		fmt.Println(data8)
	}()
}

// ok: WaitGroup joins the writer before the reads.
var data9 string
var ready9 bool

func okWaitGroup() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		data9 = "x"
		ready9 = true
	}()
	wg.Wait()
	if ready9 {
		fmt.Println(data9)
	}
}

// ok: the struct holds a mutex its callers take around both accesses.
type guardedConn struct {
	mu    sync.Mutex
	vers  int
	haveV bool
}

func (c *guardedConn) handshake() {
	c.vers = 3
	c.haveV = true
}

func (c *guardedConn) read() {
	if c.haveV {
		fmt.Println(c.vers)
	}
}

func (c *guardedConn) Serve() { // want Serve:`syncs`
	go func() {
		c.mu.Lock()
		c.read()
		c.mu.Unlock()
	}()
	c.mu.Lock()
	c.handshake()
	c.mu.Unlock()
}

// ok: a deferred closure runs in the goroutine of its function.
var stat string
var statSet bool

func okDeferred() {
	go okDeferred()
	defer func() {
		if statSet {
			fmt.Println(stat)
		}
	}()
	stat = "x"
	statSet = true
}

// ok: fields of a struct value inside a struct whose mutex every caller of
// parse holds, and the goroutine takes.
type parseState struct {
	hdr  int
	size int
}

type client2 struct {
	mu sync.Mutex
	pa parseState
}

// parse must be called with c.mu held.
func (c *client2) parse() {
	c.pa.hdr = 1
	c.pa.size = 2
}

func (c *client2) process() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pa.size > 0 {
		fmt.Println(c.pa.hdr)
	}
}

func (c *client2) Start() { // want Start:`syncs`
	go c.process()
	c.mu.Lock()
	c.parse()
	c.mu.Unlock()
}
