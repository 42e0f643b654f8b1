// Package sarif writes pubcheck's findings as a SARIF 2.1.0 log, the format
// GitHub code scanning and most editors' result viewers read.
//
// The log holds one run of pubcheck with one rule per check (and one for
// malformed //pubcheck:ignore directives), and one result per finding.
// Paths under the root directory are written relative to it, with the
// uriBaseId %SRCROOT%, so a log reads the same on every machine and GitHub
// can map it onto the repository; columns count UTF-16 code units, as
// GitHub and the SARIF default (columnKind "utf16CodeUnits") expect, and
// are converted from Go's byte columns by reading the source lines.
package sarif

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pubcheck/pubcheck/analyzer"
)

// A Finding is one diagnostic, positions already resolved.
type Finding struct {
	Check    string // the diagnostic's category: a check's name or "directive"
	Message  string
	URL      string   // not written: SARIF gives it as the rule's helpUri
	Pos, End Position // End may be zero: the region then ends with Pos's line
	Related  []Related
	Fixes    []Fix
	// Properties, when not empty, is written as the result's property bag
	// (result.properties): values that encoding/json can marshal.
	Properties map[string]any
}

// A Position is a place in a source file as go/token reports it.
type Position struct {
	File   string // absolute path
	Line   int    // 1-based; 0 means no position
	Column int    // 1-based, in bytes
}

// IsValid reports whether p names a place.
func (p Position) IsValid() bool { return p.File != "" && p.Line > 0 }

// A Related position is the other half of a finding ("published here").
type Related struct {
	Pos     Position
	Message string
}

// A Fix is a suggested fix: edits that together resolve a finding.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the text between Pos and End (empty for an insertion)
// with NewText.
type Edit struct {
	Pos, End Position
	NewText  string
}

// Names and values fixed by SARIF 2.1.0 and by this writer.
const (
	schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
	srcRoot   = "%SRCROOT%"
	toolName  = "pubcheck"
	// fingerprintKey names pubcheck's partial fingerprint. The suffix is
	// the version of the recipe (see fingerprinter): change the recipe,
	// change the suffix, or every alert on GitHub is closed and reopened.
	fingerprintKey = "pubcheck/v1"
)

// Write writes a SARIF 2.1.0 log of one run of pubcheck, at version, to w:
// one rule per check (in the order of checks) plus one for malformed
// directives, and findings as results, sorted by file, position, check and
// message. Files under root are named relative to it, with the uriBaseId
// %SRCROOT% bound to root; files elsewhere by absolute file URIs.
//
// version is written with a leading "v" removed ("v1.2.0" becomes "1.2.0",
// also given as semanticVersion when it is one); SARIF validators warn
// about versions that do not start with a digit, such as Go's "(devel)".
//
// A result's message ends with links to its related locations ("...;
// [published here](1)"): GitHub shows related locations only through
// them. Its partial fingerprint "pubcheck/v1" hashes the check, file,
// message and text of the line, not the line number, so that GitHub
// matches a finding across commits that move it.
//
// Write reads the files the findings name, to convert Go's byte columns to
// UTF-16 columns and to fingerprint results; where a file cannot be read,
// its columns are written as they are (they agree for ASCII text). A
// finding whose check has no rule, or whose position is not valid, is an
// error and nothing is written; related positions that are not valid are
// left out.
func Write(w io.Writer, root, version string, checks []analyzer.Check, findings []Finding) error {
	return WriteRun(w, root, version, checks, findings, nil)
}

// WriteRun is Write with properties for the run: when not empty, they are
// written as its property bag (run.properties).
func WriteRun(w io.Writer, root, version string, checks []analyzer.Check, findings []Finding, properties map[string]any) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	rules, index := rulesFor(checks)
	b := &builder{root: root, src: newSources()}
	results := make([]result, 0, len(findings))
	fp := make(fingerprinter)
	for _, f := range sortedFindings(findings) {
		i, ok := index[f.Check]
		if !ok {
			return fmt.Errorf("sarif: finding at %s:%d: no rule for check %q", f.Pos.File, f.Pos.Line, f.Check)
		}
		if !f.Pos.IsValid() {
			return fmt.Errorf("sarif: %s finding %q has no position", f.Check, f.Message)
		}
		r := b.result(f, i)
		text, _ := b.src.line(f.Pos.File, f.Pos.Line)
		r.PartialFingerprints = map[string]string{
			fingerprintKey: fp.next(f.Check, r.Locations[0].PhysicalLocation.ArtifactLocation, f.Message, text),
		}
		results = append(results, r)
	}
	driver := toolComponent{
		Name:           toolName,
		InformationURI: analyzer.DocURL,
		Rules:          rules,
	}
	driver.Version, driver.SemanticVersion = versions(version)
	l := log{
		Schema:  schemaURI,
		Version: "2.1.0",
		Runs: []run{{
			Tool: tool{Driver: driver},
			OriginalURIBaseIDs: map[string]artifactLocation{
				srcRoot: {URI: fileURI(root, true)},
			},
			ColumnKind: "utf16CodeUnits",
			Results:    results,
			Properties: properties,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(l)
}

// sortedFindings returns a sorted copy of fs, so that the log depends on
// the findings and not on the order the driver happened to report them in.
func sortedFindings(fs []Finding) []Finding {
	s := slices.Clone(fs)
	slices.SortStableFunc(s, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
			cmp.Compare(a.Check, b.Check),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return s
}

var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// versions returns the driver's version and, when it is one, its semantic
// version: Go module versions carry a "v" that neither wants.
func versions(v string) (version, semantic string) {
	if rest, ok := strings.CutPrefix(v, "v"); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		v = rest
	}
	if semver.MatchString(v) {
		return v, v
	}
	return v, ""
}

// A builder turns findings into results.
type builder struct {
	root string
	src  *sources
}

func (b *builder) result(f Finding, ruleIndex int) result {
	r := result{
		RuleID:    f.Check,
		RuleIndex: ruleIndex,
		Level:     "warning",
		Message:   message{Text: f.Message},
		Locations: []location{{PhysicalLocation: b.physical(f.Pos, f.End)}},
	}
	var links []string
	for _, rel := range f.Related {
		if !rel.Pos.IsValid() {
			continue
		}
		id := len(r.RelatedLocations) + 1
		r.RelatedLocations = append(r.RelatedLocations, location{
			ID:               id,
			PhysicalLocation: b.physical(rel.Pos, Position{}),
			Message:          &message{Text: rel.Message},
		})
		links = append(links, "["+escapeLinkText(rel.Message)+"]("+strconv.Itoa(id)+")")
	}
	if len(links) > 0 {
		// GitHub shows a related location only where the message links to
		// it (SARIF's embedded links, "[text](id)").
		r.Message.Text += "; " + strings.Join(links, ", ")
	}
	for _, fix := range f.Fixes {
		r.Fixes = append(r.Fixes, b.fix(fix))
	}
	if len(f.Properties) > 0 {
		r.Properties = f.Properties
	}
	return r
}

// escapeLinkText escapes the characters SARIF reserves in the text of an
// embedded link.
func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// physical returns the location of the text from pos to end, or to the end
// of pos's line when end is zero.
func (b *builder) physical(pos, end Position) physicalLocation {
	reg := region{
		StartLine:   pos.Line,
		StartColumn: b.src.column(pos.File, pos.Line, pos.Column),
	}
	if end.IsValid() && end.File == pos.File {
		reg.EndLine = end.Line
		reg.EndColumn = b.src.column(end.File, end.Line, end.Column)
	} else {
		reg.EndLine = pos.Line
		reg.EndColumn = max(b.src.lineEnd(pos.File, pos.Line), reg.StartColumn)
	}
	return physicalLocation{ArtifactLocation: b.artifact(pos.File), Region: reg}
}

// artifact names file relative to the root when it is under it.
func (b *builder) artifact(file string) artifactLocation {
	if rel, ok := relative(b.root, file); ok {
		return artifactLocation{URI: relativeURI(rel), URIBaseID: srcRoot}
	}
	return artifactLocation{URI: fileURI(file, false)}
}

func (b *builder) fix(f Fix) fix {
	edits := slices.Clone(f.Edits)
	slices.SortStableFunc(edits, func(a, b Edit) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column),
		)
	})
	out := fix{Description: message{Text: f.Message}}
	for _, e := range edits {
		n := len(out.ArtifactChanges)
		if n == 0 || out.ArtifactChanges[n-1].file != e.Pos.File {
			out.ArtifactChanges = append(out.ArtifactChanges, artifactChange{
				file:             e.Pos.File,
				ArtifactLocation: b.artifact(e.Pos.File),
			})
			n++
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos // an insertion
		}
		rep := replacement{DeletedRegion: region{
			StartLine:   e.Pos.Line,
			StartColumn: b.src.column(e.Pos.File, e.Pos.Line, e.Pos.Column),
			EndLine:     end.Line,
			EndColumn:   b.src.column(end.File, end.Line, end.Column),
		}}
		if e.NewText != "" {
			rep.InsertedContent = &artifactContent{Text: e.NewText}
		}
		out.ArtifactChanges[n-1].Replacements = append(out.ArtifactChanges[n-1].Replacements, rep)
	}
	return out
}

// The SARIF 2.1.0 objects pubcheck writes, with the properties it uses.

type log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool               tool                        `json:"tool"`
	OriginalURIBaseIDs map[string]artifactLocation `json:"originalUriBaseIds"`
	ColumnKind         string                      `json:"columnKind"`
	Results            []result                    `json:"results"`
	Properties         map[string]any              `json:"properties,omitempty"`
}

type tool struct {
	Driver toolComponent `json:"driver"`
}

type toolComponent struct {
	Name            string       `json:"name"`
	Version         string       `json:"version,omitempty"`
	SemanticVersion string       `json:"semanticVersion,omitempty"`
	InformationURI  string       `json:"informationUri"`
	Rules           []descriptor `json:"rules"`
}

type descriptor struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     message         `json:"shortDescription"`
	FullDescription      message         `json:"fullDescription"`
	Help                 help            `json:"help"`
	HelpURI              string          `json:"helpUri"`
	DefaultConfiguration configuration   `json:"defaultConfiguration"`
	Properties           *ruleProperties `json:"properties,omitempty"`
}

type help struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type configuration struct {
	Level string `json:"level"`
}

type ruleProperties struct {
	Tags []string `json:"tags"`
}

type message struct {
	Text string `json:"text"`
}

type result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             message           `json:"message"`
	Locations           []location        `json:"locations"`
	RelatedLocations    []location        `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []fix             `json:"fixes,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type location struct {
	ID               int              `json:"id,omitempty"`
	PhysicalLocation physicalLocation `json:"physicalLocation"`
	Message          *message         `json:"message,omitempty"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Region           region           `json:"region"`
}

type artifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type fix struct {
	Description     message          `json:"description"`
	ArtifactChanges []artifactChange `json:"artifactChanges"`
}

type artifactChange struct {
	file             string
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Replacements     []replacement    `json:"replacements"`
}

type replacement struct {
	DeletedRegion   region           `json:"deletedRegion"`
	InsertedContent *artifactContent `json:"insertedContent,omitempty"`
}

type artifactContent struct {
	Text string `json:"text"`
}
