package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Profiles.
//
// The analysis runs in go vet's units, one process per package, so that is
// where profiles are taken. A unit flag, -profile=DIR, makes each unit
// profile itself into DIR/cpu, DIR/mem and DIR/trace, whichever exists,
// from the start of the process to the end of pubcheck's analysis of its
// package (parsing, type checking, SSA, the model and the checks; only
// writing the results is left out). The flag is part of go vet's cache
// key and the standalone command gives it a new directory each time, so a
// profiled run analyzes every package again and reports what an unprofiled
// one does. -cpuprofile and -memprofile merge the units' profiles into one
// (go tool pprof -proto); execution traces cannot be merged, so -trace
// names a directory that receives one trace per package.

// profileFlag is the unit flag that names the directory of profiles.
const profileFlag = "profile"

// profiles are where the standalone run writes the profiles asked for.
type profiles struct {
	cpu, mem, trace string
}

func (p profiles) any() bool { return p.cpu != "" || p.mem != "" || p.trace != "" }

// kinds maps each kind of profile asked for to its destination.
func (p profiles) kinds() map[string]string {
	m := make(map[string]string)
	for kind, dst := range map[string]string{"cpu": p.cpu, "mem": p.mem, "trace": p.trace} {
		if dst != "" {
			m[kind] = dst
		}
	}
	return m
}

// prepare creates the subdirectories of dir that ask the units for each
// kind of profile.
func (p profiles) prepare(dir string) error {
	for kind := range p.kinds() {
		if err := os.Mkdir(filepath.Join(dir, kind), 0o777); err != nil {
			return err
		}
	}
	return nil
}

// collect merges or copies the units' profiles in dir to their
// destinations.
func (p profiles) collect(dir string) error {
	var errs []error
	for kind, dst := range p.kinds() {
		files, err := filepath.Glob(filepath.Join(dir, kind, "*"))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		slices.Sort(files)
		if len(files) == 0 {
			errs = append(errs, fmt.Errorf("no %s profile: no package was analyzed", kind))
			continue
		}
		if kind == "trace" {
			if err := os.MkdirAll(dst, 0o777); err != nil {
				errs = append(errs, err)
				continue
			}
			for _, f := range files {
				if err := os.Rename(f, filepath.Join(dst, filepath.Base(f))); err != nil {
					errs = append(errs, err)
				}
			}
			continue
		}
		args := append([]string{"tool", "pprof", "-proto", "-output", dst}, files...)
		if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
			errs = append(errs, fmt.Errorf("merging %s profiles: %v\n%s", kind, err, out))
		}
	}
	return errors.Join(errs...)
}

// unitProfileFlag registers the unit flag -profile on fs.
func unitProfileFlag(fs *flag.FlagSet) {
	fs.String(profileFlag, "", "write CPU and heap profiles and execution traces of each package's analysis into the subdirectories cpu, mem and trace of `DIR` that exist")
}

// profileArg returns the value of -profile in a unit's arguments.
func profileArg(args []string) string {
	for _, a := range args {
		a = strings.TrimPrefix(a, "-")
		if v, ok := strings.CutPrefix(a, "-"+profileFlag+"="); ok {
			return v
		}
		if v, ok := strings.CutPrefix(a, profileFlag+"="); ok {
			return v
		}
	}
	return ""
}

// profileUnit starts the profiles of the unit named name that dir asks
// for, and returns a copy of a whose Run ends them when it returns.
func profileUnit(a *analysis.Analyzer, dir, name string) *analysis.Analyzer {
	var stops []func()
	if f, err := os.Create(filepath.Join(dir, "cpu", name)); err == nil {
		if pprof.StartCPUProfile(f) == nil {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if f, err := os.Create(filepath.Join(dir, "trace", name)); err == nil {
		if trace.Start(f) == nil {
			stops = append(stops, func() { trace.Stop(); f.Close() })
		}
	}
	memPath := filepath.Join(dir, "mem", name)
	if _, err := os.Stat(filepath.Dir(memPath)); err == nil {
		stops = append(stops, func() {
			if f, err := os.Create(memPath); err == nil {
				runtime.GC()
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		})
	}
	wrapped := *a
	run := a.Run
	wrapped.Run = func(pass *analysis.Pass) (any, error) {
		res, err := run(pass)
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
		return res, err
	}
	return &wrapped
}
