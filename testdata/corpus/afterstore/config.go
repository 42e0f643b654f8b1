// Package afterstore holds library code that publishes values through atomics,
// sync.Map and channels, some of it changing a value after handing it over.
package afterstore

import (
	"maps"
	"slices"
	"sync/atomic"
	"time"
)

// Config is the server configuration. Request handlers read it through
// Server.Get on every request and must treat it as immutable.
type Config struct {
	Version int
	Timeout time.Duration
	Hosts   []string
	Limits  map[string]int
}

func (c *Config) clone() *Config {
	n := *c
	n.Hosts = slices.Clone(c.Hosts)
	n.Limits = maps.Clone(c.Limits)
	return &n
}

const defaultTimeout = 30 * time.Second

// Server holds the live configuration. Get is safe for concurrent use; the
// admin methods (Reload, Join, SetLimit, ...) are called by one admin
// goroutine at a time.
type Server struct {
	self string
	cur  atomic.Pointer[Config]
}

// NewServer returns a Server that identifies itself as self and starts with c.
func NewServer(self string, c *Config) *Server {
	s := &Server{self: self}
	s.cur.Store(c)
	return s
}

// Get returns the live configuration.
func (s *Server) Get() *Config { return s.cur.Load() }

// Deadline is the request deadline for a request that starts at now.
func (s *Server) Deadline(now time.Time) time.Time {
	return now.Add(s.Get().Timeout)
}

// Peer returns the n-th peer host, round robin.
func (s *Server) Peer(n int) string {
	hosts := s.Get().Hosts
	if len(hosts) == 0 {
		return ""
	}
	return hosts[n%len(hosts)]
}

// Limit returns the named limit, 0 if unset.
func (s *Server) Limit(name string) int {
	return s.Get().Limits[name]
}

// Version returns the version of the live configuration.
func (s *Server) Version() int { return s.Get().Version }

// Reload installs c and fills in the default timeout.
// Bug: the default is written after c is visible to Get.
func (s *Server) Reload(c *Config) {
	s.cur.Store(c)
	if c.Timeout == 0 {
		c.Timeout = defaultTimeout // want:afterstore ReloadDefaultTimeout
	}
}

// Apply is Reload done right: defaults are filled in before c is installed.
func (s *Server) Apply(c *Config) {
	if c.Timeout == 0 {
		c.Timeout = defaultTimeout // ok:afterstore DefaultsBeforeStore
	}
	s.cur.Store(c)
}

// Join installs c and makes sure this server is listed among the hosts.
// Bug: Hosts is reassigned after c is visible to Peer.
func (s *Server) Join(c *Config) {
	s.cur.Store(c)
	if !slices.Contains(c.Hosts, s.self) {
		c.Hosts = append(c.Hosts, s.self) // want:afterstore ReloadAppendSelf
	}
}

// ReloadWithBurst installs c and then records the burst limit in it.
// Bug: the map write races with Limit's map read.
func (s *Server) ReloadWithBurst(c *Config, burst int) {
	s.cur.Store(c)
	c.Limits["burst"] = burst // want:afterstore ReloadLimitsMap
}

// SetLimit changes one limit by publishing a modified copy: the live map is
// never written.
func (s *Server) SetLimit(name string, n int) {
	next := s.Get().clone()
	next.Limits[name] = n // ok:afterstore CloneThenSetLimit
	s.cur.Store(next)
}

func (s *Server) publish(c *Config) { s.cur.Store(c) }

// Rollout publishes c, which the caller derived from the live config, and
// bumps its version. Bug: the bump happens after publish made c visible.
func (s *Server) Rollout(c *Config) {
	s.publish(c)
	c.Version++ // want:afterstore PublishHelperBump
}

// Promote bumps the version of c, then publishes it.
func (s *Server) Promote(c *Config) {
	c.Version++ // ok:afterstore BumpBeforePublish
	s.publish(c)
}
