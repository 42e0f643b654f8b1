package afterstore

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Handler serves one route pattern.
type Handler struct {
	Pattern string
	Fn      func(string) string
	id      int64
}

// Mux routes requests to registered handlers. All methods are safe for
// concurrent use.
type Mux struct {
	routes sync.Map // pattern -> *Handler
	seq    atomic.Int64
}

// Handle registers h and numbers it.
// Bug: the id is assigned after Store made h visible to ID.
func (m *Mux) Handle(h *Handler) {
	m.routes.Store(h.Pattern, h)
	h.id = m.seq.Add(1) // want:afterstore RegisterAssignID
}

// HandleFunc builds, numbers and then registers a handler for fn.
func (m *Mux) HandleFunc(pattern string, fn func(string) string) {
	h := &Handler{Pattern: pattern, Fn: fn}
	h.id = m.seq.Add(1) // ok:afterstore RegisterIDBeforeStore
	m.routes.Store(pattern, h)
}

// ID returns the number of the handler registered for pattern.
func (m *Mux) ID(pattern string) (int64, bool) {
	v, ok := m.routes.Load(pattern)
	if !ok {
		return 0, false
	}
	return v.(*Handler).id, true
}

// Session is a logged-in user session.
type Session struct {
	ID      string
	User    string
	Expires time.Time
}

// SessionStore keeps sessions by id. All methods are safe for concurrent use.
type SessionStore struct {
	ttl time.Duration
	m   sync.Map // id -> *Session
}

// NewSessionStore returns a store whose sessions live for ttl.
func NewSessionStore(ttl time.Duration) *SessionStore {
	return &SessionStore{ttl: ttl}
}

// Start registers sess, valid for the store's ttl from now.
// Bug: Expires is written after Valid can load sess.
func (s *SessionStore) Start(sess *Session, now time.Time) {
	s.m.Store(sess.ID, sess)
	sess.Expires = now.Add(s.ttl) // want:afterstore SessionExpiry
}

// Resume registers sess with its expiry already set.
func (s *SessionStore) Resume(sess *Session, now time.Time) {
	sess.Expires = now.Add(s.ttl) // ok:afterstore SessionExpiryBeforeStore
	s.m.Store(sess.ID, sess)
}

// Exists reports whether session id was started.
func (s *SessionStore) Exists(id string) bool {
	_, ok := s.m.Load(id)
	return ok
}

// Valid reports whether session id exists and has not expired at now.
func (s *SessionStore) Valid(id string, now time.Time) bool {
	v, ok := s.m.Load(id)
	return ok && now.Before(v.(*Session).Expires)
}

// ACL grants roles to users. The role list of a user is kept sorted.
type ACL struct {
	grants sync.Map // user -> sorted []string
}

// Grant sets the roles of user.
// Bug: the slice is sorted in place after Allowed can read it.
func (a *ACL) Grant(user string, roles []string) {
	a.grants.Store(user, roles)
	slices.Sort(roles) // want:afterstore StoreSortRoles
}

// GrantCopy sets the roles of user from a sorted private copy of roles.
func (a *ACL) GrantCopy(user string, roles []string) {
	rs := slices.Clone(roles)
	slices.Sort(rs) // ok:afterstore SortBeforeStore
	a.grants.Store(user, rs)
}

// Known reports whether user has any grant.
func (a *ACL) Known(user string) bool {
	_, ok := a.grants.Load(user)
	return ok
}

// Allowed reports whether user has role.
func (a *ACL) Allowed(user, role string) bool {
	v, ok := a.grants.Load(user)
	if !ok {
		return false
	}
	_, found := slices.BinarySearch(v.([]string), role)
	return found
}

// User is a directory record.
type User struct {
	ID     string
	Name   string
	Synced bool // set once the directory holds a copy
}

// Directory keeps copies of user records. Lookup is safe for concurrent use.
type Directory struct {
	m sync.Map // id -> User (a copy)
}

// Put stores a copy of u and marks u as synced. Correct: the map holds its
// own copy, made when u was stored, so the caller's record stays private.
func (d *Directory) Put(u *User) {
	d.m.Store(u.ID, *u)
	u.Synced = true // ok:afterstore StoreStructCopy
}

// Lookup returns the stored record for id.
func (d *Directory) Lookup(id string) (User, bool) {
	v, ok := d.m.Load(id)
	if !ok {
		return User{}, false
	}
	return v.(User), true
}
