package demos

import (
	"fmt"
	"strings"
)

// A Rule is a sentence of the Go memory model (https://go.dev/ref/mem,
// version of June 6, 2022), or of the sync documentation where the memory
// model defers to it, quoted exactly.
type Rule struct {
	Name string // short name, for the thumbnails
	Text string // the sentence
}

// Rules are the sentences the diagrams quote, by key.
var Rules = map[string]Rule{
	"go": {"go statement",
		"The go statement that starts a new goroutine is synchronized before the start of the goroutine's execution."},
	"exit": {"goroutine exit",
		"The exit of a goroutine is not guaranteed to be synchronized before any event in the program."},
	"send": {"send before receive",
		"A send on a channel is synchronized before the completion of the corresponding receive from that channel."},
	"close": {"close before receive",
		"The closing of a channel is synchronized before a receive that returns a zero value because the channel is closed."},
	"mutex": {"Unlock before Lock",
		"For any sync.Mutex or sync.RWMutex variable l and n < m, call n of l.Unlock() is synchronized before call m of l.Lock() returns."},
	"once": {"once.Do",
		"The completion of a single call of f() from once.Do(f) is synchronized before the return of any call of once.Do(f)."},
	"atomic": {"atomic observed",
		"If the effect of an atomic operation A is observed by atomic operation B, then A is synchronized before B."},
	"wgGo": {"WaitGroup.Go (sync docs)",
		`In the terminology of the Go memory model, the return from f "synchronizes before" the return of any Wait call that it unblocks.`},
}

// A Diagram is the happens-before picture of one program: its goroutines,
// left to right, and the steps that matter, top to bottom. Within a lane
// the order is program order (sequenced before); across lanes only arrows
// order anything.
type Diagram struct {
	Lanes []string
	Steps []Step
}

// A StepKind says how a step is drawn.
type StepKind int

const (
	// Op is an operation in lane From: a note over that lane.
	Op StepKind = iota
	// Edge is a synchronized-before edge from the operation Code in lane
	// From to the operation Recv in lane To, labelled with Rule.
	Edge
	// NoEdge is where an edge would be needed and none exists: a dashed
	// arrow ending in a cross, labelled with why (Text), and with Rule if
	// the memory model says so in a sentence.
	NoEdge
	// Outcome is a note over all lanes: the data race, or what the edges
	// guarantee.
	Outcome
)

// A Step is one row of a diagram.
type Step struct {
	Kind     StepKind
	From, To string // lane names; Op and Outcome use From only if at all
	// Code is source text of the program, shown in the diagram. The demo
	// tests check that it appears in the program's main.go; "..." stands
	// for any text within the line.
	Code string
	Recv string // for Edge and NoEdge: the operation on the receiving side
	Text string // what the step means
	Rule string // key into Rules
	// Key marks an Op on the memory the demo is about: the racing
	// accesses in broken/, the same accesses, now ordered, in the fixes.
	// The thumbnails show only these.
	Key bool
	// Bad marks an Outcome that is a bug.
	Bad bool
	// Event says that Code names an event ("goroutine exits") rather than
	// source text.
	Event bool
}

// Diagrams holds the happens-before diagram of every program, by demo name
// and variant ("broken", "fixed", ...).
var Diagrams = map[string]map[string]Diagram{
	"flagdata": {
		"broken": {Lanes: []string{"main", "worker"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "worker", Code: "go worker(&got, &wg)", Recv: "worker starts", Rule: "go"},
			{Kind: Op, From: "worker", Code: "for !ready", Text: "reads ready (plain)", Key: true},
			{Kind: Op, From: "main", Code: "data = fmt.Sprintf(...)", Text: "writes data", Key: true},
			{Kind: Op, From: "main", Code: "ready = true", Text: "writes ready (plain)", Key: true},
			{Kind: NoEdge, From: "main", To: "worker", Code: "ready = true", Recv: "for !ready", Text: "no edge: a plain write and a plain read synchronize nothing"},
			{Kind: Op, From: "worker", Code: "*got = data", Text: "reads data", Key: true},
			{Kind: Outcome, Text: "data race on ready and on data: seeing ready == true does not mean seeing data", Bad: true},
		}},
		"fixed": {Lanes: []string{"main", "worker"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "worker", Code: "go worker(ready, &got, &wg)", Recv: "worker starts", Rule: "go"},
			{Kind: Op, From: "main", Code: "data = fmt.Sprintf(...)", Text: "writes data", Key: true},
			{Kind: Edge, From: "main", To: "worker", Code: "close(ready)", Recv: "<-ready", Rule: "close"},
			{Kind: Op, From: "worker", Code: "*got = data", Text: "reads data", Key: true},
			{Kind: Outcome, Text: "the write of data happens before the read: sequenced before, synchronized before, sequenced before"},
		}},
		"fixedatomic": {Lanes: []string{"main", "worker"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "worker", Code: "go worker(&got, &wg)", Recv: "worker starts", Rule: "go"},
			{Kind: Op, From: "main", Code: "data = fmt.Sprintf(...)", Text: "writes data", Key: true},
			{Kind: Edge, From: "main", To: "worker", Code: "ready.Store(true)", Recv: "ready.Load() returns true", Rule: "atomic"},
			{Kind: Op, From: "worker", Code: "*got = data", Text: "reads data", Key: true},
			{Kind: Outcome, Text: "the write of data happens before the read: the Load that returns true observes the Store"},
		}},
	},
	"mutexorder": {
		"broken": {Lanes: []string{"main", "worker"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "worker", Code: "go worker(locked, &got, &wg)", Recv: "worker starts", Rule: "go"},
			{Kind: Op, From: "worker", Code: "mu.Lock()", Text: "call 1 of Lock: the worker won the lock"},
			{Kind: Edge, From: "worker", To: "main", Code: "close(locked)", Recv: "<-locked", Rule: "close"},
			{Kind: Op, From: "worker", Code: "*got = data", Text: `reads data: ""`, Key: true},
			{Kind: Edge, From: "worker", To: "main", Code: "mu.Unlock()", Recv: "mu.Lock() returns", Rule: "mutex"},
			{Kind: Op, From: "main", Code: "data = fmt.Sprintf(...)", Text: "writes data, too late", Key: true},
			{Kind: NoEdge, From: "main", To: "worker", Code: "data = fmt.Sprintf(...)", Recv: "*got = data", Text: "no edge from main's write to the worker's read: the mutex orders the two sections in whichever order they run"},
			{Kind: Outcome, Text: `no data race, and still a bug: the read happens before the write and returns ""`, Bad: true},
		}},
		"fixed": {Lanes: []string{"main", "worker"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "worker", Code: "go worker(ready, &got, &wg)", Recv: "worker starts", Rule: "go"},
			{Kind: Op, From: "worker", Code: "<-ready", Text: "waits"},
			{Kind: Op, From: "main", Code: "data = fmt.Sprintf(...)", Text: "writes data, holding mu", Key: true},
			{Kind: Edge, From: "main", To: "worker", Code: "close(ready)", Recv: "<-ready returns", Rule: "close"},
			{Kind: Op, From: "worker", Code: "*got = data", Text: "reads data, holding mu", Key: true},
			{Kind: Outcome, Text: "the write happens before the read whichever goroutine reaches mu first: the worker cannot hold mu before the write"},
		}},
	},
	"spinwait": {
		"broken": {Lanes: []string{"main", "setup goroutine"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "setup goroutine", Code: "go func()", Recv: "setup starts", Rule: "go"},
			{Kind: Op, From: "setup goroutine", Code: `t.msg = "hello, world"`, Text: "writes t.msg", Key: true},
			{Kind: Op, From: "setup goroutine", Code: "g = t", Text: "writes g (plain)", Key: true},
			{Kind: Op, From: "main", Code: "for g == nil", Text: "reads g until it is set", Key: true},
			{Kind: NoEdge, From: "setup goroutine", To: "main", Code: "g = t", Recv: "g == nil", Text: "no edge: a plain write and a plain read synchronize nothing"},
			{Kind: Op, From: "main", Code: "msg := g.msg", Text: "reads t.msg through g", Key: true},
			{Kind: Outcome, Text: "data race on g and on t.msg: seeing g != nil does not mean seeing g.msg", Bad: true},
		}},
		"fixed": {Lanes: []string{"main", "setup goroutine"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "setup goroutine", Code: "go func()", Recv: "setup starts", Rule: "go"},
			{Kind: Op, From: "setup goroutine", Code: `t.msg = "hello, world"`, Text: "writes t.msg", Key: true},
			{Kind: Edge, From: "setup goroutine", To: "main", Code: "g.Store(t)", Recv: "g.Load() returns t", Rule: "atomic"},
			{Kind: Op, From: "main", Code: "msg := g.Load().msg", Text: "reads t.msg", Key: true},
			{Kind: Outcome, Text: "the write of t.msg happens before the read"},
		}},
	},
	"hotreload": {
		"broken": {Lanes: []string{"main (watcher)", "reader"}, Steps: []Step{
			{Kind: Edge, From: "main (watcher)", To: "reader", Code: "wg.Go(func() { mixed[i] = read(loads) })", Recv: "reader starts", Rule: "go"},
			{Kind: Op, From: "main (watcher)", Code: "cfg := &Config{Version: 0, Timeout: timeoutFor(0)}", Text: "writes the first config"},
			{Kind: Edge, From: "main (watcher)", To: "reader", Code: "cur.Store(cfg)", Recv: "c := cur.Load() returns cfg", Rule: "atomic"},
			{Kind: Op, From: "reader", Code: "v := c.Version", Text: "reads Version", Key: true},
			{Kind: Op, From: "main (watcher)", Code: "cfg.Timeout = timeoutFor(cfg.Version + 1)", Text: "writes a published config", Key: true},
			{Kind: Op, From: "main (watcher)", Code: "cfg.Version++", Key: true},
			{Kind: NoEdge, From: "main (watcher)", To: "reader", Code: "cfg.Version++", Recv: "c.Timeout", Text: "no edge: the Store came before these writes, and nothing is stored after them"},
			{Kind: Op, From: "reader", Code: "c.Timeout != timeoutFor(v)", Text: "reads Timeout", Key: true},
			{Kind: Outcome, Text: "data race on Version and Timeout: a reader can see half of a change", Bad: true},
		}},
		"fixed": {Lanes: []string{"main (watcher)", "reader"}, Steps: []Step{
			{Kind: Edge, From: "main (watcher)", To: "reader", Code: "wg.Go(func() { mixed[i] = read(loads) })", Recv: "reader starts", Rule: "go"},
			{Kind: Op, From: "main (watcher)", Code: "next := *cfg", Text: "copies the published config, then changes the copy"},
			{Kind: Op, From: "main (watcher)", Code: "next.Version++", Text: "a config nobody else can see yet", Key: true},
			{Kind: Edge, From: "main (watcher)", To: "reader", Code: "cur.Store(&next)", Recv: "c := cur.Load() returns &next", Rule: "atomic"},
			{Kind: Op, From: "reader", Code: "v := c.Version", Text: "reads Version, then Timeout", Key: true},
			{Kind: Outcome, Text: "every write to a config happens before every read of it: no config is written after its Store"},
		}},
	},
	"cacheentry": {
		"broken": {Lanes: []string{"main", "worker 1", "worker 2"}, Steps: []Step{
			{Kind: Op, From: "main", Code: `cache.Store(&entry{value: "rendered page"})`, Text: "publishes the entry"},
			{Kind: Edge, From: "main", To: "worker 1", Code: "cache.Store", Recv: "e := cache.Load()", Rule: "atomic"},
			{Kind: Edge, From: "main", To: "worker 2", Code: "cache.Store", Recv: "e := cache.Load()", Rule: "atomic"},
			{Kind: Op, From: "worker 1", Code: "e.hits++", Text: "reads and writes the shared entry", Key: true},
			{Kind: Op, From: "worker 2", Code: "e.hits++", Text: "reads and writes the same entry", Key: true},
			{Kind: NoEdge, From: "worker 1", To: "worker 2", Code: "e.hits++", Recv: "e.hits++", Text: "no edge between the workers: each Load observes main's Store, not the other worker"},
			{Kind: Outcome, Text: "data race on e.hits: increments are lost", Bad: true},
		}},
		"fixed": {Lanes: []string{"main", "worker 1", "worker 2"}, Steps: []Step{
			{Kind: Op, From: "main", Code: `cache.Store(&entry{value: "rendered page"})`, Text: "publishes the first entry"},
			{Kind: Edge, From: "main", To: "worker 1", Code: "cache.Store", Recv: "e := cache.Load()", Rule: "atomic"},
			{Kind: Op, From: "worker 1", Code: "next.hits++", Text: "writes its own copy", Key: true},
			{Kind: Edge, From: "worker 1", To: "worker 2", Code: "cache.CompareAndSwap(e, &next)", Recv: "e := cache.Load() returns it", Rule: "atomic"},
			{Kind: Op, From: "worker 2", Code: "next := *e", Text: "reads worker 1's entry, copies it", Key: true},
			{Kind: Outcome, Text: "each entry is written only before the atomic operation that publishes it"},
		}},
	},
	"counter": {
		"broken": {Lanes: []string{"main", "worker"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "worker", Code: "wg.Go(func()", Recv: "worker starts", Rule: "go"},
			{Kind: Op, From: "worker", Code: "atomic.AddInt64(&n, 1)", Text: "atomic write", Key: true},
			{Kind: Op, From: "main", Code: `fmt.Printf("progress: %d\n", n)`, Text: "plain read of n", Key: true},
			{Kind: NoEdge, From: "worker", To: "main", Code: "atomic.AddInt64(&n, 1)", Recv: "n", Text: "no edge: a plain read is not an atomic operation and observes nothing"},
			{Kind: Outcome, Text: "data race on n: one of the two accesses is non-synchronizing", Bad: true},
			{Kind: Edge, From: "worker", To: "main", Code: "f returns", Event: true, Recv: "wg.Wait() returns", Rule: "wgGo"},
			{Kind: Op, From: "main", Code: "atomic.LoadInt64(&n)", Text: "the total, after the join"},
		}},
		"fixed": {Lanes: []string{"main", "worker"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "worker", Code: "wg.Go(func()", Recv: "worker starts", Rule: "go"},
			{Kind: Edge, From: "worker", To: "main", Code: "n.Add(1)", Recv: "n.Load() that observes it", Rule: "atomic"},
			{Kind: Outcome, Text: "every access to n is atomic: no data race, and each Load returns a count the Adds reached"},
		}},
	},
	"lazyinit": {
		"broken": {Lanes: []string{"caller 1", "caller 2"}, Steps: []Step{
			{Kind: Op, From: "caller 1", Code: "if inst == nil", Text: "unlocked read: nil"},
			{Kind: Op, From: "caller 1", Code: "inst = newClient()", Text: "writes *inst, then inst, holding mu", Key: true},
			{Kind: Op, From: "caller 1", Code: "mu.Unlock()"},
			{Kind: Op, From: "caller 2", Code: "if inst == nil", Text: "unlocked read: set, so mu.Lock is skipped", Key: true},
			{Kind: NoEdge, From: "caller 1", To: "caller 2", Code: "mu.Unlock()", Recv: "mu.Lock() (never called)", Text: "no edge: the Unlock-Lock rule needs caller 2 to call Lock", Rule: "mutex"},
			{Kind: Op, From: "caller 2", Code: "return inst", Text: "uses *inst"},
			{Kind: Outcome, Text: "data race on inst, and nothing orders the Client's fields before caller 2's use", Bad: true},
		}},
		"fixed": {Lanes: []string{"caller 1", "caller 2"}, Steps: []Step{
			{Kind: Op, From: "caller 1", Code: "sync.OnceValue(newClient)", Text: "get() runs newClient() once", Key: true},
			{Kind: Edge, From: "caller 1", To: "caller 2", Code: "newClient() completes", Event: true, Recv: "get() returns", Rule: "once"},
			{Kind: Op, From: "caller 2", Code: "got[i] = get()", Text: "uses the Client", Key: true},
			{Kind: Outcome, Text: "newClient's writes happen before every caller's use"},
		}},
	},
	"handoff": {
		"broken": {Lanes: []string{"main (compute)", "goroutine"}, Steps: []Step{
			{Kind: Edge, From: "main (compute)", To: "goroutine", Code: "go func()", Recv: "goroutine starts", Rule: "go"},
			{Kind: Op, From: "goroutine", Code: "result = square(n)", Text: "writes result", Key: true},
			{Kind: Op, From: "main (compute)", Code: "time.Sleep(50 * time.Microsecond)", Text: "not a synchronizing operation"},
			{Kind: NoEdge, From: "goroutine", To: "main (compute)", Code: "goroutine exits", Event: true, Recv: "return result", Text: "no edge", Rule: "exit"},
			{Kind: Op, From: "main (compute)", Code: "return result", Text: "reads result", Key: true},
			{Kind: Outcome, Text: "data race on result: the read may come first and return 0", Bad: true},
		}},
		"fixed": {Lanes: []string{"main (compute)", "goroutine"}, Steps: []Step{
			{Kind: Edge, From: "main (compute)", To: "goroutine", Code: "go func()", Recv: "goroutine starts", Rule: "go"},
			{Kind: Op, From: "goroutine", Code: "result = square(n)", Text: "writes result", Key: true},
			{Kind: Edge, From: "goroutine", To: "main (compute)", Code: "close(done)", Recv: "<-done", Rule: "close"},
			{Kind: Op, From: "main (compute)", Code: "return result", Text: "reads result", Key: true},
			{Kind: Outcome, Text: "the write happens before the read: a join, not a pause"},
		}},
	},
	"publishedcell": {
		"broken": {Lanes: []string{"main (Store)", "reader (Load)"}, Steps: []Step{
			{Kind: Edge, From: "main (Store)", To: "reader (Load)", Code: "wg.Go(func()", Recv: "reader starts", Rule: "go"},
			{Kind: Op, From: "main (Store)", Code: "c.v = &v", Text: "writes c.v (and the copy v)", Key: true},
			{Kind: Op, From: "main (Store)", Code: "c.set = true", Text: "writes c.set (plain)", Key: true},
			{Kind: Op, From: "reader (Load)", Code: "if !c.set", Text: "reads c.set", Key: true},
			{Kind: NoEdge, From: "main (Store)", To: "reader (Load)", Code: "c.set = true", Recv: "!c.set", Text: "no edge: a plain write and a plain read synchronize nothing"},
			{Kind: Op, From: "reader (Load)", Code: "return *c.v, true", Text: "reads c.v and the value", Key: true},
			{Kind: Outcome, Text: "data race on c.set, c.v and the value: flagdata inside a type", Bad: true},
		}},
		"fixed": {Lanes: []string{"main (Store)", "reader (Load)"}, Steps: []Step{
			{Kind: Edge, From: "main (Store)", To: "reader (Load)", Code: "wg.Go(func()", Recv: "reader starts", Rule: "go"},
			{Kind: Op, From: "main (Store)", Code: "c.Store(snapshot{version: n, body: [4]int{n, n, n, n}})", Text: "v is copied into a fresh snapshot", Key: true},
			{Kind: Edge, From: "main (Store)", To: "reader (Load)", Code: "c.p.Store(&v)", Recv: "c.p.Load() returns &v", Rule: "atomic"},
			{Kind: Op, From: "reader (Load)", Code: "v, ok := c.Load()", Text: "copies the whole snapshot", Key: true},
			{Kind: Outcome, Text: "the snapshot is written before the Store and never after"},
		}},
	},
	"tear": {
		"broken": {Lanes: []string{"main", "writer"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "writer", Code: "go func()", Recv: "writer starts", Rule: "go"},
			{Kind: Op, From: "writer", Code: "p.a = i", Text: "then p.b = i, in a loop", Key: true},
			{Kind: Op, From: "main", Code: "a, b := p.a, p.b", Text: "reads the pair, in a loop", Key: true},
			{Kind: NoEdge, From: "writer", To: "main", Code: "p.b = i", Recv: "p.a, p.b", Text: "no edge in either direction between the updates and the reads"},
			{Kind: Outcome, Text: "data race on p.a and p.b: main can read a from one update and b from another", Bad: true},
		}},
		"fixed": {Lanes: []string{"main", "writer"}, Steps: []Step{
			{Kind: Edge, From: "main", To: "writer", Code: "go func()", Recv: "writer starts", Rule: "go"},
			{Kind: Op, From: "writer", Code: "p.a = i", Text: "then p.b = i, holding mu", Key: true},
			{Kind: Edge, From: "writer", To: "main", Code: "mu.Unlock()", Recv: "mu.Lock() returns", Rule: "mutex"},
			{Kind: Op, From: "main", Code: "a, b := p.a, p.b", Text: "reads the pair, holding mu", Key: true},
			{Kind: Outcome, Text: "each read of the pair happens entirely before or entirely after each update (or the other way round: main's Unlock before the writer's next Lock)"},
		}},
	},
}

// Mermaid renders d as a Mermaid sequenceDiagram. With thumb set it draws
// only the racing accesses and the edges between goroutines other than go
// statements, labelled with the rule's short name instead of its sentence.
func (d Diagram) Mermaid(thumb bool) string {
	var b strings.Builder
	if thumb {
		// No second row of goroutine names at the bottom.
		b.WriteString("%%{init: {\"sequence\": {\"mirrorActors\": false}}}%%\n")
	}
	b.WriteString("sequenceDiagram\n")
	id := make(map[string]string)
	for i, l := range d.Lanes {
		id[l] = fmt.Sprintf("L%d", i)
		fmt.Fprintf(&b, "    participant %s as %s\n", id[l], mermaidText(l))
	}
	width := 44
	if thumb {
		width = 28
	}
	for _, s := range d.Steps {
		switch s.Kind {
		case Op:
			if thumb && !s.Key {
				continue
			}
			lines := []string{s.Code}
			if s.Text != "" && !thumb {
				lines = append(lines, s.Text)
			}
			fmt.Fprintf(&b, "    Note over %s: %s\n", id[s.From], joinWrapped(lines, width))
		case Edge:
			if thumb && (s.Rule == "go" || s.Rule == "wgGo") {
				continue
			}
			lines := []string{s.Code + " → " + s.Recv}
			if thumb {
				lines = append(lines, "("+Rules[s.Rule].Name+")")
			} else {
				lines = append(lines, `“`+Rules[s.Rule].Text+`”`)
			}
			fmt.Fprintf(&b, "    %s->>%s: %s\n", id[s.From], id[s.To], joinWrapped(lines, width))
		case NoEdge:
			lines := []string{s.Code + " ⇢ " + s.Recv}
			switch {
			case thumb:
				lines = []string{"no edge"}
			case s.Rule != "":
				lines = append(lines, s.Text, `“`+Rules[s.Rule].Text+`”`)
			default:
				lines = append(lines, s.Text)
			}
			fmt.Fprintf(&b, "    %s--x%s: %s\n", id[s.From], id[s.To], joinWrapped(lines, width))
		case Outcome:
			if thumb {
				continue
			}
			// A tint behind the note: red for a data race or a wrong
			// order, green for what the edges guarantee.
			color := "rgb(220, 245, 220)"
			if s.Bad {
				color = "rgb(255, 225, 225)"
			}
			first, last := id[d.Lanes[0]], id[d.Lanes[len(d.Lanes)-1]]
			fmt.Fprintf(&b, "    rect %s\n", color)
			fmt.Fprintf(&b, "    Note over %s,%s: %s\n", first, last, joinWrapped([]string{s.Text}, width+8*len(d.Lanes)))
			b.WriteString("    end\n")
		}
	}
	return b.String()
}

// joinWrapped wraps each of lines at width and joins the results with
// Mermaid's line break.
func joinWrapped(lines []string, width int) string {
	var out []string
	for _, l := range lines {
		out = append(out, wrap(mermaidText(l), width)...)
	}
	return strings.Join(out, "<br/>")
}

// wrap breaks s at spaces into lines of at most width characters where it
// can.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	return append(lines, line)
}

// mermaidText escapes what Mermaid would read as syntax in a message or
// note: "#" starts an entity and ";" ends a statement. The texts have no
// "<" that could start an HTML tag ("<-ready", "n < m").
func mermaidText(s string) string {
	return strings.NewReplacer("#", "#35;", ";", "#59;").Replace(s)
}
