// Command pubcheck reports unsynchronized publication in Go programs: data
// handed from one goroutine to another without a happens-before edge.
//
// Usage:
//
//	pubcheck [-json] [-fix] [-diff] packages...
//	go vet -vettool=$(which pubcheck) packages...
//
// Exit status: 0 when nothing is reported, 1 when packages could not be
// loaded or analyzed, 3 when there are findings (0 with -json).
// See https://github.com/pubcheck/pubcheck for the checks and how to
// silence a finding with //pubcheck:ignore.
package main

import (
	"github.com/pubcheck/pubcheck/analyzer"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(analyzer.Analyzer) }
