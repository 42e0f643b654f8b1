package analyzer

import "strings"

func doc() string {
	var b strings.Builder
	b.WriteString(`report unsynchronized publication between goroutines

pubcheck finds places where one goroutine hands data to another without a
happens-before edge (https://go.dev/ref/mem), so that the reader may see a
flag before the data it guards, or a value that is still being changed.
It reports where it has evidence that the data is shared: a go statement
in the package, or the object itself, when the package's callers start the
goroutines. A variable accessed with sync/atomic, a value published or
loaded through an atomic, a sync.Map or a channel, a field every other
access of which holds a lock, a variable polled by a loop that only another
goroutine can end, a type or function documented as used by several
goroutines, and a method that runs concurrently by contract (such as
http.Handler.ServeHTTP) are all shared. Each finding names its evidence.

Calls are followed within a package and, through summaries of exported
functions, into the packages it imports (not the standard library): all of
them under go vet, the packages named on the command line when run
standalone.

Silence a finding with a comment on its line or the line above:

	//pubcheck:ignore <check> <reason>

A directive without a reason, or one that silences nothing, is reported.

Checks:
`)
	for _, c := range registry {
		b.WriteString("\n" + c.name + ": " + c.title + "\n\n")
		b.WriteString(c.text + "\n\nThe rule: " + c.rule + "\n\nWRONG:\n\n" + indent(c.wrong) + "\n\nRIGHT:\n\n" + indent(c.right) + "\n")
	}
	return b.String()
}

func indent(s string) string {
	return "\t" + strings.ReplaceAll(s, "\n", "\n\t")
}

// checkNames lists the checks, each also a diagnostic category.
var checkNames = func() []string {
	var names []string
	for _, c := range registry {
		names = append(names, c.name)
	}
	return names
}()
