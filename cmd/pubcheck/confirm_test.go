package main_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// -confirm runs the real race detector on the tests of real packages.

// registry publishes a config with an atomic store and changes it after:
// pubcheck reports line 13 (afterstore), with line 12 as published here.
const registry = `// Package %s holds a configuration that readers load while it is reloaded.
package %s

import "sync/atomic"

type Config struct{ Timeout int }

type Registry struct{ cur atomic.Pointer[Config] }

func (r *Registry) Reload(timeout int) {
	c := &Config{}
	r.cur.Store(c)
	c.Timeout = timeout
}

func (r *Registry) Timeout() int { return r.cur.Load().Timeout }
`

func registryPkg(name string) string {
	return strings.ReplaceAll(registry, "%s", name)
}

// concurrentTest starts a goroutine that reloads, waits until it has
// stored the new config and reads it: the read and the write after the
// store race on every run.
const concurrentTest = `package reg

import "testing"

func TestConcurrent(t *testing.T) {
	var r Registry
	r.Reload(1)
	first := r.cur.Load()
	done := make(chan struct{})
	go func() {
		r.Reload(2)
		close(done)
	}()
	for r.cur.Load() == first {
	}
	_ = r.Timeout()
	<-done
}
`

// confirmModule has a finding in each of five packages: reg's tests race
// on it; shared has no tests, but app's, named with -confirm.pkgs, race
// on it; seq's tests call both sides one after the other; idle's tests
// never reach it; notest has no tests. counter has no finding, and its
// tests race on a counter (a lost update, which pubcheck does not report).
func confirmModule(t *testing.T) string {
	return writeModule(t, map[string]string{
		"reg/reg.go":       registryPkg("reg"),
		"reg/reg_test.go":  concurrentTest,
		"shared/shared.go": registryPkg("shared"),
		"app/app.go":       "// Package app uses a shared registry.\npackage app\n",
		"app/app_test.go": `package app

import (
	"testing"

	"example.com/m/shared"
)

func TestApp(t *testing.T) {
	var r shared.Registry
	r.Reload(1)
	done := make(chan struct{})
	go func() {
		r.Reload(2)
		close(done)
	}()
	for r.Timeout() != 2 {
	}
	<-done
}
`,
		"seq/seq.go": registryPkg("seq"),
		"seq/seq_test.go": `package seq

import "testing"

func TestSequential(t *testing.T) {
	var r Registry
	r.Reload(3)
	if got := r.Timeout(); got != 3 {
		t.Fatalf("Timeout() = %d, want 3", got)
	}
}
`,
		"idle/idle.go": registryPkg("idle"),
		"idle/idle_test.go": `package idle

import "testing"

func TestZero(t *testing.T) {
	var c Config
	if c.Timeout != 0 {
		t.Fatal("the zero config has a timeout")
	}
}
`,
		"notest/notest.go": registryPkg("notest"),
		"counter/counter.go": `// Package counter counts events.
package counter

type Counter struct{ n int }

func (c *Counter) Inc() { c.n++ }

func (c *Counter) N() int { return c.n }
`,
		"counter/counter_test.go": `package counter

import (
	"sync"
	"testing"
)

func TestParallelInc(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				c.Inc()
			}
		})
	}
	wg.Wait()
	_ = c.N()
}
`,
	})
}

// TestConfirm checks each status in text, JSON and SARIF output, a race
// report outside any finding, and the summary. The three runs share the
// build cache, and run in parallel.
func TestConfirm(t *testing.T) {
	bin, _ := setup(t)
	dir := confirmModule(t)
	args := []string{"-confirm", "-confirm.pkgs=./counter,./app", "./..."}
	wantStatus := map[string]string{
		"example.com/m/reg": "confirmed", "example.com/m/shared": "confirmed", "example.com/m/seq": "exercised-no-race",
		"example.com/m/idle": "not-exercised", "example.com/m/notest": "not-exercised",
	}
	type jsonRace struct {
		Package, Pattern string
		Tests            []string
		Access, Previous struct{ Kind, Posn string }
		Report           string
	}

	t.Run("text", func(t *testing.T) {
		t.Parallel()
		out, code := run(t, dir, bin, args...)
		if code != 3 {
			t.Errorf("pubcheck %s: exit %d, want 3\n%s", strings.Join(args, " "), code, out)
		}
		for _, want := range []string{
			// Each finding, then its status.
			`(?m)^reg/reg\.go:13:2: c\.Timeout modified after c was published .*\n.*published here\n\tconfirmed by TestConcurrent: (read at reg/reg\.go:16, previous write at reg/reg\.go:13|write at reg/reg\.go:13, previous read at reg/reg\.go:16)$`,
			`(?m)^shared/shared\.go:13:2: .*\n.*published here\n\tconfirmed by TestApp \(example\.com/m/app\): (read at shared/shared\.go:16, previous write at shared/shared\.go:13|write at shared/shared\.go:13, previous read at shared/shared\.go:16)$`,
			`(?m)^seq/seq\.go:13:2: .*\n.*published here\n\texercised, no race seen: seq/seq\.go:13, seq/seq\.go:12 ran$`,
			`(?m)^idle/idle\.go:13:2: .*\n.*published here\n\tnot exercised: no test ran idle/idle\.go:13 or idle/idle\.go:12$`,
			`(?m)^notest/notest\.go:13:2: .*\n.*published here\n\tnot exercised: no test ran notest/notest\.go:13 or notest/notest\.go:12 \(example\.com/m/notest has no test files\)$`,
			// The race no finding explains, with its likely pattern.
			`(?m)^counter/counter\.go:6: (previous )?(read|write) raced in TestParallelInc(, reported \d+ times)?, matching no finding \(a read-modify-write in two goroutines: a lost update, not publication\)\ncounter/counter\.go:6: \tprevious (read|write)$`,
			`(?m)^pubcheck: 5 findings: 2 confirmed, 1 exercised without a race, 2 not exercised; 1 race report outside any finding$`,
		} {
			if !regexp.MustCompile(want).MatchString(out) {
				t.Errorf("pubcheck %s: no match for %s\n%s", strings.Join(args, " "), want, out)
			}
		}
	})

	// -json: a status and its details on each diagnostic, and the race
	// outside any finding under the analyzer "race" of its package.
	t.Run("json", func(t *testing.T) {
		t.Parallel()
		out, code := run(t, dir, bin, append([]string{"-json"}, args...)...)
		if code != 0 {
			t.Errorf("-json: exit %d, want 0\n%s", code, out)
		}
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):strings.LastIndex(out, "}")+1]), &tree); err != nil {
			t.Fatalf("-json: %v\n%s", err, out)
		}
		for pkg, status := range wantStatus {
			var diags []struct {
				Status       string
				Confirmation struct {
					Detail []string
					Races  []jsonRace
					Ran    []string
					NotRan []string `json:"not_ran"`
				}
			}
			if err := json.Unmarshal(tree[pkg]["pubcheck"], &diags); err != nil || len(diags) != 1 {
				t.Errorf("-json: %s: %v, %d diagnostics, want 1", pkg, err, len(diags))
				continue
			}
			d := diags[0]
			if d.Status != status || len(d.Confirmation.Detail) == 0 {
				t.Errorf("-json: %s: status %q, detail %q; want %q and a detail", pkg, d.Status, d.Confirmation.Detail, status)
			}
			switch status {
			case "confirmed":
				if len(d.Confirmation.Races) == 0 || !strings.Contains(d.Confirmation.Races[0].Report, "WARNING: DATA RACE") {
					t.Errorf("-json: %s: confirmed without the race report: %+v", pkg, d.Confirmation)
				}
			case "exercised-no-race":
				if len(d.Confirmation.Ran) != 2 {
					t.Errorf("-json: %s: ran %q, want both lines", pkg, d.Confirmation.Ran)
				}
			case "not-exercised":
				if len(d.Confirmation.NotRan) != 2 {
					t.Errorf("-json: %s: not_ran %q, want both lines", pkg, d.Confirmation.NotRan)
				}
			}
		}
		var races []struct {
			Category, Posn, Message string
			Race                    jsonRace
		}
		if err := json.Unmarshal(tree["example.com/m/counter"]["race"], &races); err != nil || len(races) != 1 {
			t.Fatalf("-json: the counter's race: %v, %d entries, want 1\n%s", err, len(races), out)
		}
		if r := races[0]; r.Category != "lost-update" || !strings.HasSuffix(r.Posn, "counter.go:6") || r.Race.Tests[0] != "TestParallelInc" || r.Race.Package != "example.com/m/counter" {
			t.Errorf("-json: the counter's race is %+v", r)
		}
	})

	// -sarif: properties.confirmation on each result and on the run; on
	// fewer packages, as the statuses are the same as above.
	t.Run("sarif", func(t *testing.T) {
		t.Parallel()
		out, code := run(t, dir, bin, "-sarif", "-confirm", "-confirm.pkgs=./counter", "./reg", "./idle")
		if code != 0 {
			t.Errorf("-sarif: exit %d, want 0\n%s", code, out)
		}
		var log struct {
			Runs []struct {
				Properties struct {
					Confirmation struct {
						Summary              string
						Counts               map[string]int
						RacesOutsideFindings []jsonRace
					}
				}
				Results []struct {
					Locations []struct {
						PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
					}
					Properties struct {
						Confirmation struct{ Status string }
					}
				}
			}
		}
		if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):strings.LastIndex(out, "}")+1]), &log); err != nil || len(log.Runs) != 1 {
			t.Fatalf("-sarif: %v\n%s", err, out)
		}
		if n := len(log.Runs[0].Results); n != 2 {
			t.Errorf("-sarif: %d results, want 2", n)
		}
		for _, r := range log.Runs[0].Results {
			uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
			pkg := "example.com/m/" + uri[:strings.IndexByte(uri, '/')]
			if got := r.Properties.Confirmation.Status; got != wantStatus[pkg] {
				t.Errorf("-sarif: %s: properties.confirmation.status %q, want %q", uri, got, wantStatus[pkg])
			}
		}
		rc := log.Runs[0].Properties.Confirmation
		if rc.Counts["confirmed"] != 1 || rc.Counts["not-exercised"] != 1 || len(rc.RacesOutsideFindings) != 1 || rc.RacesOutsideFindings[0].Access.Posn != "counter/counter.go:6" {
			t.Errorf("-sarif: run properties %+v", rc)
		}
	})
}

// TestConfirmTestFailures checks what -confirm says, and its exit status,
// when tests do not build, fail other than by a race, or time out.
func TestConfirmTestFailures(t *testing.T) {
	bin, _ := setup(t)
	dir := writeModule(t, map[string]string{
		"nobuild/nobuild.go": registryPkg("nobuild"),
		// The tests import a package none of whose files the race
		// detector's build includes: they type-check, so pubcheck
		// analyzes them, but go test -race cannot build them.
		"nobuild/nobuild_test.go": "package nobuild\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/norace\"\n)\n\nfunc TestX(t *testing.T) { norace.F() }\n",
		"norace/norace.go":        "//go:build !race\n\npackage norace\n\nfunc F() {}\n",
		"failing/failing.go":      registryPkg("failing"),
		"failing/failing_test.go": "package failing\n\nimport \"testing\"\n\nfunc TestBroken(t *testing.T) {\n\tvar r Registry\n\tr.Reload(1)\n\tt.Fatal(\"broken\")\n}\n",
		"slow/slow.go":            registryPkg("slow"),
		"slow/slow_test.go":       "package slow\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\nfunc TestSlow(t *testing.T) { time.Sleep(time.Minute) }\n",
	})
	out, code := run(t, dir, bin, "-test=false", "-confirm", "-confirm.timeout=1s", "./...")
	if code != 4 {
		t.Errorf("exit %d, want 4 (tests failed other than by a race)\n%s", code, out)
	}
	for _, want := range []string{
		`(?m)^pubcheck: example\.com/m/nobuild: tests did not build:\n\tpackage example\.com/m/nobuild \(test\)\n\t\timports example\.com/m/norace: build constraints exclude all Go files`,
		`(?m)^nobuild/nobuild\.go:13:2: .*\n.*published here\n\tstatus unknown: the tests of example\.com/m/nobuild did not build$`,
		`(?m)^pubcheck: example\.com/m/failing: TestBroken failed, not by a race report$`,
		`(?m)^failing/failing\.go:13:2: .*\n.*published here\n\texercised, no race seen: failing/failing\.go:13, failing/failing\.go:12 ran$`,
		`(?m)^pubcheck: example\.com/m/slow: tests stopped: test timed out after 1s \(running TestSlow\)$`,
		`(?m)^slow/slow\.go:13:2: .*\n.*published here\n\tstatus unknown: the tests of example\.com/m/slow stopped: test timed out after 1s \(running TestSlow\)$`,
		`(?m)^pubcheck: 3 findings: 0 confirmed, 1 exercised without a race, 0 not exercised, 2 unknown; 0 race reports outside any finding$`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("no match for %s\n%s", want, out)
		}
	}
}

// TestConfirmFlags checks that no test runs without findings unless
// packages are named, and the usage errors of the -confirm flags.
func TestConfirmFlags(t *testing.T) {
	bin, dir := setup(t)
	out, code := run(t, dir, bin, "-confirm", "./good")
	if code != 0 || !strings.Contains(out, "pubcheck: 0 findings; no tests run") || strings.Contains(out, "running the tests") {
		t.Errorf("-confirm ./good: exit %d, want 0 and no test run\n%s", code, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-confirm.run=TestX", "./bad"}, "pubcheck: -confirm.run needs -confirm"},
		{[]string{"-confirm", "-fix", "./bad"}, "pubcheck: -confirm does not combine with -fix or -write-baseline"},
		{[]string{"-confirm", "-confirm.count=0", "./bad"}, "pubcheck: -confirm.count=0: want 1 or more"},
		{[]string{"-confirm", "-confirm.run=(", "./bad"}, "pubcheck: -confirm.run: error parsing regexp"},
	} {
		out, code := run(t, dir, bin, c.args...)
		if code != 2 || !strings.HasPrefix(out, c.want) {
			t.Errorf("pubcheck %s: exit %d, want 2 and %q\n%s", strings.Join(c.args, " "), code, c.want, out)
		}
	}
}
