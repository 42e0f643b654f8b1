package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"
)

// Fields documented as needing no synchronization.
//
// A comment on a field (or on a run of fields, "these fields ...") that says
// the field is used by one goroutine only, or needs no synchronization, is
// the author's word that the field is confined: its accesses are not
// reported, whatever else says the object is shared. It is the converse of
// the documentation evidence of sharing (sharedDoc), taken field by field.

var confinedDoc = regexp.MustCompile(`(?i)(do(es)?(n't| not) need (any |further |additional |more )?(synchroni[sz]ation|locking|a lock)|need(s)? no (further |additional )?(synchroni[sz]ation|locking|lock)|no (further |additional )?synchroni[sz]ation (is )?(needed|required)|(accessed|used|read|written|modified|touched)( and (read|written|modified))? only (by|from|in|on) (one|a single|the same|the \w+) goroutine|only (accessed|used|read|written|modified|touched) (by|from|in|on) (one|a single|the same|the \w+) goroutine|guaranteed to be (emitted|called|invoked|run|delivered) (synchronously|serially|one at a time)|(are|is) never (accessed|used) concurrently)`)

// confinedFields returns the struct fields of the package whose
// documentation says they need no synchronization.
func confinedFields(fset *token.FileSet, files []*ast.File, info *types.Info) map[*types.Var]bool {
	confined := make(map[*types.Var]bool)
	line := func(p token.Pos) int { return fset.Position(p).Line }
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok || st.Fields == nil {
				return true
			}
			// A comment that speaks of "these fields" covers the fields
			// that follow it up to the next blank line or comment.
			run, prevEnd := false, -1
			for _, fld := range st.Fields.List {
				if fld.Doc != nil || line(fld.Pos()) != prevEnd+1 {
					run = false
				}
				var doc string
				if fld.Doc != nil {
					doc = fld.Doc.Text()
				}
				if fld.Comment != nil {
					doc += " " + fld.Comment.Text()
				}
				doc = strings.Join(strings.Fields(doc), " ")
				match := confinedDoc.MatchString(doc)
				if match && fld.Doc != nil && strings.Contains(strings.ToLower(fld.Doc.Text()), "these fields") {
					run = true
				}
				if match || run {
					for _, name := range fld.Names {
						if v, ok := info.Defs[name].(*types.Var); ok {
							confined[v] = true
						}
					}
				}
				prevEnd = line(fld.End())
			}
			return true
		})
	}
	return confined
}
