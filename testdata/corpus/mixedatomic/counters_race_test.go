//go:build corpusrace

package mixedatomic

import "testing"

// droppedFramesFn is called through a variable so that the read stays in
// DroppedFrames's own frame in race reports: the counter is package-level,
// so the detector reports its race once, whichever side it sees second.
var droppedFramesFn = DroppedFrames

func TestBug_PackageCounterPlain(t *testing.T) {
	for range rounds {
		concurrently(
			times(10, DropFrame),
			times(10, func() { _ = droppedFramesFn() }),
		)
	}
}

func TestOK_InitPlainWrite(t *testing.T) {
	for range rounds {
		concurrently(
			times(10, func() { _ = NextConnID() }),
			times(10, func() { _ = NextConnID() }),
		)
	}
}
