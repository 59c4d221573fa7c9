// Package gosource reads the Go source of a package for the tests that
// check that every message the code prints has its translations: it lists
// the calls of the package and evaluates the strings passed to them.
package gosource

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
)

// Package is the non-test files of one directory, parsed, with the
// package's constants.
type Package struct {
	fset   *token.FileSet
	files  []file
	consts map[string]ast.Expr
}

type file struct {
	name string
	ast  *ast.File
}

// Parse parses the non-test .go files of dir.
func Parse(dir string) (*Package, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	p := &Package{fset: token.NewFileSet(), consts: map[string]ast.Expr{}}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(p.fset, name, nil, 0)
		if err != nil {
			return nil, err
		}
		p.files = append(p.files, file{name: name, ast: f})
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						p.consts[n.Name] = vs.Values[i]
					}
				}
			}
		}
	}
	return p, nil
}

// Call is one call in the source of a package.
type Call struct {
	*ast.CallExpr
	// File is the file's path as dir and its name spell it; Func names
	// the function around the call, "" for one outside any function; At
	// is the call's position, for messages.
	File, Func, At string
}

// Calls calls visit with every call of the package, file by file, in the
// order of the source.
func (p *Package) Calls(visit func(Call)) {
	for _, f := range p.files {
		for _, d := range f.ast.Decls {
			enclosing := ""
			if fd, ok := d.(*ast.FuncDecl); ok {
				enclosing = fd.Name.Name
			}
			ast.Inspect(d, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					visit(Call{CallExpr: call, File: f.name, Func: enclosing, At: p.fset.Position(call.Pos()).String()})
				}
				return true
			})
		}
	}
}

// String evaluates e when it is a string constant: as Literal, or the name
// of a constant of the package.
func (p *Package) String(e ast.Expr) (string, bool) { return constString(e, p.consts) }

// Literal evaluates e when it is a string written out where it stands: a
// string literal, a sum of them, in parentheses or not.
func Literal(e ast.Expr) (string, bool) { return constString(e, nil) }

func constString(e ast.Expr, consts map[string]ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(e.X, consts)
		b, ok2 := constString(e.Y, consts)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(e.X, consts)
	case *ast.Ident:
		if v, ok := consts[e.Name]; ok {
			return constString(v, consts)
		}
	}
	return "", false
}
