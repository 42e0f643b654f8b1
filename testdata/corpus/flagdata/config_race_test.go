//go:build corpusrace

package flagdata

import (
	"testing"
	"time"
)

var testCfg = Config{Endpoint: "https://api.example.com", Timeout: 3 * time.Second, Retries: 2}

func TestBug_FieldFlag(t *testing.T) {
	for range rounds {
		h := &Holder{}
		concurrently(func() { h.Reload(testCfg) }, func() { use(h.Current()) })
	}
}

func TestOK_AtomicFlag(t *testing.T) {
	for range rounds {
		s := &Seed{}
		concurrently(func() { s.Set(testCfg) }, func() { use(s.Get()) })
	}
}

func TestOK_LockedFlag(t *testing.T) {
	for range rounds {
		o := &Overrides{}
		m := map[string]Config{"acme": testCfg}
		concurrently(func() { o.Apply(m) }, func() { use(o.For("acme")) })
	}
}

func TestBug_PackageVarFlag(t *testing.T) {
	for range rounds {
		concurrently(func() {
			SetDefaultLocale(Locale{Tag: "de-DE", Decimal: ',', Group: '.'})
		}, func() { use(DefaultLocale()) })
	}
}

func TestBug_PackagePointerFlag(t *testing.T) {
	for range rounds {
		p := &Profile{Name: "canary"}
		concurrently(func() { Activate(p, []string{"env=canary"}) }, func() { use(Labels()) })
	}
}

func TestOK_InitFlag(t *testing.T) {
	for range rounds {
		concurrently(func() { use(LookupLocale("de-DE")) }, func() { use(LookupLocale("ja-JP")) })
	}
}
