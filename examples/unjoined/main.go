// Command unjoined reads a goroutine's result after sleeping instead of
// waiting for it: pubcheck reports it.
package main

import (
	"fmt"
	"time"
)

func compute() int { return 42 }

func main() {
	var result int
	go func() {
		result = compute()
	}()
	time.Sleep(100 * time.Millisecond)
	fmt.Println(result)
}
