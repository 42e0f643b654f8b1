// Package joins exercises joins that join: an acquire orders a goroutine's
// writes only if the goroutine makes the matching release.
package joins

import (
	"sync"
	"time"
)

// An unbuffered send the goroutine receives orders nothing it writes after
// the receive.
func sendThenRead() bool {
	c := make(chan int)
	recv := false
	go func() {
		<-c
		recv = true
	}()
	c <- 1
	time.Sleep(time.Millisecond)
	return recv // want `recv read while the goroutine that writes it may still run`
}

// ok: the goroutine writes only after receiving what the spawner sends
// after its read.
func readThenRelease() bool {
	c := make(chan int)
	recv := false
	go func() {
		<-c
		recv = true
	}()
	time.Sleep(time.Millisecond)
	r := recv
	close(c)
	return r
}

// A receive from an unrelated channel is no join.
func unrelatedReceive(other chan int) int {
	x := 0
	go func() {
		x = 1
	}()
	<-other
	return x // want `x read while the goroutine that writes it may still run`
}

// ok: the goroutine sends on the channel received from.
func matchingReceive() int {
	x := 0
	done := make(chan bool)
	go func() {
		x = 1
		done <- true
	}()
	<-done
	return x
}

// A WaitGroup the goroutine never calls Done on is no join.
func wrongWaitGroup() int {
	var wg, other sync.WaitGroup
	x := 0
	wg.Add(1)
	other.Add(1)
	go func() {
		defer other.Done()
		x = 1
	}()
	wg.Done()
	wg.Wait()
	return x // want `x read while the goroutine that writes it may still run`
}

// A Done before the write orders nothing about the write.
func doneBeforeWrite() int {
	var wg sync.WaitGroup
	x := 0
	wg.Add(1)
	go func() {
		wg.Done()
		x = 1
	}()
	wg.Wait()
	return x // want `x read while the goroutine that writes it may still run`
}

// ok: a lock the goroutine releases after writing.
func lockJoin() int {
	var mu sync.Mutex
	x := 0
	mu.Lock()
	go func() {
		x = 1
		mu.Unlock()
	}()
	mu.Lock()
	return x
}

// ok: the goroutine's function releases the WaitGroup its argument points
// to.
type box struct{ n int }

func worker(b *box, wg *sync.WaitGroup) {
	defer wg.Done()
	b.n = 1
}

func argumentJoin() int {
	var wg sync.WaitGroup
	b := &box{}
	wg.Add(1)
	go worker(b, &wg)
	wg.Wait()
	return b.n
}

// The same function started with another WaitGroup than the one waited for.
func otherArgument() int {
	var wg, mine sync.WaitGroup
	b := &box{}
	wg.Add(1)
	mine.Add(1)
	go worker(b, &wg)
	mine.Done()
	mine.Wait()
	return b.n // want `b\.n read while the goroutine that writes it may still run`
}
