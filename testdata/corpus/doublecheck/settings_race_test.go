//go:build corpusrace

package doublecheck

import "testing"

const testSettings = "host = db.local\nport = 5432\n"

func TestBug_OnceGuardFlag(t *testing.T) {
	for range rounds {
		c := NewConfig(testSettings)
		fanout(5, func() { _ = c.Get("host") })
	}
}

func TestOK_OnceWithoutPrecheck(t *testing.T) {
	for range rounds {
		s := NewSettings(testSettings)
		fanout(5, func() { _ = s.Get("host") })
	}
}

func TestBug_LoadedFlag(t *testing.T) {
	for range rounds {
		c := NewCatalog(func() []Item { return []Item{{SKU: "a-1", Price: 3}} })
		fanout(5, func() {
			for _, it := range c.Items() {
				_ = it.Price
			}
		})
	}
}

func TestOK_AtomicBoolPrecheck(t *testing.T) {
	for range rounds {
		p := NewPriceList(func() map[string]int { return map[string]int{"a-1": 3} })
		fanout(5, func() { _ = p.Price("a-1") })
	}
}
