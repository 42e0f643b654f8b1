package spinwait

import (
	"errors"
	"strings"
	"time"
)

type message struct {
	body string
	stop bool
}

// Actor handles messages one at a time on the goroutine that calls Run.
type Actor struct {
	inbox  chan message
	closed bool
}

// NewActor returns an actor with a buffered inbox.
func NewActor() *Actor { return &Actor{inbox: make(chan message, 16)} }

// Send queues a message.
func (a *Actor) Send(body string) { a.inbox <- message{body: body} }

// Shutdown asks Run to return after the queued messages.
func (a *Actor) Shutdown() { a.inbox <- message{stop: true} }

// Run handles messages until Shutdown. Correct: closed is written only by
// Run itself, when it receives the stop message.
func (a *Actor) Run(handle func(string)) {
	for !a.closed { // ok:spinwait OwnLoopFlag
		m := <-a.inbox
		if m.stop {
			a.closed = true
			continue
		}
		handle(m.body)
	}
}

const (
	lexText = iota
	lexWord
	lexDone
)

// Lexer splits text into words. A Lexer is used by one goroutine.
type Lexer struct {
	src   string
	pos   int
	state int
	toks  []string
}

// NewLexer returns a lexer over src.
func NewLexer(src string) *Lexer { return &Lexer{src: src} }

func (l *Lexer) step() {
	switch l.state {
	case lexText:
		for l.pos < len(l.src) && l.src[l.pos] == ' ' {
			l.pos++
		}
		if l.pos == len(l.src) {
			l.state = lexDone
		} else {
			l.state = lexWord
		}
	case lexWord:
		end := strings.IndexByte(l.src[l.pos:], ' ')
		if end < 0 {
			end = len(l.src) - l.pos
		}
		l.toks = append(l.toks, l.src[l.pos:l.pos+end])
		l.pos += end
		l.state = lexText
	}
}

// Run returns the words. Correct: state is advanced by step on the same
// goroutine that polls it.
func (l *Lexer) Run() []string {
	for l.state != lexDone { // ok:spinwait StateMachine
		l.step()
	}
	return l.toks
}

// ErrGaveUp is returned by Retry.Do when every attempt failed.
var ErrGaveUp = errors.New("spinwait: gave up")

// Retry runs an operation until it succeeds. A Retry holds per-call state
// and is not shared between goroutines.
type Retry struct {
	Max     int
	Delay   time.Duration
	attempt int
}

// Do calls fn until it succeeds or Max attempts failed. Correct: attempt is
// written by the loop itself, on the caller's goroutine.
func (r *Retry) Do(fn func(attempt int) error) error {
	for r.attempt = 0; r.attempt < r.Max; r.attempt++ { // ok:spinwait CounterLoop
		if err := fn(r.attempt); err == nil {
			return nil
		}
		time.Sleep(r.Delay)
	}
	return ErrGaveUp
}
