// Package unjoined exercises the unjoined check: a goroutine's write read by
// its spawner with no join in between.
package unjoined

import (
	"fmt"
	"sync"
	"time"
)

func compute() int { return 42 }

// A captured result read after a sleep.
func sleepJoin() {
	var result int
	go func() {
		result = compute()
	}()
	time.Sleep(100 * time.Millisecond)
	fmt.Println(result) // want `result read while the goroutine that writes it may still run \(nothing orders the goroutine's write before this read; time\.Sleep is not a join\)`
}

// A field of a shared struct.
type job struct {
	out string
	err error
}

func (j *job) run() {
	j.out = "done"
}

func fieldWrite() {
	j := &job{}
	go j.run()
	fmt.Println(j.out) // want `j\.out read while the goroutine that writes it may still run \(nothing orders the goroutine's write before this read\)`
}

// A package variable.
var status string

func setStatus() { status = "ok" }

func global() {
	go setStatus()
	if status != "" { // want `status read while the goroutine that writes it may still run`
		fmt.Println("ready")
	}
}

// ok: read after wg.Wait.
func okWaitGroup() {
	var wg sync.WaitGroup
	var result int
	wg.Add(1)
	go func() {
		defer wg.Done()
		result = compute()
	}()
	wg.Wait()
	fmt.Println(result)
}

// ok: read after a receive.
func okDone() {
	done := make(chan struct{})
	var result int
	go func() {
		result = compute()
		close(done)
	}()
	<-done
	fmt.Println(result)
}

// ok: the result is sent over a channel.
func okChannel() {
	ch := make(chan int)
	go func() { ch <- compute() }()
	fmt.Println(<-ch)
}

// ok: written before the go statement, read by the spawner.
func okBefore() {
	var x int
	x = 1
	go func() { fmt.Println(x) }()
	fmt.Println(x)
}

// ok: the spawner reads under the mutex the goroutine writes under.
func okMutex() {
	var mu sync.Mutex
	var n int
	go func() {
		mu.Lock()
		n++
		mu.Unlock()
	}()
	mu.Lock()
	fmt.Println(n)
	mu.Unlock()
}

// ok: the goroutine writes its own local.
func okLocal() {
	go func() {
		v := compute()
		_ = v
	}()
}

// ok: errgroup-style join through a function that waits.
func wait(wg *sync.WaitGroup) { wg.Wait() }

func okJoinHelper() {
	var wg sync.WaitGroup
	var result int
	wg.Add(1)
	go func() {
		defer wg.Done()
		result = compute()
	}()
	wait(&wg)
	fmt.Println(result)
}
