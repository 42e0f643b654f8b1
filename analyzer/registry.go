package analyzer

// A check is one entry of the registry: its name (also its diagnostic
// category, its testdata package and its README anchor), its user
// documentation (the single source for the Analyzer's Doc, pubcheck -help
// and the README's sections), and the function that runs it. A check reads
// the model (see model.go) and reports through pc.report; it writes no
// state another check reads.
//
// Adding a check is adding a file that defines its entry and its run
// function, and naming the entry here.
type check struct {
	name  string
	title string
	text  string
	rule  string // the memory-model rule the check rests on
	wrong string
	right string
	run   func(*passCtx)
}

// registry lists the checks in the order they run and are documented.
var registry = []*check{
	flagdataCheck,
	spinwaitCheck,
	afterstoreCheck,
	loadmutateCheck,
	mixedatomicCheck,
	doublecheckCheck,
	unjoinedCheck,
}
