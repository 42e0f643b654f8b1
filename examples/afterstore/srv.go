// Package afterstore mutates a config after publishing it: pubcheck reports it.
package afterstore

import "sync/atomic"

type Config struct{ Timeout int }

type Server struct{ cur atomic.Pointer[Config] }

func (s *Server) Timeout() int { return s.cur.Load().Timeout }

func (s *Server) Reload() {
	cfg := &Config{Timeout: 1}
	s.cur.Store(cfg)
	cfg.Timeout = 5
}
