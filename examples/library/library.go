// Package library is library code with four publication bugs and no go
// statement: its callers start the goroutines. pubcheck reports each from
// the evidence in the code itself.
package library

import (
	"net/http"
	"sync/atomic"
	"text/template"
	"time"
)

// Metrics counts requests atomically and reads the count plainly.
type Metrics struct{ requests int64 }

func (m *Metrics) Inc() { atomic.AddInt64(&m.requests, 1) }

func (m *Metrics) Snapshot() int64 { return m.requests }

// Worker polls a plain field that Stop sets.
type Worker struct{ stopped bool }

func (w *Worker) Run() {
	for !w.stopped {
		time.Sleep(time.Millisecond)
	}
}

func (w *Worker) Stop() { w.stopped = true }

// Page renders a template it parses on first use; ServeHTTP runs
// concurrently with itself.
type Page struct{ tmpl *template.Template }

func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.tmpl == nil {
		p.tmpl = template.Must(template.New("page").Parse("hello"))
	}
	p.tmpl.Execute(w, nil)
}

// Task runs once and closes done; Err does not wait for it.
type Task struct {
	done chan struct{}
	err  error
}

func (t *Task) Run(f func() error) {
	t.err = f()
	close(t.done)
}

func (t *Task) Err() error { return t.err }
