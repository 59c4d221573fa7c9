package authz

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

	"github.com/twofa-dev/twofa/internal/core"
)

// file is the YAML form of a rules file. Unknown keys are errors.
type file struct {
	DefaultPolicy string     `yaml:"default_policy"`
	Rules         []fileRule `yaml:"rules"`
}

type fileRule struct {
	Hosts  []string `yaml:"hosts"`
	Paths  []string `yaml:"paths"`
	Users  []string `yaml:"users"`
	Policy string   `yaml:"policy"`
}

// Load reads a rules file (see Parse).
func Load(name string) (*Rules, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	rs, err := Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rs, nil
}

// Parse reads rules in YAML:
//
//	default_policy: two_factor        # optional; two_factor when left out
//	rules:
//	  - hosts: ["*.example.com"]      # exact names, or "*." for sub-domains
//	    paths: ["/admin"]              # optional path prefixes
//	    users: ["ada@example.com"]     # optional; verified addresses
//	    policy: deny                   # bypass, one_factor, two_factor, deny
//
// Unknown keys, a rule without hosts or policy, and malformed patterns are
// errors that name the line and the field. An empty file has no rules.
func Parse(src []byte) (*Rules, error) {
	var f file
	if err := yaml.NewDecoder(bytes.NewReader(src), yaml.Strict()).Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, errors.New(yaml.FormatError(err, false, false))
	}
	at := func(path string, err error) error {
		return fmt.Errorf("%s%s: %w", lineOf(src, "$."+path), path, err)
	}
	rs := &Rules{Default: TwoFactor}
	if f.DefaultPolicy != "" {
		p, err := ParsePolicy(f.DefaultPolicy)
		if err != nil {
			return nil, at("default_policy", err)
		}
		rs.Default = p
	}
	for i, fr := range f.Rules {
		field := fmt.Sprintf("rules[%d]", i)
		r, err := fr.rule()
		if err != nil {
			var fe *fieldError
			if errors.As(err, &fe) {
				field += "." + fe.field
				err = fe.err
			}
			return nil, at(field, err)
		}
		rs.List = append(rs.List, r)
	}
	return rs, nil
}

// fieldError is an error in one field of a rule.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

func (fr *fileRule) rule() (Rule, error) {
	var r Rule
	if fr.Policy == "" {
		return r, &fieldError{"policy", errors.New("is required: bypass, one_factor, two_factor or deny")}
	}
	p, err := ParsePolicy(fr.Policy)
	if err != nil {
		return r, &fieldError{"policy", err}
	}
	r.Policy = p
	if len(fr.Hosts) == 0 {
		return r, &fieldError{"hosts", errors.New(`is required: a list of host names, such as ["app.example.com", "*.example.com"]`)}
	}
	for i, h := range fr.Hosts {
		hp, err := parseHost(h)
		if err != nil {
			return r, &fieldError{fmt.Sprintf("hosts[%d]", i), err}
		}
		r.Hosts = append(r.Hosts, hp)
	}
	for i, p := range fr.Paths {
		if !strings.HasPrefix(p, "/") || CleanPath(p) != p {
			return r, &fieldError{fmt.Sprintf("paths[%d]", i), fmt.Errorf("%q is not a clean path prefix starting with /, such as /admin", p)}
		}
		r.Paths = append(r.Paths, pathPrefix(p))
	}
	for i, u := range fr.Users {
		e := core.FoldEmail(u)
		if !strings.Contains(e, "@") || strings.ContainsAny(e, " ,;<>") {
			return r, &fieldError{fmt.Sprintf("users[%d]", i), fmt.Errorf("%q is not an email address", u)}
		}
		r.Users = append(r.Users, e)
	}
	return r, nil
}

// parseHost checks a host pattern: a host name or IP address, or "*." and
// a domain, without scheme, port or path.
func parseHost(h string) (hostPattern, error) {
	name, wild := strings.CutPrefix(h, "*.")
	n := NormalizeHost(name)
	bad := n == "" || n != strings.ToLower(strings.TrimSuffix(name, ".")) || strings.ContainsAny(n, "*/:@ ")
	if bad && net.ParseIP(n) == nil {
		return "", fmt.Errorf("%q is not a host name like app.example.com or *.example.com (no scheme, port or path)", h)
	}
	if wild {
		return hostPattern("*." + n), nil
	}
	return hostPattern(n), nil
}

// lineOf is "line N: " for the node at a YAML path of src, or "".
func lineOf(src []byte, path string) string {
	p, err := yaml.PathString(path)
	if err != nil {
		return ""
	}
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		return ""
	}
	n, err := p.FilterFile(f)
	if err != nil || n == nil {
		return ""
	}
	return fmt.Sprintf("line %d: ", n.GetToken().Position.Line)
}
