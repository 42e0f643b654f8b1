package mixedatomic

import (
	"sync"
	"sync/atomic"
)

// Init methods: an unexported method that writes plainly what other methods
// access atomically is part of construction when every call passes an
// object the caller has just made and not yet handed out.

// ok: the gRPC shape (writeQuota.init): both callers make the stream, set
// up another part of it (which lets nothing escape) and init its quota
// before returning it. init hands its receiver out (w.realReplenish) only
// after the write.
type quotaA struct {
	quota     int32
	ch        chan struct{}
	replenish func(n int32)
}

func (w *quotaA) init(sz int32) {
	w.quota = sz
	w.ch = make(chan struct{}, 1)
	w.replenish = w.realReplenish
}

func (w *quotaA) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

func (w *quotaA) realReplenish(n int32) { atomic.AddInt32(&w.quota, n) }

type bufA struct{ c chan int }

func (b *bufA) init() { b.c = make(chan int, 1) }

type streamA struct {
	id  int
	buf bufA
	wq  quotaA
}

func NewClientStreamA() *streamA {
	s := &streamA{id: 1}
	s.buf.init()
	s.wq.init(10)
	return s
}

func NewServerStreamA(id int) *streamA {
	s := &streamA{id: id}
	s.buf.init()
	s.wq.init(10)
	return s
}

func (s *streamA) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// The same init, also called on a stream another package passes in: that
// stream may be in use.
type quotaB struct{ quota int32 }

func (w *quotaB) init(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic but accessed with atomic\.AddInt32 elsewhere`
}

func (w *quotaB) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamB struct{ wq quotaB }

func NewStreamB() *streamB {
	s := &streamB{}
	s.wq.init(10)
	return s
}

func ResetB(s *streamB) { s.wq.init(10) }

func (s *streamB) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// ok: the stream passed in comes, at every call, from a function that has
// just made it.
type quotaB2 struct{ quota int32 }

func (w *quotaB2) init(sz int32) { w.quota = sz }

func (w *quotaB2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamB2 struct{ wq quotaB2 }

func NewStreamB2() *streamB2 {
	s := &streamB2{}
	setupB2(s)
	return s
}

func setupB2(s *streamB2) { s.wq.init(10) }

func (s *streamB2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// The same init, also called on the connection's current stream: a field
// of the receiver, which others may be using.
type quotaC struct{ quota int32 }

func (w *quotaC) init(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaC) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamC struct{ wq quotaC }

type ConnC struct{ cur *streamC }

func (c *ConnC) Open() { // want Open:"mutates\\(c\\)"
	s := &streamC{}
	s.wq.init(10)
	c.cur = s
}

func (c *ConnC) Restart() { c.cur.wq.init(10) }

func (c *ConnC) Write(n int32) bool { return c.cur.wq.get(n) } // want Write:"syncs"

// ok: a new stream initialized, then made current.
type quotaC2 struct{ quota int32 }

func (w *quotaC2) init(sz int32) { w.quota = sz }

func (w *quotaC2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamC2 struct{ wq quotaC2 }

type ConnC2 struct{ cur *streamC2 }

func (c *ConnC2) Open() { // want Open:"mutates\\(c\\)"
	s := &streamC2{}
	s.wq.init(10)
	c.cur = s
}

func (c *ConnC2) Write(n int32) bool { return c.cur.wq.get(n) } // want Write:"syncs"

// An exported Init: another package may call it on a quota in use, though
// this package only calls it on new ones.
type QuotaD struct{ quota int32 }

func (w *QuotaD) Init(sz int32) { // want Init:"mutates\\(w\\)"
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *QuotaD) Get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 } // want Get:"syncs"

func NewQuotaD() *QuotaD {
	w := &QuotaD{}
	w.Init(10)
	return w
}

// ok: the same, unexported.
type QuotaD2 struct{ quota int32 }

func (w *QuotaD2) init(sz int32) { w.quota = sz }

func (w *QuotaD2) Get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 } // want Get:"syncs"

func NewQuotaD2() *QuotaD2 {
	w := &QuotaD2{}
	w.init(10)
	return w
}

// init after the stream is in a package map, where any goroutine may find
// it.
type quotaE struct{ quota int32 }

func (w *quotaE) init(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaE) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamE struct{ wq quotaE }

var (
	streamsMu sync.Mutex
	streamsE  = map[int]*streamE{}
	streamsE2 = map[int]*streamE2{}
)

func OpenE(id int) { // want OpenE:"syncs"
	s := &streamE{}
	streamsMu.Lock()
	streamsE[id] = s
	streamsMu.Unlock()
	s.wq.init(10)
}

func (s *streamE) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// ok: init, then into the map.
type quotaE2 struct{ quota int32 }

func (w *quotaE2) init(sz int32) { w.quota = sz }

func (w *quotaE2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamE2 struct{ wq quotaE2 }

func OpenE2(id int) { // want OpenE2:"syncs"
	s := &streamE2{}
	s.wq.init(10)
	streamsMu.Lock()
	streamsE2[id] = s
	streamsMu.Unlock()
}

func (s *streamE2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// init after the stream is sent on a channel.
type quotaF struct{ quota int32 }

func (w *quotaF) init(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaF) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamF struct{ wq quotaF }

func OpenF(ch chan<- *streamF) { // want OpenF:"syncs"
	s := &streamF{}
	ch <- s
	s.wq.init(10) // want `s\.wq modified by s\.wq\.init\(10\) after s was sent on ch`
}

func (s *streamF) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// ok: init, then sent.
type quotaF2 struct{ quota int32 }

func (w *quotaF2) init(sz int32) { w.quota = sz }

func (w *quotaF2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamF2 struct{ wq quotaF2 }

func OpenF2(ch chan<- *streamF2) { // want OpenF2:"syncs"
	s := &streamF2{}
	s.wq.init(10)
	ch <- s
}

func (s *streamF2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// init after a goroutine that writes with the stream has started.
type quotaG struct{ quota int32 }

func (w *quotaG) init(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaG) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamG struct{ wq quotaG }

func (s *streamG) run() { s.wq.get(1) }

func OpenG() *streamG {
	s := &streamG{}
	go s.run()
	s.wq.init(10)
	return s
}

func (s *streamG) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// ok: init, then the goroutine.
type quotaG2 struct{ quota int32 }

func (w *quotaG2) init(sz int32) { w.quota = sz }

func (w *quotaG2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamG2 struct{ wq quotaG2 }

func (s *streamG2) run() { s.wq.get(1) }

func OpenG2() *streamG2 {
	s := &streamG2{}
	s.wq.init(10)
	go s.run()
	return s
}

func (s *streamG2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// init after the stream is passed to a function that keeps it.
type quotaH struct{ quota int32 }

func (w *quotaH) init(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaH) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamH struct {
	id int
	wq quotaH
}

var registered []*streamH

func register(s *streamH) {
	streamsMu.Lock()
	registered = append(registered, s)
	streamsMu.Unlock()
}

func OpenH() *streamH { // want OpenH:"syncs"
	s := &streamH{}
	register(s)
	s.wq.init(10)
	return s
}

func (s *streamH) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// ok: passed first to a function that only reads it.
type quotaH2 struct{ quota int32 }

func (w *quotaH2) init(sz int32) { w.quota = sz }

func (w *quotaH2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamH2 struct {
	id int
	wq quotaH2
}

func valid(s *streamH2) bool { return s.id >= 0 }

func OpenH2() *streamH2 {
	s := &streamH2{}
	if !valid(s) {
		return nil
	}
	s.wq.init(10)
	return s
}

func (s *streamH2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// init used as a method value: who calls it, on what, is not known.
type quotaI struct{ quota int32 }

func (w *quotaI) init(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaI) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamI struct{ wq quotaI }

func NewStreamI() *streamI {
	s := &streamI{}
	s.wq.init(10)
	return s
}

func (s *streamI) Initializer() func(int32) { return s.wq.init }

func (s *streamI) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// ok: the same, with a method of another name as the value.
type quotaI2 struct{ quota int32 }

func (w *quotaI2) init(sz int32) { w.quota = sz }

func (w *quotaI2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

func (w *quotaI2) reserve(sz int32) { atomic.AddInt32(&w.quota, -sz) }

type streamI2 struct{ wq quotaI2 }

func NewStreamI2() *streamI2 {
	s := &streamI2{}
	s.wq.init(10)
	return s
}

func (s *streamI2) Reserver() func(int32) { return s.wq.reserve }

func (s *streamI2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// The same, with setup also called through an interface of the package:
// on what, is not known. (Any interface call of a method of the package
// named setup counts.)
type setupper interface{ setup(sz int32) }

type quotaJ struct{ quota int32 }

func (w *quotaJ) setup(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaJ) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamJ struct{ wq quotaJ }

func NewStreamJ() *streamJ {
	s := &streamJ{}
	s.wq.setup(10)
	return s
}

func setupAll(qs []setupper) {
	for _, q := range qs {
		q.setup(10)
	}
}

func (s *streamJ) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

func (s *streamJ) Reset() { setupAll([]setupper{&s.wq}) }

// ok: the quota is used through an interface too, but init is not called
// through it.
type sizer interface{ size() int32 }

type quotaJ2 struct{ quota int32 }

func (w *quotaJ2) init(sz int32) { w.quota = sz }

func (w *quotaJ2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

func (w *quotaJ2) size() int32 { return atomic.LoadInt32(&w.quota) }

type streamJ2 struct{ wq quotaJ2 }

func NewStreamJ2() *streamJ2 {
	s := &streamJ2{}
	s.wq.init(10)
	return s
}

func sumSizes(qs []sizer) (n int32) {
	for _, q := range qs {
		n += q.size()
	}
	return n
}

func (s *streamJ2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

func (s *streamJ2) Size() int32 { return sumSizes([]sizer{&s.wq}) }

// ok: a new stream made and initialized on each turn of the loop, then
// published: the publication of one turn is not the next turn's stream.
type quotaK struct{ quota int32 }

func (w *quotaK) init(sz int32) { w.quota = sz }

func (w *quotaK) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamK struct{ wq quotaK }

func OpenAllK(ch chan<- *streamK, n int) { // want OpenAllK:"syncs"
	for range n {
		s := &streamK{}
		s.wq.init(10)
		ch <- s
	}
}

func (s *streamK) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// One stream made before the loop, sent on one turn and initialized again
// on the next.
type quotaK2 struct{ quota int32 }

func (w *quotaK2) init(sz int32) {
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaK2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamK2 struct{ wq quotaK2 }

func OpenAllK2(ch chan<- *streamK2, n int) { // want OpenAllK2:"syncs"
	s := &streamK2{}
	for range n {
		s.wq.init(10) // want `s\.wq modified by s\.wq\.init\(10\) after s was sent on ch`
		ch <- s
	}
}

func (s *streamK2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// init that hands its receiver out before the write.
type quotaM struct{ quota int32 }

var quotasM []*quotaM

func (w *quotaM) init(sz int32) {
	streamsMu.Lock()
	quotasM = append(quotasM, w)
	streamsMu.Unlock()
	w.quota = sz // want `w\.quota written without sync/atomic`
}

func (w *quotaM) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamM struct{ wq quotaM }

func NewStreamM() *streamM { // want NewStreamM:"syncs"
	s := &streamM{}
	s.wq.init(10)
	return s
}

func (s *streamM) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"

// ok: the write, then the receiver handed out.
type quotaM2 struct{ quota int32 }

var quotasM2 []*quotaM2

func (w *quotaM2) init(sz int32) {
	w.quota = sz
	streamsMu.Lock()
	quotasM2 = append(quotasM2, w)
	streamsMu.Unlock()
}

func (w *quotaM2) get(sz int32) bool { return atomic.AddInt32(&w.quota, -sz) >= 0 }

type streamM2 struct{ wq quotaM2 }

func NewStreamM2() *streamM2 { // want NewStreamM2:"syncs"
	s := &streamM2{}
	s.wq.init(10)
	return s
}

func (s *streamM2) Write(n int32) bool { return s.wq.get(n) } // want Write:"syncs"
