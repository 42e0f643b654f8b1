//go:build corpusrace

package doublecheck

import "testing"

// The package-level functions are called through variables so that the
// checks stay in their own frames in race reports: a package variable has
// one address, and the detector reports its race once, whichever side it
// sees second.
var (
	defaultPoolFn = DefaultPool
	lookupCodecFn = LookupCodec
)

func TestBug_PackageSingleton(t *testing.T) {
	for range rounds {
		defaultPool = nil
		fanout(5, func() { _ = defaultPoolFn().Size() })
	}
}

func TestOK_OnceValueSingleton(t *testing.T) {
	for range rounds {
		fanout(5, func() { _ = DefaultResolver().Resolve("metadata") })
	}
}

func TestBug_PackageCodecTable(t *testing.T) {
	for range rounds {
		codecs = nil
		fanout(5, func() {
			if c, ok := lookupCodecFn("json"); ok {
				_ = c.MediaType
			}
		})
	}
}

func TestOK_RLockFastPath(t *testing.T) {
	for range rounds {
		c := NewSchemaCache(func(name string) *Schema {
			return &Schema{Name: name, Fields: []string{"id", "name"}}
		})
		fanout(5, func() { _ = c.Schema("user").Fields })
	}
}
