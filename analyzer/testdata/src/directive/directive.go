// Package directive exercises //pubcheck:ignore.
package directive

import "fmt"

var data, data2, data3 string
var ready, ready2, ready3 bool

func reader() {
	if ready {
		fmt.Println(data)
	}
	if ready2 {
		fmt.Println(data2)
	}
	if ready3 {
		fmt.Println(data3)
	}
}

func writer() {
	go reader()
	data = "x"
	//pubcheck:ignore flagdata the reader tolerates a stale value here
	ready = true

	data2 = "y"
	ready2 = true //pubcheck:ignore flagdata same line works too

	data3 = "z"
	//pubcheck:ignore spinwait wrong check named // want `pubcheck:ignore spinwait directive silences nothing \(remove it\)`
	ready3 = true // want `ready3 set by plain write after writing data3`
}

//pubcheck:ignore flagdata // want `pubcheck:ignore flagdata directive has no reason \(a reason is required\)`
func noReason() {}

//pubcheck:ignore nosuchcheck because // want `pubcheck:ignore directive names unknown check "nosuchcheck"`
func unknown() {}

//pubcheck:ignore // want `pubcheck:ignore directive names no check`
func empty() {}
