package flagdata

import (
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
)

// Status is the outcome of a call.
type Status struct {
	Code   int
	Reason string
}

// Call is an in-flight request. The transport goroutine calls Complete; the
// caller polls Response.
type Call struct {
	Method string
	header map[string]string
	body   []byte
	status *Status
}

// Complete records the response.
//
// Bug: status is the completion flag (nil until done), set by a plain write
// after body and header; Response may see it non-nil and an old body.
func (c *Call) Complete(code int, hdr map[string]string, body []byte) {
	c.header = hdr
	c.body = body
	c.status = &Status{Code: code, Reason: http.StatusText(code)} // want:flagdata PointerFlag
}

// Response returns the status code and body once the call completed.
func (c *Call) Response() (int, []byte, bool) {
	if c.status == nil {
		return 0, nil, false
	}
	return c.status.Code, c.body, true
}

// Exchange is a Call whose completion is an atomic pointer.
type Exchange struct {
	Method string
	body   []byte
	status atomic.Pointer[Status]
}

// Complete records the response. Correct: body is written before the
// Store, and Response reads it only after a Load that returned the status.
func (e *Exchange) Complete(code int, body []byte) {
	e.body = body
	e.status.Store(&Status{Code: code, Reason: http.StatusText(code)}) // ok:flagdata AtomicPointerFlag
}

// Response returns the status code and body once the exchange completed.
func (e *Exchange) Response() (int, []byte, bool) {
	st := e.status.Load()
	if st == nil {
		return 0, nil, false
	}
	return st.Code, e.body, true
}

// Logger writes prefixed lines to a sink attached after construction.
type Logger struct {
	prefix string
	level  int
	out    io.Writer
}

// Attach sets the sink.
//
// Bug: a nil out means "discard"; out is written plainly after prefix and
// level, so Printf may see the sink and the old prefix.
func (l *Logger) Attach(w io.Writer, prefix string, level int) {
	l.prefix = prefix
	l.level = level
	l.out = w // want:flagdata SinkPointerFlag
}

// Printf writes a line if a sink is attached.
func (l *Logger) Printf(level int, format string, args ...any) {
	if l.out != nil && level >= l.level {
		fmt.Fprintf(l.out, l.prefix+format+"\n", args...)
	}
}
