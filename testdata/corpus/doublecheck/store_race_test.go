//go:build corpusrace

package doublecheck

import "testing"

func TestBug_ClosedFastPath(t *testing.T) {
	for range rounds {
		q := &Queue{}
		concurrently(
			func() {
				for range 20 {
					_ = q.Push("job")
				}
			},
			func() {
				for range 20 {
					_ = q.Push("job")
				}
			},
			q.Close,
		)
	}
}

func TestOK_ClosedAtomicFastPath(t *testing.T) {
	for range rounds {
		m := &Mailbox{}
		concurrently(
			func() {
				for range 20 {
					_ = m.Post("msg")
				}
			},
			func() {
				for range 20 {
					_ = m.Post("msg")
				}
			},
			m.Close,
		)
	}
}

func TestOK_ArgFieldCheck(t *testing.T) {
	for range rounds {
		s := NewStore(false)
		fanout(5, func() {
			_ = s.Put(&PutRequest{Key: "k", Value: []byte("v")})
			_ = s.Put(&PutRequest{})
		})
	}
}

func TestOK_ImmutableFlagPrecheck(t *testing.T) {
	for range rounds {
		s := NewStore(false)
		ro := NewStore(true)
		fanout(5, func() {
			_ = s.Put(&PutRequest{Key: "k", Value: []byte("v")})
			_ = s.Delete("k")
			_ = ro.Delete("k")
		})
	}
}
