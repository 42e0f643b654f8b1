package spinwait

import (
	"time"
)

// Heartbeat sends a beat on every tick until stopped.
type Heartbeat struct {
	ticker *time.Ticker
	send   func()
	stop   bool
}

// NewHeartbeat returns a heartbeat; call Run in its own goroutine.
func NewHeartbeat(every time.Duration, send func()) *Heartbeat {
	return &Heartbeat{ticker: time.NewTicker(every), send: send}
}

// Run beats until Stop.
//
// Bug: receiving from the ticker does not synchronize with Stop, so the
// plain stop flag is polled without any edge.
func (h *Heartbeat) Run() {
	defer h.ticker.Stop()
	for !h.stop { // want:spinwait TickerLoop
		<-h.ticker.C
		h.send()
	}
}

// Stop asks Run to return after the current tick.
func (h *Heartbeat) Stop() { h.stop = true }

// Monitor records when a peer was last heard from.
type Monitor struct {
	lastBeat time.Time
}

// Beat is called by the receive goroutine for each heartbeat.
func (m *Monitor) Beat(at time.Time) { m.lastBeat = at }

// AwaitFirst waits until the peer was heard from once.
//
// Bug: IsZero reads a copy of the plain lastBeat field that Beat writes in
// another goroutine.
func (m *Monitor) AwaitFirst(poll time.Duration) time.Time {
	for m.lastBeat.IsZero() { // want:spinwait TimeZeroPoll
		time.Sleep(poll)
	}
	return m.lastBeat
}
