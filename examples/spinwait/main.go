// Command spinwait polls a pointer another goroutine sets: pubcheck reports it.
package main

type T struct{ msg string }

var g *T

func setup() {
	t := new(T)
	t.msg = "hello, world"
	g = t
}

func main() {
	go setup()
	for g == nil {
	}
	print(g.msg)
}
