// Package realshapes holds the shapes of false reports found on real code
// (go-ethereum, client-go), each fixed in the model, beside look-alikes that
// race and must still be reported.
package realshapes

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
)

// Statistics compiled out: the branch on a false constant is no code at
// all, so the atomic add and the plain read never run (geth's
// runtimeStats, behind const doRuntimeStats = false).
const traceCounts = false

// Counts is safe for concurrent use.
type Counts struct{ hits int64 }

func (c *Counts) Hit() {
	if !traceCounts {
		return
	}
	atomic.AddInt64(&c.hits, 1)
}

func (c *Counts) Report() int64 {
	if traceCounts {
		return c.hits
	}
	return 0
}

// The same with a switch the program sets when it starts: both branches
// can run.
var traceLive = os.Getenv("TRACE") != ""

// LiveCounts is safe for concurrent use.
type LiveCounts struct{ hits int64 }

func (c *LiveCounts) Hit() { // want Hit:"syncs"
	if !traceLive {
		return
	}
	atomic.AddInt64(&c.hits, 1)
}

func (c *LiveCounts) Report() int64 {
	if traceLive {
		return c.hits // want `c\.hits read without sync/atomic but accessed with atomic\.AddInt64 elsewhere`
	}
	return 0
}

// And with a true constant: the code after the branch runs.
const traceOn = true

// OnCounts is safe for concurrent use.
type OnCounts struct{ hits int64 }

func (c *OnCounts) Hit() { // want Hit:"syncs"
	if !traceOn {
		return
	}
	atomic.AddInt64(&c.hits, 1)
}

func (c *OnCounts) Report() int64 { // want Report:"reads\\(c.hits\\)"
	return c.hits // want `c\.hits read without sync/atomic but accessed with atomic\.AddInt64 elsewhere`
}

// A request built by a composite literal, then handed to the goroutine that
// runs it (geth's skeleton.assignTasks): both fields are written before the
// object escapes, and the go statement orders them before executeTask.
type request struct {
	cancel chan struct{}
	head   uint64
}

type scheduler struct {
	mu   sync.Mutex
	reqs map[int]*request
}

func (s *scheduler) assign(ids []int, cancel chan struct{}, head uint64) {
	for _, id := range ids {
		req := &request{
			cancel: cancel,
			head:   head,
		}
		s.reqs[id] = req
		go s.execute(req)
	}
}

func (s *scheduler) execute(req *request) {
	if req.head < 10 {
		<-req.cancel
	}
}

// The look-alike starts the goroutine first and fills the request in
// afterwards: it may see head set and cancel not yet.
func (s *scheduler) assignLate(ids []int, cancel chan struct{}, head uint64) {
	for _, id := range ids {
		req := &request{}
		s.reqs[id] = req
		go s.execute(req)
		req.cancel = cancel // want `req\.cancel modified after req was passed to a goroutine`
		req.head = head     // want `req\.head set by plain write after writing req\.cancel`
	}
}

// One goroutine per child, each writing its own element of an array
// (geth's trie committer): the loop reads element i before it starts the
// goroutine for i, and every earlier goroutine writes another element.
type node struct {
	children [4]*node
	hash     int
}

func hashOf(n *node) *node { return &node{hash: n.hash + 1} }

func (n *node) hashChildren() {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		c := n.children[i]
		if c == nil {
			continue
		}
		wg.Add(1)
		go func(index int) {
			defer wg.Done()
			n.children[index] = hashOf(c)
		}(i)
	}
	wg.Wait()
}

// Reading the element after starting its goroutine races with it.
func (n *node) hashChildrenLog() {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		c := n.children[i]
		if c == nil {
			continue
		}
		wg.Add(1)
		go func(index int) {
			defer wg.Done()
			n.children[index] = hashOf(c)
		}(i)
		fmt.Println(n.children[i]) // want `n\.children read while the goroutine that writes it may still run`
	}
	wg.Wait()
}

// An index that comes round again: the goroutine started at i = 0 writes
// element 0, which the loop reads again at i = 2.
func (n *node) hashChildrenPairs() {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		j := i % 2
		c := n.children[j] // want `n\.children read while the goroutine that writes it may still run`
		wg.Add(1)
		go func(index int) {
			defer wg.Done()
			n.children[index] = hashOf(c)
		}(j)
	}
	wg.Wait()
}

// The goroutine closes Ready two calls down, after it has set conn
// (client-go's PortForwarder): the receive joins that write.
type Forwarder struct {
	conn  *os.File
	Ready chan struct{}
}

func (f *Forwarder) Forward() error { // want Forward:"mutates\\(f\\) sets\\(f.conn\\)"
	f.conn = os.Stdout
	return f.serve()
}

func (f *Forwarder) serve() error {
	f.listen()
	return nil
}

func (f *Forwarder) listen() { close(f.Ready) }

func forwardAndUse() {
	f := &Forwarder{Ready: make(chan struct{})}
	go func() {
		f.Forward()
	}()
	<-f.Ready
	fmt.Println(f.conn)
}

// The look-alike sets conn after the call that closes Ready: the receive
// orders nothing of it.
type LateForwarder struct {
	conn  *os.File
	Ready chan struct{}
}

func (f *LateForwarder) Forward() error { // want Forward:"mutates\\(f\\) sets\\(f.conn\\)"
	err := f.serve()
	f.conn = os.Stdout
	return err
}

func (f *LateForwarder) serve() error {
	f.listen()
	return nil
}

func (f *LateForwarder) listen() { close(f.Ready) }

func lateForwardAndUse() {
	f := &LateForwarder{Ready: make(chan struct{})}
	go func() {
		f.Forward()
	}()
	<-f.Ready
	fmt.Println(f.conn) // want `f\.conn read while the goroutine that writes it may still run`
}

// A goroutine held back until the spawner lets it go (client-go's
// fakeNeverRateLimiter: Accept waits on a WaitGroup its constructor added
// to, Stop calls Done): the read comes before Stop, Stop before Accept
// returns, Accept before the write.
type Limiter interface {
	Accept()
	Stop()
}

type neverLimiter struct{ wg sync.WaitGroup }

func NewNeverLimiter() Limiter {
	l := neverLimiter{}
	l.wg.Add(1)
	return &l
}

func (l *neverLimiter) Accept() { l.wg.Wait() } // want Accept:"syncs"
func (l *neverLimiter) Stop()   { l.wg.Done() } // want Stop:"syncs"

func heldBack() bool {
	rl := NewNeverLimiter()
	finished := false
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		rl.Accept()
		finished = true
		wg.Done()
	}()
	early := finished
	rl.Stop()
	wg.Wait()
	return early && finished
}

// Let go before the read: the write may run alongside it.
func letGoFirst() bool {
	rl := NewNeverLimiter()
	finished := false
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		rl.Accept()
		finished = true
		wg.Done()
	}()
	rl.Stop()
	early := finished // want `finished read while the goroutine that writes it may still run`
	wg.Wait()
	return early && finished
}

// A WaitGroup nobody added to does not hold the goroutine back: Wait
// returns at once.
type openLimiter struct{ wg sync.WaitGroup }

func NewOpenLimiter() Limiter { return &openLimiter{} }

func (l *openLimiter) Accept() { l.wg.Wait() } // want Accept:"syncs"
func (l *openLimiter) Stop()   {}

func notHeld() bool {
	rl := NewOpenLimiter()
	finished := false
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		rl.Accept()
		finished = true
		wg.Done()
	}()
	early := finished // want `finished read while the goroutine that writes it may still run`
	rl.Stop()
	wg.Wait()
	return early && finished
}

// Branches that cannot be taken, as the race detector's own race-free
// tests write them: y is 0 wherever it is read, so y == 1 && x == 1 never
// reads x, and a loop whose condition is 0 < 0 never runs its post
// statement.
func shortCircuit() {
	c := make(chan bool)
	x, y := 0, 0
	go func() {
		x = 1
		c <- true
	}()
	if y == 1 && x == 1 {
		fmt.Println("never")
	}
	<-c
}

func neverLoops() {
	done := make(chan bool)
	x := 0
	go func() {
		x++
		done <- true
	}()
	for i := 0; i < 0; x++ {
	}
	<-done
}

// The look-alikes read x: y == 0 holds; and a goroutine that writes y too
// leaves its value unknown (the read of x behind the check of y is the
// flag's finding, not another).
func shortCircuitTaken() {
	c := make(chan bool)
	x, y := 0, 0
	go func() {
		x = 1
		c <- true
	}()
	if y == 0 && x == 1 { // want `x read while the goroutine that writes it may still run`
		fmt.Println("maybe")
	}
	<-c
}

func shortCircuitBoth() {
	c := make(chan bool)
	x, y := 0, 0
	go func() {
		x = 1
		y = 1
		c <- true
	}()
	if y == 1 && x == 1 { // want `y read while the goroutine that writes it may still run`
		fmt.Println("maybe")
	}
	<-c
}

// Joins through an interface whose value holds one concrete type: the
// method is the one that runs.
type Task interface {
	Finish()
	Wait()
}

type chanTask struct{ done chan struct{} }

func newChanTask() Task { return &chanTask{done: make(chan struct{})} }

func (t *chanTask) Finish() { close(t.done) }
func (t *chanTask) Wait()   { <-t.done } // want Wait:"syncs"

func joinThroughInterface() int {
	t := newChanTask()
	result := 0
	go func() {
		result = 1
		t.Finish()
	}()
	t.Wait()
	return result
}

// A Wait that waits for nothing joins nothing.
type noopTask struct{}

func newNoopTask() Task { return noopTask{} }

func (noopTask) Finish() {}
func (noopTask) Wait()   {}

func noJoinThroughInterface() int {
	t := newNoopTask()
	result := 0
	go func() {
		result = 1
		t.Finish()
	}()
	t.Wait()
	return result // want `result read while the goroutine that writes it may still run`
}

// Gates through helpers that take the channel as a parameter: the
// spawner lets the goroutine go before the read, so the write may run
// alongside it.
func waitOn(ch chan struct{}) { <-ch }

func closeIt(ch chan struct{}) { close(ch) }

func gateByParam() int {
	ch := make(chan struct{})
	done := make(chan struct{})
	x := 0
	go func() {
		waitOn(ch)
		x = 1
		close(done)
	}()
	close(ch)
	v := x // want `x read while the goroutine that writes it may still run`
	<-done
	return v
}

func releaseByParam() int {
	ch := make(chan struct{})
	done := make(chan struct{})
	x := 0
	go func() {
		<-ch
		x = 1
		close(done)
	}()
	closeIt(ch)
	v := x // want `x read while the goroutine that writes it may still run`
	<-done
	return v
}

// ok: the same gate, let go only after the read.
func releaseByParamAfter() int {
	ch := make(chan struct{})
	done := make(chan struct{})
	x := 0
	go func() {
		<-ch
		x = 1
		close(done)
	}()
	v := x
	closeIt(ch)
	<-done
	return v + x
}
