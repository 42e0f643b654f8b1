package analyzer

import (
	"fmt"
	"slices"
	"strings"
)

// DocURL is the address of pubcheck's documentation; each check has a
// section there, at DocURL#name.
const DocURL = "https://github.com/pubcheck/pubcheck"

// A Check describes one of pubcheck's checks, for drivers and formats that
// present them (-explain, SARIF rules, the README). Name is also the
// diagnostic category of the check's findings.
type Check struct {
	Name  string
	Title string // one line
	Text  string // what is reported, a paragraph
	Rule  string // the memory-model rule the check rests on
	Wrong string // code that is reported
	Right string // the correct version
	URL   string // the check's section of the documentation
}

// Checks returns pubcheck's checks in the order they run and are
// documented.
func Checks() []Check {
	var cs []Check
	for _, c := range registry {
		cs = append(cs, Check{Name: c.name, Title: c.title, Text: c.text, Rule: c.rule,
			Wrong: c.wrong, Right: c.right, URL: checkURL(c.name)})
	}
	return cs
}

// CategoryURL returns the address of the documentation of the findings
// of category name, as their Diagnostic.URL gives it.
func CategoryURL(name string) string { return checkURL(name) }

// checkURL returns the address of the documentation of the findings of
// category name: a check's section, or the section on directives.
func checkURL(name string) string {
	if name == categoryDirective {
		return DocURL + "#silencing-a-finding"
	}
	return DocURL + "#" + name
}

// checkSet is the value of the -checks flag: the checks that run.
type checkSet map[string]bool

// enabledChecks holds the value of the Analyzer's -checks flag.
var enabledChecks = allChecks()

func allChecks() checkSet {
	s := make(checkSet)
	for _, c := range registry {
		s[c.name] = true
	}
	return s
}

const checksUsage = `comma-separated list of checks to run: "all", a check's name to add it,
"-name" to remove it (a list that starts with a removal starts from all);
for example -checks=all,-doublecheck or -checks=flagdata,spinwait`

// Set parses a -checks value such as "all,-doublecheck".
func (s checkSet) Set(v string) error {
	next := make(checkSet)
	for i, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		on := true
		if name, ok := strings.CutPrefix(item, "-"); ok {
			item, on = name, false
			if i == 0 {
				next = allChecks()
			}
		}
		switch {
		case item == "all":
			for _, c := range registry {
				next[c.name] = on
			}
		case item == "":
			return fmt.Errorf("empty check name in %q", v)
		case !slices.Contains(checkNames, item):
			return fmt.Errorf("unknown check %q (known: all, %s)", item, strings.Join(checkNames, ", "))
		default:
			next[item] = on
		}
	}
	clear(s)
	for name, on := range next {
		if on {
			s[name] = true
		}
	}
	return nil
}

// String renders the set as a value Set accepts.
func (s checkSet) String() string {
	var on []string
	for _, name := range checkNames {
		if s[name] {
			on = append(on, name)
		}
	}
	if len(on) == len(checkNames) {
		return "all"
	}
	return strings.Join(on, ",")
}
