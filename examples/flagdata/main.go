// Command flagdata publishes data through a plain ready flag: pubcheck reports it.
package main

import (
	"fmt"
	"time"
)

var data string
var ready bool

func worker() {
	for !ready {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println(data)
}

func main() {
	go worker()
	data = "hello from main"
	ready = true
	time.Sleep(time.Second)
}
