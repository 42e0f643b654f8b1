// Package load holds how the tests that analyze packages in process, with
// x/tools' checker over packages loaded by go/packages, prepare them: the
// roots from source, the rest from export data.
package load

import "golang.org/x/tools/go/packages"

// RootsOnly cuts the import graph below pkgs down to pkgs themselves, the
// only packages loaded with everything the checker needs to run pubcheck
// on them. The others were loaded from export data, or from source without
// function bodies (packages on an import path between two roots), and
// contribute types only.
func RootsOnly(pkgs []*packages.Package) {
	roots := make(map[*packages.Package]bool)
	for _, p := range pkgs {
		roots[p] = true
	}
	for _, p := range pkgs {
		for path, imp := range p.Imports {
			if !roots[imp] {
				delete(p.Imports, path)
			}
		}
	}
}
