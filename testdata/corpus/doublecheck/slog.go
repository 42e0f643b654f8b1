package doublecheck

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"sync"
)

func appendAttr(buf []byte, a slog.Attr) []byte {
	buf = append(buf, ' ')
	buf = append(buf, a.Key...)
	buf = append(buf, '=')
	return strconv.AppendQuote(buf, a.Value.String())
}

func renderAttrs(attrs []slog.Attr) []byte {
	b := []byte{}
	for _, a := range attrs {
		b = appendAttr(b, a)
	}
	return b
}

// LineHandler is a slog.Handler writing one line per record. slog calls
// Handle concurrently from every logging goroutine.
type LineHandler struct {
	mu     *sync.Mutex
	w      io.Writer
	level  slog.Leveler
	attrs  []slog.Attr
	prefix []byte // rendered attrs, filled in by the first Handle
}

// NewLineHandler returns a handler writing records at or above level to w.
func NewLineHandler(w io.Writer, level slog.Leveler) *LineHandler {
	return &LineHandler{mu: new(sync.Mutex), w: w, level: level}
}

// Enabled implements slog.Handler.
func (h *LineHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

// WithAttrs implements slog.Handler.
func (h *LineHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &LineHandler{mu: h.mu, w: h.w, level: h.level, attrs: append(slices.Clip(h.attrs), attrs...)}
}

// WithGroup implements slog.Handler; groups are flattened.
func (h *LineHandler) WithGroup(string) slog.Handler { return h }

// Handle implements slog.Handler.
// Bug: the attribute prefix is rendered lazily with no synchronization.
func (h *LineHandler) Handle(_ context.Context, r slog.Record) error {
	if h.prefix == nil { // want:doublecheck SlogHandlerLazy
		h.prefix = renderAttrs(h.attrs)
	}
	buf := make([]byte, 0, 128)
	buf = append(buf, r.Level.String()...)
	buf = append(buf, ' ')
	buf = append(buf, r.Message...)
	buf = append(buf, h.prefix...)
	r.Attrs(func(a slog.Attr) bool {
		buf = appendAttr(buf, a)
		return true
	})
	buf = append(buf, '\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := h.w.Write(buf)
	return err
}

// KVHandler is LineHandler with the prefix rendered when the handler is
// created.
type KVHandler struct {
	mu     *sync.Mutex
	w      io.Writer
	level  slog.Leveler
	attrs  []slog.Attr
	prefix []byte
}

// NewKVHandler returns a handler writing records at or above level to w.
func NewKVHandler(w io.Writer, level slog.Leveler) *KVHandler {
	return &KVHandler{mu: new(sync.Mutex), w: w, level: level}
}

// Enabled implements slog.Handler.
func (h *KVHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

// WithAttrs implements slog.Handler; it renders the prefix of the new
// handler before returning it.
func (h *KVHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	all := append(slices.Clip(h.attrs), attrs...)
	return &KVHandler{mu: h.mu, w: h.w, level: h.level, attrs: all, prefix: renderAttrs(all)}
}

// WithGroup implements slog.Handler; groups are flattened.
func (h *KVHandler) WithGroup(string) slog.Handler { return h }

// Handle implements slog.Handler.
// Look-alike: prefix is only read; it was written before the handler was
// returned.
func (h *KVHandler) Handle(_ context.Context, r slog.Record) error {
	buf := make([]byte, 0, 128)
	buf = append(buf, r.Level.String()...)
	buf = append(buf, ' ')
	buf = append(buf, r.Message...)
	if len(h.prefix) > 0 { // ok:doublecheck SlogHandlerPrecomputed
		buf = append(buf, h.prefix...)
	}
	r.Attrs(func(a slog.Attr) bool {
		buf = appendAttr(buf, a)
		return true
	})
	buf = append(buf, '\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := h.w.Write(buf)
	return err
}
