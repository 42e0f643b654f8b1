package afterstore

import (
	"slices"
	"sync/atomic"
	"time"
)

// Editor stages changes to a Config and publishes them. Live is safe for
// concurrent use; the other methods belong to a single admin goroutine.
type Editor struct {
	live  atomic.Pointer[Config]
	draft *Config // private to the admin goroutine
}

// NewEditor starts from c, which becomes the live config.
func NewEditor(c *Config) *Editor {
	e := &Editor{draft: c.clone()}
	e.draft.Version++
	e.live.Store(c)
	return e
}

// Live returns the published config.
func (e *Editor) Live() *Config { return e.live.Load() }

// SetTimeout changes the draft.
func (e *Editor) SetTimeout(d time.Duration) { e.draft.Timeout = d }

// Publish makes the draft live and starts the next draft from a copy of it.
// Correct: after the rebinding, draft names a private copy.
func (e *Editor) Publish() {
	e.live.Store(e.draft)
	e.draft = e.draft.clone()
	e.draft.Version++ // ok:afterstore DraftRebind
}

// View is an immutable membership view.
type View struct {
	Epoch   int
	Members []string
}

// Membership collects joins and publishes immutable views of the member
// list. Join and Commit belong to one goroutine; Has is safe for concurrent
// use.
type Membership struct {
	pending View // private to the writer
	view    atomic.Pointer[View]
}

// NewMembership starts with an empty published view.
func NewMembership() *Membership {
	m := &Membership{}
	m.view.Store(&View{})
	m.pending.Epoch = 1
	return m
}

// Join adds name to the pending view.
func (m *Membership) Join(name string) {
	m.pending.Members = append(m.pending.Members, name)
}

// Commit publishes a copy of the pending view and opens the next epoch.
// Correct: only the copy is shared; pending stays private.
func (m *Membership) Commit() {
	m.view.Store(&View{Epoch: m.pending.Epoch, Members: slices.Clone(m.pending.Members)})
	m.pending.Epoch++ // ok:afterstore CommitClonePending
}

// Epoch returns the epoch of the published view.
func (m *Membership) Epoch() int { return m.view.Load().Epoch }

// Has reports whether name is in the published view.
func (m *Membership) Has(name string) bool {
	return slices.Contains(m.view.Load().Members, name)
}
