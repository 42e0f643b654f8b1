//go:build corpusrace

package doublecheck

import (
	"io"
	"log/slog"
	"testing"
)

func TestBug_SlogHandlerLazy(t *testing.T) {
	for range rounds {
		log := slog.New(NewLineHandler(io.Discard, slog.LevelInfo)).With("svc", "billing")
		fanout(3, func() { log.Info("request", "status", 200) })
	}
}

func TestOK_SlogHandlerPrecomputed(t *testing.T) {
	for range rounds {
		log := slog.New(NewKVHandler(io.Discard, slog.LevelInfo)).With("svc", "billing")
		fanout(3, func() { log.Info("request", "status", 200) })
	}
}
