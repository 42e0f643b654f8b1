package analyzer

import "strings"

// checkDoc is the user documentation of one check, the single source for
// the Analyzer's Doc (pubcheck -help) and checked against README.md.
type checkDoc struct {
	name  string
	title string
	text  string
	wrong string
	right string
}

var checks = []checkDoc{
	{
		name:  "flagdata",
		title: "data published through a plain flag",
		text: `Data is written, then a plain (non-atomic) flag is set, and another goroutine
reads the flag and then the data. Nothing orders the two writes for the
reader: seeing the flag set does not mean seeing the data. Also reported:
data written after the atomic store of the flag that was meant to publish it.`,
		wrong: `c.cfg = cfg
c.ready = true          // goroutine: if c.ready { use(c.cfg) }`,
		right: `c.cfg = cfg
c.ready.Store(true)     // ready is an atomic.Bool; the goroutine uses c.ready.Load()`,
	},
	{
		name:  "spinwait",
		title: "a loop polling a plain variable another goroutine writes",
		text: `A loop waits for a plain variable that another goroutine sets. The write
need never become visible to the loop, and seeing a pointer set does not
mean seeing what was written through it.`,
		wrong: `for !done {
	time.Sleep(time.Millisecond)
}`,
		right: `<-doneCh                // or done.Load() on an atomic.Bool`,
	},
	{
		name:  "afterstore",
		title: "a value mutated after it was published",
		text: `A pointer, map or slice is mutated after it was published by an atomic
Store/Swap/CompareAndSwap, sync.Map.Store, a channel send or a go statement.
Other goroutines may already hold it and read it while it changes.`,
		wrong: `s.cur.Store(cfg)
cfg.Timeout = 5`,
		right: `next := *cfg            // copy, modify the copy, publish the copy
next.Timeout = 5
s.cur.Store(&next)`,
	},
	{
		name:  "loadmutate",
		title: "a snapshot from an atomic Load mutated in place",
		text: `A value obtained from atomic.Pointer.Load, atomic.Value.Load or sync.Map.Load
is mutated in place. Every goroutine that loads the variable shares that
value, so the mutation races with their reads.`,
		wrong: `e := c.entry.Load()
e.hits++`,
		right: `old := c.entry.Load()
next := *old            // copy, modify the copy, publish the copy
next.hits++
c.entry.CompareAndSwap(old, &next)`,
	},
	{
		name:  "mixedatomic",
		title: "a variable accessed both atomically and plainly",
		text: `A variable or field is accessed with sync/atomic functions in one place and
with plain reads or writes in another. The plain access is not atomic, so it
races with the atomic ones. Plain access before the value is shared (in a
constructor, in init) or after a join is not reported. When every use is in
the package, a fix turns the variable into the typed atomic (atomic.Int64).`,
		wrong: `atomic.AddInt64(&s.requests, 1)
...
fmt.Println(s.requests)`,
		right: `requests atomic.Int64    // the field; plain access is impossible
s.requests.Add(1)
fmt.Println(s.requests.Load())`,
	},
	{
		name:  "doublecheck",
		title: "an unsynchronized check before a lock or once.Do",
		text: `A plain read decides whether to take a lock or call once.Do: the memory
model's "if !done { once.Do(setup) }" and double-checked locking on a plain
variable. A goroutine that sees the guard set skips the synchronization, so
nothing orders the initialization before its reads.`,
		wrong: `if inst == nil {
	mu.Lock()
	if inst == nil {
		inst = newT()
	}
	mu.Unlock()
}`,
		right: `var get = sync.OnceValue(newT)  // or once.Do unconditionally, or an atomic.Pointer guard`,
	},
	{
		name:  "unjoined",
		title: "a goroutine's write read without a join",
		text: `A goroutine writes a variable that the function which started it reads
later, with no channel receive, WaitGroup.Wait, errgroup Wait, lock or Cond
wait in between. The end of a goroutine is not synchronized before anything,
and time.Sleep is not a join.`,
		wrong: `go func() { result = compute() }()
time.Sleep(time.Second)
fmt.Println(result)`,
		right: `var wg sync.WaitGroup
wg.Go(func() { result = compute() })
wg.Wait()
fmt.Println(result)`,
	},
}

func doc() string {
	var b strings.Builder
	b.WriteString(`report unsynchronized publication between goroutines

pubcheck finds places where one goroutine hands data to another without a
happens-before edge (https://go.dev/ref/mem), so that the reader may see a
flag before the data it guards, or a value that is still being changed.
It reports only where it sees the other goroutine: a go statement in the
package, and evidence that both sides reach the same variable or object.

Calls are followed within a package and, through summaries of exported
functions, into the packages it imports (not the standard library): all of
them under go vet, the packages named on the command line when run
standalone.

Silence a finding with a comment on its line or the line above:

	//pubcheck:ignore <check> <reason>

A directive without a reason, or one that silences nothing, is reported.

Checks:
`)
	for _, c := range checks {
		b.WriteString("\n" + c.name + ": " + c.title + "\n\n")
		b.WriteString(c.text + "\n\nWRONG:\n\n" + indent(c.wrong) + "\n\nRIGHT:\n\n" + indent(c.right) + "\n")
	}
	return b.String()
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(s, "\n", "\n\t")
}

// checkNames lists the checks, each also a diagnostic category.
var checkNames = func() []string {
	var names []string
	for _, c := range checks {
		names = append(names, c.name)
	}
	return names
}()
