package doublecheck

import (
	"sync"
	"sync/atomic"
)

// Client is an expensive-to-build API client.
type Client struct {
	endpoint string
	headers  map[string]string
}

func newClient(endpoint string) *Client {
	return &Client{
		endpoint: endpoint,
		headers:  map[string]string{"User-Agent": "doublecheck/1.0"},
	}
}

// ClientProvider builds its client on first use; Get may be called from
// any goroutine.
type ClientProvider struct {
	endpoint string
	mu       sync.Mutex
	inst     *Client
}

// NewClientProvider returns a provider for endpoint.
func NewClientProvider(endpoint string) *ClientProvider {
	return &ClientProvider{endpoint: endpoint}
}

// Get returns the client, building it on first use.
// Bug: double-checked locking on a plain pointer; a caller that sees it set
// skips the lock and is not ordered after the client's construction.
func (p *ClientProvider) Get() *Client {
	if p.inst == nil { // want:doublecheck DoubleCheckedInst
		p.mu.Lock()
		if p.inst == nil {
			p.inst = newClient(p.endpoint)
		}
		p.mu.Unlock()
	}
	return p.inst
}

// SessionProvider is ClientProvider with the check under the lock.
type SessionProvider struct {
	endpoint string
	mu       sync.Mutex
	inst     *Client
}

// NewSessionProvider returns a provider for endpoint.
func NewSessionProvider(endpoint string) *SessionProvider {
	return &SessionProvider{endpoint: endpoint}
}

// Get returns the client, building it on first use.
// Look-alike: the nil check is made while holding the lock.
func (p *SessionProvider) Get() *Client {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inst == nil { // ok:doublecheck CheckUnderLock
		p.inst = newClient(p.endpoint)
	}
	return p.inst
}

// StubProvider is ClientProvider with the fast path on an atomic.Pointer.
type StubProvider struct {
	endpoint string
	mu       sync.Mutex
	inst     atomic.Pointer[Client]
}

// NewStubProvider returns a provider for endpoint.
func NewStubProvider(endpoint string) *StubProvider {
	return &StubProvider{endpoint: endpoint}
}

// Get returns the client, building it on first use.
// Look-alike: the fast-path load is atomic and the client is fully built
// before the store that publishes it.
func (p *StubProvider) Get() *Client {
	if c := p.inst.Load(); c != nil { // ok:doublecheck AtomicPointerDoubleCheck
		return c
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.inst.Load()
	if c == nil {
		c = newClient(p.endpoint)
		p.inst.Store(c)
	}
	return c
}
