package doublecheck

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"sync"
)

const statusPage = `<h1>{{.Name}}</h1><p>{{.Status}}</p>`

type statusData struct {
	Name   string
	Status string
}

// StatusHandler renders a status page. The server calls ServeHTTP from a
// goroutine per request.
type StatusHandler struct {
	Name string
	tmpl *template.Template
}

// ServeHTTP renders the page.
// Bug: lazy initialization with no synchronization in a method the server
// calls concurrently.
func (h *StatusHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.tmpl == nil { // want:doublecheck HandlerLazyTemplate
		h.tmpl = template.Must(template.New("status").Parse(statusPage))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = h.tmpl.Execute(w, statusData{Name: h.Name, Status: "ok"})
}

// HealthHandler is StatusHandler with the template parsed by its
// constructor.
type HealthHandler struct {
	name string
	tmpl *template.Template
}

// NewHealthHandler returns a handler for the named service.
func NewHealthHandler(name string) *HealthHandler {
	return &HealthHandler{
		name: name,
		tmpl: template.Must(template.New("health").Parse(statusPage)),
	}
}

// ServeHTTP renders the page.
// Look-alike: tmpl is only read here; it was written before the handler
// was handed to the server.
func (h *HealthHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.tmpl == nil { // ok:doublecheck HandlerInitInConstructor
		http.Error(w, "handler not configured", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = h.tmpl.Execute(w, statusData{Name: h.name, Status: "ok"})
}

// StaticFile serves an in-memory asset with an ETag computed on first
// request.
type StaticFile struct {
	Body []byte
	Type string
	mu   sync.Mutex
	etag string
}

func computeETag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// ServeHTTP writes the asset.
// Bug: the etag is checked, and later read, without the lock its write
// holds.
func (f *StaticFile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.etag == "" { // want:doublecheck HandlerETagPrecheck
		f.mu.Lock()
		f.etag = computeETag(f.Body)
		f.mu.Unlock()
	}
	w.Header().Set("ETag", f.etag)
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", f.Type)
	_, _ = w.Write(f.Body)
}

// IndexHandler lists documents by keyword; the index is built on the
// first request.
type IndexHandler struct {
	Docs map[string]string // name -> text
	once sync.Once
	idx  map[string][]string
}

func (h *IndexHandler) build() {
	idx := make(map[string][]string)
	for name, text := range h.Docs {
		for _, w := range strings.Fields(strings.ToLower(text)) {
			idx[w] = append(idx[w], name)
		}
	}
	for _, names := range idx {
		sort.Strings(names)
	}
	h.idx = idx
}

// ServeHTTP writes the documents containing the word in ?q=.
// Look-alike: the lazy check runs inside once.Do, which every request
// calls.
func (h *IndexHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(func() {
		if h.idx == nil { // ok:doublecheck HandlerOnceInit
			h.build()
		}
	})
	q := strings.ToLower(r.URL.Query().Get("q"))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	for _, name := range h.idx[q] {
		_, _ = w.Write([]byte(name + "\n"))
	}
}
