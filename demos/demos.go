// Package demos lists the runnable demonstrations in this directory. Each one
// shows a publication pattern twice: broken/ has the bug, fixed/ (and any
// other variants) differ from it only in the synchronization.
//
// The table is shared by the race harness (demos_test.go), the watch command
// (demos/watch) and the end-to-end tests of pubcheck. Diagrams
// (diagrams.go) describes the happens-before graph of every program, from
// which the READMEs' Mermaid diagrams are generated; readme.go finds and
// replaces the generated blocks in the READMEs.
package demos

// A Demo is one pattern shown as a broken program and its corrections.
type Demo struct {
	// Name is the directory under demos/.
	Name string
	// Pattern says in a few words what the broken program does.
	Pattern string
	// Check is the pubcheck category expected to report broken/, or ""
	// when pubcheck should stay silent (the bug is not a publication race).
	Check string
	// Variants are the directories under demos/<Name>/ holding corrected
	// programs; pubcheck and the race detector must find nothing in them.
	Variants []string
	// Races says whether broken/ has a data race the race detector reports.
	Races bool
	// Prints holds, by variant, a line the program must print in every
	// run: how a demo without a data race shows its bug, and that the fix
	// removes it.
	Prints map[string]string
}

// All is every demo, in the order of demos/README.md.
var All = []Demo{
	{Name: "flagdata", Pattern: "data written, then a plain ready flag; the worker polls the flag", Check: "flagdata", Variants: []string{"fixed", "fixedatomic"}, Races: true},
	{Name: "mutexorder", Pattern: "a mutex around both sides, but nothing makes the reader wait for the writer", Check: "", Variants: []string{"fixed"}, Races: false,
		Prints: map[string]string{"broken": "empty reads: 20 of 20 rounds", "fixed": "empty reads: 0 of 20 rounds"}},
	{Name: "spinwait", Pattern: "a pointer published by plain write and polled with for g == nil", Check: "spinwait", Variants: []string{"fixed"}, Races: true},
	{Name: "hotreload", Pattern: "a config published with atomic.Pointer.Store, then modified", Check: "afterstore", Variants: []string{"fixed"}, Races: true},
	{Name: "cacheentry", Pattern: "a cache entry from atomic.Pointer.Load modified in place", Check: "loadmutate", Variants: []string{"fixed"}, Races: true},
	{Name: "counter", Pattern: "a counter updated with atomic.AddInt64 and read plainly", Check: "mixedatomic", Variants: []string{"fixed"}, Races: true},
	{Name: "lazyinit", Pattern: "double-checked locking on a plain pointer", Check: "doublecheck", Variants: []string{"fixed"}, Races: true},
	{Name: "handoff", Pattern: "a goroutine's result read after time.Sleep instead of a join", Check: "unjoined", Variants: []string{"fixed"}, Races: true},
	{Name: "publishedcell", Pattern: "a cell with plain value and set fields read by other goroutines", Check: "flagdata", Variants: []string{"fixed"}, Races: true},
	{Name: "tear", Pattern: "a two-field value read while another goroutine writes it", Check: "unjoined", Variants: []string{"fixed"}, Races: true},
}
