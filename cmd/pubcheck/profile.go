package main

import (
	"errors"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// profiles are the files the standalone run profiles itself into; they
// change nothing else about the run.
type profiles struct {
	cpu, mem, trace string
}

// start starts the profiles asked for and returns the function that ends
// them and writes them out.
func (p profiles) start() (stop func() error, err error) {
	var stops []func() error
	stop = func() error {
		var errs []error
		for i := len(stops) - 1; i >= 0; i-- {
			errs = append(errs, stops[i]())
		}
		return errors.Join(errs...)
	}
	if p.cpu != "" {
		f, err := os.Create(p.cpu)
		if err != nil {
			return stop, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return stop, err
		}
		stops = append(stops, func() error { pprof.StopCPUProfile(); return f.Close() })
	}
	if p.trace != "" {
		f, err := os.Create(p.trace)
		if err != nil {
			return stop, errors.Join(err, stop())
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			return stop, errors.Join(err, stop())
		}
		stops = append(stops, func() error { trace.Stop(); return f.Close() })
	}
	if p.mem != "" {
		stops = append(stops, func() error {
			f, err := os.Create(p.mem)
			if err != nil {
				return err
			}
			runtime.GC()
			return errors.Join(pprof.WriteHeapProfile(f), f.Close())
		})
	}
	return stop, nil
}
