package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestStructure keeps the checks apart from the model: a check file (one per
// registry entry, named by it) defines its entry and what only it uses. No
// other file refers to what a check file declares, except registry.go to
// its entry.
func TestStructure(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	isCheck := make(map[string]bool)
	for _, c := range registry {
		isCheck[c.name+".go"] = true
	}
	fset := token.NewFileSet()
	parsed := make(map[string]*ast.File)
	declared := make(map[string]string) // name -> check file declaring it
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed[f] = af
		if !isCheck[f] {
			continue
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				declared[d.Name.Name] = f
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						declared[s.Name.Name] = f
					case *ast.ValueSpec:
						for _, n := range s.Names {
							declared[n.Name] = f
						}
					}
				}
			}
		}
	}
	for c := range isCheck {
		if parsed[c] == nil {
			t.Errorf("registry names check %s, but there is no %s", strings.TrimSuffix(c, ".go"), c)
		}
	}
	for f, af := range parsed {
		// Identifiers that refer to a declaration of another file: those
		// not declared in f itself (locals and fields share names, so
		// only selectors of pc and bare identifiers in expressions count).
		local := make(map[string]bool)
		ast.Inspect(af, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				local[n.Name.Name] = true
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						local[id.Name] = true
					}
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					local[id.Name] = true
				}
			case *ast.Field:
				for _, id := range n.Names {
					local[id.Name] = true
				}
			}
			return true
		})
		ast.Inspect(af, func(n ast.Node) bool {
			var name string
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); !ok || id.Name != "pc" {
					return true
				}
				name = n.Sel.Name
			case *ast.CallExpr:
				id, ok := n.Fun.(*ast.Ident)
				if !ok || local[id.Name] {
					return true
				}
				name = id.Name
			default:
				return true
			}
			if def, ok := declared[name]; ok && def != f {
				if f == "registry.go" && strings.HasSuffix(name, "Check") {
					return true
				}
				t.Errorf("%s uses %s, declared in check file %s: move it to the model", f, name, def)
			}
			return true
		})
	}
}
