// Command gcl is golangci-lint with pubcheck's module plugin built in, the
// program `golangci-lint custom` makes: golangci-lint's main with a blank
// import of each plugin package. The plugin tests build and run it.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/pubcheck/pubcheck/plugin"
)

func main() {
	// golangci-lint salts its cache with Version, or with a hash of the
	// executable when Version is "(devel)". pubcheck comes from a local
	// directory here and has no version of its own: the executable's hash
	// is what changes with every pubcheck build.
	info := commands.BuildInfo{Version: "(devel)", Commit: "?", Date: "(unknown)", GoVersion: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
	}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
