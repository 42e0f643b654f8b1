package library

import "context"

// Joins made by the callers: an unexported method that reads what a
// goroutine body writes runs after the join when every call of it comes
// after one (the gRPC ext_proc shape: each caller first waits for the
// dataplane stream, then calls initiateResponseTrailerProcessing, which
// reads it).

type dialed struct{ trailer []string }

// ok: both callers wait for dialing to end before calling finish.
type Dialer struct {
	ready    chan struct{}
	conn     *dialed
	trailers []string
}

func (d *Dialer) Dial() { // want Dial:"mutates\\(d\\)"
	defer close(d.ready)
	d.conn = &dialed{}
}

func (d *Dialer) wait(ctx context.Context) (*dialed, error) {
	select {
	case <-d.ready:
		return d.conn, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (d *Dialer) finish() { d.trailers = d.conn.trailer }

func (d *Dialer) Recv(ctx context.Context) error { // want Recv:"syncs"
	if _, err := d.wait(ctx); err != nil {
		return err
	}
	d.finish()
	return nil
}

func (d *Dialer) Trailer(ctx context.Context) []string { // want Trailer:"syncs"
	if _, err := d.wait(ctx); err != nil {
		return nil
	}
	d.finish()
	return d.trailers
}

// The same finish, also called by Close, which does not wait.
type Dialer2 struct {
	ready    chan struct{}
	conn     *dialed
	trailers []string
}

func (d *Dialer2) Dial() { // want Dial:"mutates\\(d\\)"
	defer close(d.ready)
	d.conn = &dialed{}
}

func (d *Dialer2) wait(ctx context.Context) (*dialed, error) {
	select {
	case <-d.ready:
		return d.conn, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (d *Dialer2) finish() {
	d.trailers = d.conn.trailer // want `d\.conn read while Dialer2\.Dial may still write it \(nothing orders its write before this read: wait for <-d\.ready first\)`
}

func (d *Dialer2) Trailer(ctx context.Context) []string { // want Trailer:"syncs"
	if _, err := d.wait(ctx); err != nil {
		return nil
	}
	d.finish()
	return d.trailers
}

func (d *Dialer2) Close() { d.finish() } // want Close:"mutates\\(d\\)"

// An exported Finish: other packages may call it without waiting.
type Dialer3 struct {
	ready    chan struct{}
	conn     *dialed
	trailers []string
}

func (d *Dialer3) Dial() { // want Dial:"mutates\\(d\\)"
	defer close(d.ready)
	d.conn = &dialed{}
}

func (d *Dialer3) wait(ctx context.Context) (*dialed, error) {
	select {
	case <-d.ready:
		return d.conn, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (d *Dialer3) Finish() { // want Finish:"mutates\\(d\\)"
	d.trailers = d.conn.trailer // want `d\.conn read while Dialer3\.Dial may still write it`
}

func (d *Dialer3) Trailer(ctx context.Context) []string { // want Trailer:"syncs"
	if _, err := d.wait(ctx); err != nil {
		return nil
	}
	d.Finish()
	return d.trailers
}

// ok: finish is called by drain, and every call of drain comes after the
// wait: the join is two calls up.
type DialerUp struct {
	ready    chan struct{}
	conn     *dialed
	trailers []string
}

func (d *DialerUp) Dial() { // want Dial:"mutates\\(d\\)"
	defer close(d.ready)
	d.conn = &dialed{}
}

func (d *DialerUp) wait(ctx context.Context) error {
	select {
	case <-d.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (d *DialerUp) finish() { d.trailers = d.conn.trailer }

func (d *DialerUp) drain() { d.finish() }

func (d *DialerUp) Recv(ctx context.Context) error { // want Recv:"syncs"
	if err := d.wait(ctx); err != nil {
		return err
	}
	d.drain()
	return nil
}

func (d *DialerUp) Close(ctx context.Context) { // want Close:"syncs"
	if d.wait(ctx) == nil {
		d.drain()
	}
}

// ok: Close does not call the helper that waits but receives from ready
// itself before calling finish.
type DialerRecv struct {
	ready    chan struct{}
	conn     *dialed
	trailers []string
}

func (d *DialerRecv) Dial() { // want Dial:"mutates\\(d\\)"
	defer close(d.ready)
	d.conn = &dialed{}
}

func (d *DialerRecv) finish() { d.trailers = d.conn.trailer }

func (d *DialerRecv) Close() { // want Close:"syncs"
	<-d.ready
	d.finish()
}
