// Command treerss runs a command and prints, on standard error after it
// ends, the peak of the summed resident set sizes of the command and
// every process it started that was alive at the same time, sampled every
// 20 ms from /proc (Linux only). A driver that runs one process per
// package uses that much memory at once; /usr/bin/time gives only the
// largest single process.
//
// usage: treerss -o FILE command [args...]
//
// FILE receives "peak_kb wall_seconds exit_code". The command's standard
// streams are its own, and treerss exits with its exit code.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	out := flag.String("o", "", "write `FILE` with peak_kb wall_seconds exit_code")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: treerss -o FILE command [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "treerss:", err)
		os.Exit(1)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var peak int64
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var err error
loop:
	for {
		select {
		case err = <-done:
			break loop
		case <-tick.C:
			peak = max(peak, treeRSS(cmd.Process.Pid))
		}
	}
	wall := time.Since(start).Seconds()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "treerss:", err)
		code = 1
	}
	if werr := os.WriteFile(*out, fmt.Appendf(nil, "%d %.2f %d\n", peak, wall, code), 0o666); werr != nil {
		fmt.Fprintln(os.Stderr, "treerss:", werr)
		os.Exit(1)
	}
	os.Exit(code)
}

// treeRSS returns the summed VmRSS, in KiB, of pid and its descendants.
func treeRSS(root int) int64 {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	parent := make(map[int]int)
	for _, s := range stats {
		data, err := os.ReadFile(s)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parens.
		str := string(data)
		i := strings.LastIndexByte(str, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(str[i+1:])
		if len(f) < 2 {
			continue
		}
		pid, err1 := strconv.Atoi(strings.Fields(str[:i])[0])
		ppid, err2 := strconv.Atoi(f[1])
		if err1 == nil && err2 == nil {
			parent[pid] = ppid
		}
	}
	var total int64
	for pid := range parent {
		if !descends(pid, root, parent) {
			continue
		}
		total += vmRSS(pid)
	}
	return total
}

func descends(pid, root int, parent map[int]int) bool {
	for range 64 {
		if pid == root {
			return true
		}
		p, ok := parent[pid]
		if !ok || p <= 1 {
			return false
		}
		pid = p
	}
	return false
}

func vmRSS(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
