package mixedatomic

import "sync/atomic"

// droppedFrames counts frames dropped by every decoder in the process.
var droppedFrames uint64

// DropFrame records one dropped frame.
func DropFrame() { atomic.AddUint64(&droppedFrames, 1) }

// DroppedFrames returns the number of frames dropped so far.
// Bug: the package counter is read plainly.
func DroppedFrames() uint64 {
	return droppedFrames // want:mixedatomic PackageCounterPlain
}

// reservedConnIDs are the connection IDs kept for internal use.
const reservedConnIDs = 1024

// connSeq is the last connection ID handed out.
var connSeq uint64

// Look-alike: init runs before any goroutine of the program can call
// NextConnID.
func init() {
	connSeq = reservedConnIDs // ok:mixedatomic InitPlainWrite
}

// NextConnID returns a fresh connection ID.
func NextConnID() uint64 { return atomic.AddUint64(&connSeq, 1) }
