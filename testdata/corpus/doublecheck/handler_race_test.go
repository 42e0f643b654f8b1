//go:build corpusrace

package doublecheck

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func serve(h http.Handler, target string) {
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target, nil))
}

func TestBug_HandlerLazyTemplate(t *testing.T) {
	for range rounds {
		h := &StatusHandler{Name: "billing"}
		fanout(3, func() { serve(h, "/status") })
	}
}

func TestOK_HandlerInitInConstructor(t *testing.T) {
	for range rounds {
		h := NewHealthHandler("billing")
		fanout(3, func() { serve(h, "/healthz") })
	}
}

func TestBug_HandlerETagPrecheck(t *testing.T) {
	for range rounds {
		f := &StaticFile{Body: []byte("body{margin:0}"), Type: "text/css"}
		fanout(3, func() { serve(f, "/app.css") })
	}
}

func TestOK_HandlerOnceInit(t *testing.T) {
	docs := map[string]string{"a": "Go memory model", "b": "the race detector"}
	for range rounds {
		h := &IndexHandler{Docs: docs}
		fanout(3, func() { serve(h, "/search?q=race") })
	}
}
