// Package summariesonly holds a flagdata pattern that Analyzer reports
// (see testdata/src/flagdata) and SummariesOnly must not, and a summary both
// leave.
package summariesonly

var data string
var ready bool

func worker() {
	if ready {
		println(data)
	}
}

func Run() {
	go worker()
	data = "hello"
	ready = true
}

type Config struct{ Timeout int }

func ApplyDefaults(c *Config) { // want ApplyDefaults:`mutates\(c\)`
	c.Timeout = 30
}
