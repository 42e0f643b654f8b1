package flagdata

import "strings"

// Request is an immutable outgoing request.
type Request struct {
	Method  string
	Path    string
	Headers []string
}

// RequestBuilder assembles a Request. A builder belongs to the goroutine
// that created it; the Requests it builds may be shared.
type RequestBuilder struct {
	method  string
	path    string
	headers []string
	sealed  bool
}

// NewRequestBuilder starts a request.
func NewRequestBuilder(method, path string) *RequestBuilder {
	return &RequestBuilder{method: method, path: path}
}

// Header adds a header; it panics after Build.
func (b *RequestBuilder) Header(k, v string) *RequestBuilder {
	if b.sealed {
		panic("flagdata: Header after Build")
	}
	b.headers = append(b.headers, k+": "+v)
	return b
}

// Build returns the request. Correct: sealed is read and written only by
// the goroutine that owns the builder.
func (b *RequestBuilder) Build() Request {
	req := Request{Method: b.method, Path: b.path, Headers: append([]string(nil), b.headers...)}
	b.sealed = true // ok:flagdata BuilderSealed
	return req
}

// Pool is a fixed set of connection slots.
type Pool struct {
	names []string
	slots []int
	ready bool
}

// NewPool returns a pool of size slots. Correct: ready is set before the
// pool is returned, so before any other goroutine can reach it.
func NewPool(prefix string, size int) *Pool {
	p := &Pool{names: make([]string, size), slots: make([]int, size)}
	for i := range p.names {
		p.names[i] = prefix + strings.Repeat("#", i%3)
	}
	p.ready = true // ok:flagdata ConstructorFlag
	return p
}

// Name returns the name of slot i.
func (p *Pool) Name(i int) string {
	if !p.ready || i >= len(p.names) {
		return ""
	}
	return p.names[i]
}
