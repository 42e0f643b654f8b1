package spinwait

import (
	"sync/atomic"
	"time"
)

var drained bool

// MarkDrained is called by the connection tracker when the last connection
// closed.
func MarkDrained() { drained = true }

// AwaitDrain blocks shutdown until MarkDrained.
//
// Bug: drained is a plain package variable written by another goroutine.
func AwaitDrain(poll time.Duration) {
	for !drained { // want:spinwait PackageFlag
		time.Sleep(poll)
	}
}

var flushed atomic.Bool

// MarkFlushed is called by the log writer when its buffer is on disk.
func MarkFlushed() { flushed.Store(true) }

// AwaitFlush blocks exit until MarkFlushed. Correct: the flag is atomic.
func AwaitFlush(poll time.Duration) {
	for !flushed.Load() { // ok:spinwait PackageAtomicFlag
		time.Sleep(poll)
	}
}
