// Command summarize is the helper of scripts/realcode. It has three modes:
//
//	summarize localreplaces < go-mod-edit-json
//		prints a -dropreplace=PATH argument for each replace directive of
//		the go.mod (as printed by "go mod edit -json") that points at a
//		local directory: such directories are not part of a module zip.
//
//	summarize rel ROOT < in > out
//		copies in to out with every "ROOT/" removed, so that reports name
//		files relative to the module root.
//
//	summarize table [-findings FILE] OUTDIR NAME...
//		reads OUTDIR/NAME.json (pubcheck -json output) and OUTDIR/NAME.meta
//		(key=value lines written by realcode) for each NAME and prints one
//		table row per NAME: packages listed, unique reports per category,
//		errors. A report is a unique (position, message) pair, since a
//		package analyzed with its tests appears twice ("p" and
//		"p [p.test]"). With -findings, it also writes every report of the
//		NAMEs, as NAME/relative/path.go:line:col: category: message, one a
//		line, unique and sorted.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "localreplaces":
		err = localReplaces(os.Stdin, os.Stdout)
	case "rel":
		if len(os.Args) != 3 {
			usage()
		}
		err = rel(os.Args[2], os.Stdin, os.Stdout)
	case "table":
		err = table(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "summarize:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: summarize localreplaces | rel ROOT | table [-findings FILE] OUTDIR NAME...")
	os.Exit(2)
}

func localReplaces(r io.Reader, w io.Writer) error {
	var mod struct {
		Replace []struct {
			Old struct{ Path, Version string }
			New struct{ Path, Version string }
		}
	}
	if err := json.NewDecoder(r).Decode(&mod); err != nil {
		return err
	}
	for _, rep := range mod.Replace {
		if rep.New.Version == "" { // a directory, not a module version
			old := rep.Old.Path
			if rep.Old.Version != "" {
				old += "@" + rep.Old.Version
			}
			fmt.Fprintf(w, "-dropreplace=%s\n", old)
		}
	}
	return nil
}

func rel(root string, r io.Reader, w io.Writer) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	prefix := strings.TrimSuffix(root, string(filepath.Separator)) + string(filepath.Separator)
	_, err = w.Write(bytes.ReplaceAll(data, []byte(prefix), nil))
	return err
}

// known categories get a column even when nothing is reported in them.
var known = []string{"flagdata", "spinwait", "afterstore", "directive"}

type diag struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	Message  string `json:"message"`
}

type result struct {
	name     string
	meta     map[string]string
	perCat   map[string]int
	findings []string // "name/rel/path:line:col: category: message"
	errs     []string // per-package analysis errors, unique
	bad      string   // why the JSON could not be read, if it could not
}

// vetCell renders the go vet column: "5 (2)", or "-" when go vet was not run.
func vetCell(m map[string]string) string {
	if m["vet_reports"] == "" {
		return "-"
	}
	return m["vet_reports"] + " (" + m["vet_only"] + ")"
}

func table(args []string) error {
	findingsFile := ""
	if len(args) >= 2 && args[0] == "-findings" {
		findingsFile, args = args[1], args[2:]
	}
	if len(args) < 1 {
		usage()
	}
	outDir, names := args[0], args[1:]
	cats := slices.Clone(known)
	var results []*result
	for _, name := range names {
		r, err := load(outDir, name)
		if err != nil {
			return err
		}
		for c := range r.perCat {
			if !slices.Contains(cats, c) {
				cats = append(cats, c)
			}
		}
		results = append(results, r)
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	head := []string{"module", "version", "pkgs"}
	head = append(head, cats...)
	head = append(head, "total", "pkg errors", "stderr lines", "exit json/text", "wall s", "peak MiB", "determinism", "vet reports (beyond standalone)")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, r := range results {
		m := r.meta
		row := []string{r.name + " " + m["module"], m["version"], m["pkgs"]}
		total := 0
		for _, c := range cats {
			row = append(row, fmt.Sprint(r.perCat[c]))
			total += r.perCat[c]
		}
		pkgErrs := fmt.Sprint(len(r.errs))
		if r.bad != "" {
			pkgErrs = "bad json"
		}
		row = append(row, fmt.Sprint(total), pkgErrs, or(m["stderr_lines"], "?"),
			or(m["json_exit"], "?")+"/"+or(m["text_exit"], "?"),
			or(m["wall"], "-"), mib(m["maxrss_kb"]), or(m["determinism"], "not checked"), vetCell(m))
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range results {
		if r.bad != "" {
			fmt.Printf("%s: %s\n", r.name, r.bad)
		}
		for _, e := range r.errs {
			fmt.Printf("%s: analysis error: %s\n", r.name, e)
		}
	}

	if findingsFile != "" {
		var all []string
		for _, r := range results {
			all = append(all, r.findings...)
		}
		sort.Strings(all)
		all = slices.Compact(all)
		var buf bytes.Buffer
		for _, f := range all {
			buf.WriteString(f + "\n")
		}
		if err := os.WriteFile(findingsFile, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func mib(kb string) string {
	var n int64
	if _, err := fmt.Sscan(kb, &n); err != nil {
		return "-"
	}
	return fmt.Sprint((n + 512) / 1024)
}

func load(outDir, name string) (*result, error) {
	r := &result{name: name, meta: map[string]string{}, perCat: map[string]int{}}
	mf, err := os.Open(filepath.Join(outDir, name+".meta"))
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(mf)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			r.meta[k] = v
		}
	}
	mf.Close()
	if err := sc.Err(); err != nil {
		return nil, err
	}
	root := r.meta["root"]

	data, err := os.ReadFile(filepath.Join(outDir, name+".json"))
	if err != nil {
		return nil, err
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		r.bad = fmt.Sprintf("%s.json: %v", name, err)
		return r, nil
	}
	type key struct{ posn, msg string }
	seen := map[key]bool{}
	errSeen := map[string]bool{}
	for _, byAnalyzer := range tree {
		for _, raw := range byAnalyzer {
			var diags []diag
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e struct {
					Error string `json:"error"`
				}
				if err := json.Unmarshal(raw, &e); err != nil {
					return nil, fmt.Errorf("%s.json: unexpected entry %s", name, raw)
				}
				errSeen[e.Error] = true
				continue
			}
			for _, d := range diags {
				k := key{d.Posn, d.Message}
				if seen[k] {
					continue
				}
				seen[k] = true
				cat := or(d.Category, "(none)")
				r.perCat[cat]++
				posn := d.Posn
				if root != "" {
					if p, ok := strings.CutPrefix(posn, root+string(filepath.Separator)); ok {
						posn = name + "/" + filepath.ToSlash(p)
					}
				}
				r.findings = append(r.findings, fmt.Sprintf("%s: %s: %s", posn, cat, d.Message))
			}
		}
	}
	for e := range errSeen {
		r.errs = append(r.errs, e)
	}
	sort.Strings(r.errs)
	return r, nil
}
