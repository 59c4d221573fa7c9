package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The API contract lives in docs/openapi.json (OpenAPI 3.1, kept as JSON so
// that it parses without a YAML module) and docs/api.md. These tests read
// the Go source and fail when the documents and the code name different
// routes or error codes, so neither can drift from the other unnoticed.

const (
	openAPIFile = "../../docs/openapi.json"
	apiDocFile  = "../../docs/api.md"
)

// routePattern matches the routes registered with a method in routes.go,
// such as mux.Handle("POST /api/v1/login", ...).
var routePattern = regexp.MustCompile(`mux\.Handle(?:Func)?\("([A-Z]+) (/[^"]*)"`)

// goWildcard matches a ServeMux wildcard: {id}, {rest...} or {$}.
var goWildcard = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)?(\.\.\.)?(\$)?\}`)

// sourceRoutes returns "METHOD /path" for every route in routes.go, with
// path parameters spelled as OpenAPI spells them.
func sourceRoutes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
		path := goWildcard.ReplaceAllStringFunc(m[2], func(w string) string {
			name := goWildcard.FindStringSubmatch(w)[1]
			if name == "" { // {$}: the end of the path
				return ""
			}
			return "{" + name + "}"
		})
		routes = append(routes, m[1]+" "+path)
	}
	if len(routes) < 10 {
		t.Fatalf("found only %d routes in routes.go; has the way routes are registered changed? %v", len(routes), routes)
	}
	slices.Sort(routes)
	return routes
}

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Enum []string `json:"enum"`
		} `json:"schemas"`
	} `json:"components"`
}

func readOpenAPI(t *testing.T) (openAPIDoc, []byte) {
	t.Helper()
	raw, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPIDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", openAPIFile, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Fatalf("%s: openapi is %q, want 3.1.x", openAPIFile, doc.OpenAPI)
	}
	return doc, raw
}

// openAPIOperations are the keys of a Path Item that name an operation.
var openAPIOperations = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// pathItemFields are the other keys a Path Item may have.
var pathItemFields = []string{"summary", "description", "servers", "parameters", "$ref"}

// TestOpenAPIRoutes: docs/openapi.json describes exactly the routes that
// routes.go registers, no more and no fewer.
func TestOpenAPIRoutes(t *testing.T) {
	doc, _ := readOpenAPI(t)
	var documented []string
	for path, item := range doc.Paths {
		for key := range item {
			switch {
			case slices.Contains(openAPIOperations, key):
				documented = append(documented, strings.ToUpper(key)+" "+path)
			case !slices.Contains(pathItemFields, key):
				t.Errorf("%s: path %s has unknown key %q", openAPIFile, path, key)
			}
		}
	}
	slices.Sort(documented)
	code := sourceRoutes(t)
	for _, r := range code {
		if !slices.Contains(documented, r) {
			t.Errorf("route %q is registered in routes.go but missing from %s", r, openAPIFile)
		}
	}
	for _, r := range documented {
		if !slices.Contains(code, r) {
			t.Errorf("%s documents %q, which routes.go does not register", openAPIFile, r)
		}
	}
}

// TestOpenAPIRoutesInAPIDoc: docs/api.md has a section for every route.
func TestOpenAPIRoutesInAPIDoc(t *testing.T) {
	md, err := os.ReadFile(apiDocFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sourceRoutes(t) {
		if !strings.Contains(string(md), "\n### "+r+"\n") {
			t.Errorf("%s has no section %q", apiDocFile, "### "+r)
		}
	}
}

// TestOpenAPIRefs: every $ref in docs/openapi.json points at something
// that exists in it.
func TestOpenAPIRefs(t *testing.T) {
	_, raw := readOpenAPI(t)
	var root any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "$ref" {
					if !resolvePointer(root, s) {
						t.Errorf("%s: $ref %q points nowhere", openAPIFile, s)
					}
					continue
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(root)
}

func resolvePointer(root any, ref string) bool {
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return false
	}
	cur := root
	for _, part := range strings.Split(ptr, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[part]; !ok {
			return false
		}
	}
	return true
}

// errorCodeLiterals finds the error codes the code can answer: the Code*
// constants of internal/core and the codes the server writes literally
// (in an errorBody or through core.Errorf).
var errorCodeLiterals = []struct {
	dir string
	re  *regexp.Regexp
}{
	{"../core", regexp.MustCompile(`\bCode[A-Za-z]+\s*=\s*"([a-z0-9-]+)"`)},
	{".", regexp.MustCompile(`(?:\b(?:Error|Code):\s*|\bcore\.Errorf\()"([a-z0-9-]+)"`)},
}

// TestOpenAPIErrorCodes: the ErrorCode enum of docs/openapi.json and the
// error table of docs/api.md list exactly the codes the code can answer.
func TestOpenAPIErrorCodes(t *testing.T) {
	var code []string
	for _, src := range errorCodeLiterals {
		files, err := filepath.Glob(filepath.Join(src.dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range src.re.FindAllStringSubmatch(string(b), -1) {
				if !slices.Contains(code, m[1]) {
					code = append(code, m[1])
				}
			}
		}
	}
	if len(code) < 10 {
		t.Fatalf("found only %d error codes in the source: %v", len(code), code)
	}
	slices.Sort(code)

	doc, _ := readOpenAPI(t)
	enum := slices.Clone(doc.Components.Schemas["ErrorCode"].Enum)
	slices.Sort(enum)
	if !slices.Equal(enum, code) {
		t.Errorf("%s ErrorCode enum differs from the code:\n doc:  %v\n code: %v", openAPIFile, enum, code)
	}

	md, err := os.ReadFile(apiDocFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range code {
		if !strings.Contains(string(md), "\n| `"+c+"` | ") {
			t.Errorf("%s: the error table has no row for %q", apiDocFile, c)
		}
	}
}
