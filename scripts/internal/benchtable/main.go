// Command benchtable prints the table of scripts/bench from its runs.tsv:
// the median CPU, wall time and peak RSS of each (package set, mode, tool)
// over the timed runs, and the ratios that pubcheck's targets are stated
// in, next to those targets.
//
// usage: benchtable runs.tsv
package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

type run struct {
	iter, set, mode, tool, exit string
	wall, cpu                   float64
	rssKB, procs, procMaxKB     int64 // procs, procMaxKB: -1 when not measured
	treeKB                      int64 // summed RSS of the process tree at its peak
}

type key struct{ set, mode, tool string }

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtable runs.tsv")
		os.Exit(2)
	}
	runs, err := read(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	by := map[key][]run{}
	var sets []string
	for _, r := range runs {
		if r.iter == "warmup" {
			continue
		}
		k := key{r.set, r.mode, r.tool}
		by[k] = append(by[k], r)
		if !slices.Contains(sets, r.set) {
			sets = append(sets, r.set)
		}
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "set\tmode\ttool\truns\tCPU s\twall s\tlargest process MiB\tpeak of the tree MiB\tlargest pubcheck unit MiB\texit codes\t")
	order := []key{{"", "vet", "vet"}, {"", "vet", "pubcheck"}, {"", "standalone", "staticcheck"}, {"", "standalone", "pubcheck"},
		{"", "rerun", "pubcheck"}, {"", "inprocess", "pubcheck"}}
	for _, set := range sets {
		for _, o := range order {
			k := key{set, o.mode, o.tool}
			rs := by[k]
			if len(rs) == 0 {
				continue
			}
			proc := "-"
			if m := maxOf(rs, func(r run) float64 { return float64(r.procMaxKB) }); m >= 0 {
				proc = fmt.Sprintf("%.0f", m/1024)
			}
			var exits []string
			for _, r := range rs {
				exits = append(exits, r.exit)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%.1f\t%.1f\t%.0f\t%.0f\t%s\t%s\t\n", set, k.mode, k.tool, len(rs),
				median(rs, cpu), median(rs, wall), median(rs, rss)/1024, median(rs, tree)/1024, proc, strings.Join(exits, ","))
		}
	}
	tw.Flush()
	fmt.Println()
	fmt.Println("Medians over the runs; CPU is user+sys of the whole process tree; largest process: the")
	fmt.Println("largest RSS of any one process of the tree (for go vet: the go command or any vet tool")
	fmt.Println("process); peak of the tree: the largest sum of the RSS of its processes alive at once.")
	fmt.Println()

	tw = tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "set\tmeasure\tresult\tper run\ttarget\t\t")
	for _, set := range sets {
		vet, pvet := by[key{set, "vet", "vet"}], by[key{set, "vet", "pubcheck"}]
		sc, pst := by[key{set, "standalone", "staticcheck"}], by[key{set, "standalone", "pubcheck"}]
		if len(vet) > 0 && len(pvet) > 0 {
			r := median(pvet, cpu) / median(vet, cpu)
			fmt.Fprintf(tw, "%s\tgo vet CPU, pubcheck / default suite\t%.2fx\t%s\t<= 1.1x\t%s\t\n",
				set, r, paired(pvet, vet, cpu), verdict(r <= 1.1))
			fmt.Fprintf(tw, "%s\tgo vet wall, pubcheck / default suite\t%.2fx\t%s\t\t\t\n",
				set, median(pvet, wall)/median(vet, wall), paired(pvet, vet, wall))
			m := maxOf(pvet, func(r run) float64 { return float64(r.procMaxKB) }) / 1024
			fmt.Fprintf(tw, "%s\tlargest pubcheck process under go vet (max of runs)\t%.0f MiB\t%s\t<= 200 MiB\t%s\t\n",
				set, m, each(pvet, func(r run) string { return fmt.Sprintf("%.0f", float64(r.procMaxKB)/1024) }), verdict(m <= 200))
		}
		if len(sc) > 0 && len(pst) > 0 {
			r := median(pst, wall) / median(sc, wall)
			target, v := "<= 0.5x", verdict(r <= 0.5)
			if set != "std" {
				target, v = "(stated for std)", ""
			}
			fmt.Fprintf(tw, "%s\tstandalone wall, fresh cache, pubcheck / staticcheck\t%.2fx\t%s\t%s\t%s\t\n",
				set, r, paired(pst, sc, wall), target, v)
			fmt.Fprintf(tw, "%s\tstandalone CPU, pubcheck / staticcheck\t%.2fx\t%s\t\t\t\n",
				set, median(pst, cpu)/median(sc, cpu), paired(pst, sc, cpu))
			r = maxOf(pst, tree) / maxOf(sc, tree)
			target, v = "<= 1x", verdict(r <= 1)
			if set != "std" {
				target, v = "(stated for std)", ""
			}
			fmt.Fprintf(tw, "%s\tstandalone peak memory of the tree (max of runs), pubcheck / staticcheck\t%.2fx (%.0f / %.0f MiB)\t%s\t%s\t%s\t\n",
				set, r, maxOf(pst, tree)/1024, maxOf(sc, tree)/1024, paired(pst, sc, tree), target, v)
		}
		if re := by[key{set, "rerun", "pubcheck"}]; len(pst) > 0 && len(re) > 0 {
			r := median(re, wall) / median(pst, wall)
			fmt.Fprintf(tw, "%s\tstandalone second run on unchanged code / first, wall\t%.2fx\t%s\t<= 0.2x\t%s\t\n",
				set, r, paired(re, pst, wall), verdict(r <= 0.2))
		}
		if in := by[key{set, "inprocess", "pubcheck"}]; len(pst) > 0 && len(in) > 0 {
			fmt.Fprintf(tw, "%s\tin-process driver / go vet driver, wall\t%.2fx\t%s\t\t\t\n",
				set, median(in, wall)/median(pst, wall), paired(in, pst, wall))
			fmt.Fprintf(tw, "%s\tin-process driver / go vet driver, peak memory of the tree\t%.2fx (%.0f / %.0f MiB)\t%s\t\t\t\n",
				set, median(in, tree)/median(pst, tree), median(in, tree)/1024, median(pst, tree)/1024, paired(in, pst, tree))
		}
		if set == "large" && len(pst) > 0 {
			m := maxOf(pst, tree) / 1024
			ok := m <= 2048
			for _, r := range pst {
				ok = ok && (r.exit == "0" || r.exit == "3")
			}
			fmt.Fprintf(tw, "%s\tstandalone on the large tree: exit, wall, peak memory of the tree\texit %s, %.0f s, %.0f MiB\t\tcompletes, <= 2048 MiB\t%s\t\n",
				set, each(pst, func(r run) string { return r.exit }), median(pst, wall), m, verdict(ok))
		}
	}
	tw.Flush()
	fmt.Println()
	fmt.Println("result: ratio of the medians; per run: the ratio within each alternated pair (run i of")
	fmt.Println("pubcheck against run i of the other tool), or each run's value.")
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func cpu(r run) float64  { return r.cpu }
func wall(r run) float64 { return r.wall }
func rss(r run) float64  { return float64(r.rssKB) }
func tree(r run) float64 { return float64(r.treeKB) }

func median(rs []run, f func(run) float64) float64 {
	var v []float64
	for _, r := range rs {
		v = append(v, f(r))
	}
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func maxOf(rs []run, f func(run) float64) float64 {
	m := -1.0
	for _, r := range rs {
		m = max(m, f(r))
	}
	return m
}

// paired lists a/b for the runs of the same iteration.
func paired(a, b []run, f func(run) float64) string {
	var s []string
	for _, x := range a {
		for _, y := range b {
			if x.iter == y.iter && f(y) > 0 {
				s = append(s, fmt.Sprintf("%.2f", f(x)/f(y)))
			}
		}
	}
	return strings.Join(s, " ")
}

func each(rs []run, f func(run) string) string {
	var s []string
	for _, r := range rs {
		s = append(s, f(r))
	}
	return strings.Join(s, " ")
}

func read(name string) ([]run, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var runs []run
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			continue // header
		}
		t := strings.Split(sc.Text(), "\t")
		if len(t) != 12 {
			return nil, fmt.Errorf("%s:%d: want 12 fields, have %d", name, line, len(t))
		}
		r := run{iter: t[0], set: t[1], mode: t[2], tool: t[3], exit: t[4]}
		fl := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		in := func(s string) int64 {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return -1
			}
			return v
		}
		r.wall = fl(t[5])
		r.cpu = fl(t[6]) + fl(t[7])
		r.rssKB = in(t[8])
		r.procs = in(t[9])
		r.procMaxKB = in(t[10])
		r.treeKB = in(t[11])
		runs = append(runs, r)
	}
	return runs, sc.Err()
}
