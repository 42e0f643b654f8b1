package sarif

import (
	"strings"
	"unicode"

	"github.com/pubcheck/pubcheck/analyzer"
)

// directive documents the findings about //pubcheck:ignore comments
// themselves, which belong to no check but need a rule like any result.
var directive = analyzer.Check{
	Name:  "directive",
	Title: "a malformed or unused //pubcheck:ignore directive",
	Text: "A //pubcheck:ignore directive silences one check on its own line and on the\n" +
		"line below, and must name the check and give a reason. A directive that names\n" +
		"no check, names an unknown check, gives no reason, or silences nothing is\n" +
		"itself reported.",
	Wrong: "//pubcheck:ignore flagdata\nready = true",
	Right: "//pubcheck:ignore flagdata the reader tolerates a stale value here\nready = true",
	URL:   analyzer.DocURL + "#silencing-a-finding",
}

// rulesFor returns the rules of checks, then the directive rule unless
// checks has it, and the index of each rule by id.
func rulesFor(checks []analyzer.Check) ([]descriptor, map[string]int) {
	index := make(map[string]int)
	var rules []descriptor
	add := func(c analyzer.Check) {
		if _, dup := index[c.Name]; dup {
			return
		}
		index[c.Name] = len(rules)
		rules = append(rules, rule(c))
	}
	for _, c := range checks {
		add(c)
	}
	add(directive)
	return rules, index
}

// rule describes check c, from the same text as pubcheck -help and the
// README.
func rule(c analyzer.Check) descriptor {
	text, mem := unwrap(c.Text), unwrap(c.Rule)
	full := text
	if mem != "" {
		full += "\n\n" + mem
	}
	return descriptor{
		ID:                   c.Name,
		Name:                 pascal(c.Title),
		ShortDescription:     message{Text: c.Title},
		FullDescription:      message{Text: full},
		Help:                 help{Text: helpText(text, mem, c), Markdown: helpMarkdown(text, mem, c)},
		HelpURI:              c.URL,
		DefaultConfiguration: configuration{Level: "warning"},
		Properties:           &ruleProperties{Tags: []string{"concurrency", "correctness"}},
	}
}

func helpText(text, mem string, c analyzer.Check) string {
	var b strings.Builder
	b.WriteString(text)
	if mem != "" {
		b.WriteString("\n\nMemory model: " + mem)
	}
	for _, ex := range []struct{ label, code string }{{"WRONG", c.Wrong}, {"RIGHT", c.Right}} {
		if ex.code == "" {
			continue
		}
		b.WriteString("\n\n" + ex.label + ":\n")
		for line := range strings.Lines(ex.code) {
			b.WriteString("\n    " + strings.TrimSuffix(line, "\n"))
		}
	}
	return b.String()
}

func helpMarkdown(text, mem string, c analyzer.Check) string {
	var b strings.Builder
	b.WriteString(escapeMarkdown(text))
	if mem != "" {
		b.WriteString("\n\n**Memory model.** " + escapeMarkdown(mem))
	}
	for _, ex := range []struct{ label, code string }{{"WRONG", c.Wrong}, {"RIGHT", c.Right}} {
		if ex.code == "" {
			continue
		}
		fence := "```"
		for strings.Contains(ex.code, fence) {
			fence += "`"
		}
		b.WriteString("\n\n" + ex.label + ":\n\n" + fence + "go\n" + strings.TrimSuffix(ex.code, "\n") + "\n" + fence)
	}
	return b.String()
}

// unwrap joins the lines of a paragraph that the documentation wraps for
// the terminal; viewers wrap SARIF text themselves.
func unwrap(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// escapeMarkdown keeps the prose of the documentation, which names code
// such as *T and once.Do(f), from being read as Markdown.
func escapeMarkdown(s string) string {
	return strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`,
		`[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`).Replace(s)
}

// pascal turns a title into a SARIF friendly name, a Pascal-case
// identifier. The SARIF validator wants each capital followed by lowercase
// letters, so articles go: "a goroutine's write read without a join"
// becomes "GoroutineWriteReadWithoutJoin".
func pascal(title string) string {
	title = strings.ReplaceAll(title, "'s", "")
	words := strings.FieldsFunc(title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var b strings.Builder
	for _, w := range words {
		switch strings.ToLower(w) {
		case "a", "an", "the":
			continue
		}
		r := []rune(strings.ToLower(w))
		b.WriteString(string(unicode.ToUpper(r[0])) + string(r[1:]))
	}
	return b.String()
}
