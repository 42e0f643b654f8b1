package flagdata

import "strings"

// Locale describes number formatting.
type Locale struct {
	Tag     string
	Decimal rune
	Group   rune
}

var (
	defaultLocale Locale
	localeSet     bool
)

// SetDefaultLocale changes the process-wide locale; it may be called while
// other goroutines format numbers.
//
// Bug: localeSet is a plain package variable; FormatLocale may see it set
// and read a half-written defaultLocale.
func SetDefaultLocale(l Locale) {
	defaultLocale = l
	localeSet = true // want:flagdata PackageVarFlag
}

// DefaultLocale returns the locale set by SetDefaultLocale, or en-US.
func DefaultLocale() Locale {
	if localeSet {
		return defaultLocale
	}
	return Locale{Tag: "en-US", Decimal: '.', Group: ','}
}

// Profile names a set of labels attached to every metric.
type Profile struct {
	Name string
}

var (
	activeProfile *Profile
	profileLabels []string
)

// Activate switches the active profile.
//
// Bug: activeProfile doubles as the "set" flag, written plainly after the
// labels; Labels may see the pointer and stale labels.
func Activate(p *Profile, labels []string) {
	profileLabels = labels
	activeProfile = p // want:flagdata PackagePointerFlag
}

// Labels returns the labels of the active profile, nil if none is active.
func Labels() []string {
	if activeProfile != nil {
		return profileLabels
	}
	return nil
}

var (
	knownTags   map[string]Locale
	tagsIndexed bool
)

const localeTable = "en-US . ,;de-DE , .;de-CH . ';ja-JP . ,"

// Correct: package initialization completes before any goroutine of the
// program starts, so the plain flag written here is visible to all of them.
func init() {
	m := make(map[string]Locale)
	for _, row := range strings.Split(localeTable, ";") {
		f := strings.Fields(row)
		if len(f) != 3 {
			continue
		}
		m[f[0]] = Locale{Tag: f[0], Decimal: []rune(f[1])[0], Group: []rune(f[2])[0]}
	}
	knownTags = m
	tagsIndexed = len(m) > 0 // ok:flagdata InitFlag
}

// LookupLocale returns a built-in locale by tag.
func LookupLocale(tag string) (Locale, bool) {
	if !tagsIndexed {
		return Locale{}, false
	}
	l, ok := knownTags[tag]
	return l, ok
}
