package doublecheck

import (
	"errors"
	"sync"
	"time"
)

type fieldEncoder struct {
	buf []byte
}

var fieldEncoders = sync.Pool{New: func() any { return new(fieldEncoder) }}

// EncodeFields renders key, value pairs as "key=value" separated by
// spaces. It is called concurrently by every logging goroutine.
// Look-alike: the lazily allocated buffer belongs to an encoder that
// sync.Pool hands to one caller at a time.
func EncodeFields(kv ...string) string {
	e := fieldEncoders.Get().(*fieldEncoder)
	if e.buf == nil { // ok:doublecheck PooledObjectLazyInit
		e.buf = make([]byte, 0, 256)
	}
	e.buf = e.buf[:0]
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			e.buf = append(e.buf, ' ')
		}
		e.buf = append(e.buf, kv[i]...)
		e.buf = append(e.buf, '=')
		e.buf = append(e.buf, kv[i+1]...)
	}
	s := string(e.buf)
	fieldEncoders.Put(e)
	return s
}

// Manifest lists the files of a release.
type Manifest struct {
	Version string
	Files   []string
}

// ManifestLoader fetches a manifest once in the background of its caller;
// readers block until it is available.
type ManifestLoader struct {
	ready chan struct{}
	data  *Manifest
	err   error
}

// NewManifestLoader returns a loader; Load must be called exactly once.
func NewManifestLoader() *ManifestLoader {
	return &ManifestLoader{ready: make(chan struct{})}
}

// Load runs fetch and releases the readers.
func (l *ManifestLoader) Load(fetch func() (*Manifest, error)) {
	l.data, l.err = fetch()
	if l.data == nil && l.err == nil {
		l.err = errors.New("doublecheck: empty manifest")
	}
	close(l.ready)
}

// Manifest waits for Load and returns its result.
// Look-alike: the check follows the receive from ready, which is ordered
// after Load's writes by the close.
func (l *ManifestLoader) Manifest() (*Manifest, error) {
	<-l.ready
	if l.data == nil { // ok:doublecheck CheckAfterReadyChan
		return nil, l.err
	}
	return l.data, nil
}

// Options configures an APIClient.
type Options struct {
	Timeout  time.Duration
	MaxConns int
}

// APIClient limits the number of concurrent calls to a backend.
type APIClient struct {
	opts     Options
	mu       sync.Mutex
	inflight int
}

// NewAPIClient returns a client, filling in defaults for zero options.
// Look-alike: the checks run on a fresh value before it is returned.
func NewAPIClient(opts Options) *APIClient {
	c := &APIClient{opts: opts}
	if c.opts.Timeout == 0 { // ok:doublecheck ConstructorDefaults
		c.opts.Timeout = 30 * time.Second
	}
	if c.opts.MaxConns == 0 {
		c.opts.MaxConns = 4
	}
	return c
}

// Acquire reserves a call slot and returns the call's timeout.
func (c *APIClient) Acquire() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight >= c.opts.MaxConns {
		return 0, false
	}
	c.inflight++
	return c.opts.Timeout, true
}

// Release frees a slot reserved by Acquire.
func (c *APIClient) Release() {
	c.mu.Lock()
	c.inflight--
	c.mu.Unlock()
}
