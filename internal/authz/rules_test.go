package authz

import (
	"strings"
	"testing"
)

const exampleRules = `
rules:
  - hosts: [public.example.com]
    policy: bypass
  - hosts: [app.example.com]
    paths: [/admin]
    users: [Ada@Example.com]
    policy: two_factor
  - hosts: [app.example.com]
    paths: [/admin]
    policy: deny
  - hosts: ["*.example.com"]
    paths: [/wiki/, /docs]
    policy: one_factor
  - hosts: [intranet.example.org]
    policy: one_factor
`

func TestDecide(t *testing.T) {
	rs, err := Parse([]byte(exampleRules))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		host, path, email string
		want              Policy
	}{
		{"public.example.com", "/", "", Bypass},
		{"PUBLIC.example.com.:8443", "/anything", "", Bypass},
		{"app.example.com", "/admin", "ada@example.com", TwoFactor},
		{"app.example.com", "/admin/users", "ADA@example.com", TwoFactor},
		{"app.example.com", "/admin", "bob@example.com", Deny},
		{"app.example.com", "/admin", "", Deny},
		{"app.example.com", "/administrator", "ada@example.com", TwoFactor}, // no rule: the default
		{"app.example.com", "/public/../admin", "bob@example.com", Deny},
		{"app.example.com", "//admin", "bob@example.com", Deny},
		{"app.example.com", "/admin/./x", "", Deny},
		{"app.example.com", "/wiki/..;/admin", "bob@example.com", Deny}, // Tomcat and Jetty serve /admin
		{"app.example.com", "/admin;x", "bob@example.com", Deny},
		{"app.example.com", "/admin;jsessionid=1/users", "ada@example.com", TwoFactor},
		{"public.example.com", "/x;y", "", Bypass},
		{"app.example.com", "/wiki/page", "", OneFactor},
		{"app.example.com", "/wiki", "", TwoFactor}, // "/wiki/" needs the slash
		{"app.example.com", "/docs", "", OneFactor},
		{"deep.sub.example.com", "/docs/x", "", OneFactor},
		{"example.com", "/docs", "", TwoFactor}, // "*." is sub-domains only
		{"example.com.evil.com", "/docs", "", TwoFactor},
		{"intranet.example.org", "/x", "", OneFactor},
		{"other.example.net", "/", "ada@example.com", TwoFactor},
	} {
		if got := rs.Decide(c.host, c.path, c.email); got != c.want {
			t.Errorf("Decide(%q, %q, %q) = %v, want %v", c.host, c.path, c.email, got, c.want)
		}
	}
	if got := Default().Decide("any.host", "/", ""); got != TwoFactor {
		t.Errorf("without rules: %v, want two_factor", got)
	}
}

func TestListsUsers(t *testing.T) {
	rs, err := Parse([]byte(exampleRules))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		host, path string
		want       bool
	}{
		{"app.example.com", "/admin", true},
		{"APP.example.com", "/admin;x/users", true},
		{"app.example.com", "/administrator", false},
		{"app.example.com", "/wiki/x", false},
		{"public.example.com", "/admin", false}, // the bypass rule comes first
		{"other.example.net", "/admin", false},
	} {
		if got := rs.ListsUsers(c.host, c.path); got != c.want {
			t.Errorf("ListsUsers(%q, %q) = %v, want %v", c.host, c.path, got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	rs, err := Parse([]byte(exampleRules))
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]bool{
		"public.example.com": true, "App.Example.Com:443": true, "x.y.example.com": true,
		"example.com": false, "intranet.example.org": true, "example.org": false, "evil.com": false,
		"public.example.com.evil.com": false,
	} {
		if got := rs.Names(host); got != want {
			t.Errorf("Names(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestCleanPath: dot segments resolve, and path parameters (from ";" to the
// end of a segment) are dropped first, as Tomcat and Jetty drop them
// before they serve a path.
func TestCleanPath(t *testing.T) {
	for in, want := range map[string]string{
		"": "/", "/": "/", "admin": "/admin", "/a//b/": "/a/b/", "/a/./b/../c": "/a/c",
		"/public/../admin": "/admin", "/public/..;/admin": "/admin", "/public/..;x=1/admin": "/admin",
		"/admin;x": "/admin", "/admin;x/users": "/admin/users", "/admin/;x": "/admin/",
		"/;x/admin": "/admin", "/a;b;c/d;": "/a/d", ";/admin": "/admin", "/public/.;/../admin": "/admin",
		"/..;/..;/admin": "/admin",
	} {
		if got := CleanPath(in); got != want {
			t.Errorf("CleanPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeHost(t *testing.T) {
	for in, want := range map[string]string{
		"Example.COM": "example.com", "example.com.": "example.com", "example.com:8080": "example.com",
		"[::1]:80": "::1", "::1": "::1", "127.0.0.1:9": "127.0.0.1", " a.b ": "a.b",
	} {
		if got := NormalizeHost(in); got != want {
			t.Errorf("NormalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDefaultPolicy(t *testing.T) {
	rs, err := Parse([]byte("default_policy: deny\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rs.Default != Deny || len(rs.List) != 0 {
		t.Errorf("got %+v", rs)
	}
	rs, err = Parse([]byte("# nothing yet\n"))
	if err != nil || rs.Default != TwoFactor {
		t.Errorf("empty file: %+v, %v", rs, err)
	}
}

// TestParseErrors: every mistake is refused with the line and the field.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"rules:\n  - hosts: [a.example.com]\n    polcy: deny\n", `[3:5] unknown field "polcy"`},
		{"rule: []\n", `unknown field "rule"`},
		{"rules:\n  - hosts: [a.example.com]\n    policy: allow\n", `line 3: rules[0].policy: "allow" is not a policy`},
		{"rules:\n  - hosts: [a.example.com]\n", `rules[0].policy: is required`},
		{"rules:\n  - policy: deny\n", `rules[0].hosts: is required`},
		{"rules:\n  - hosts: a.example.com\n    policy: deny\n", `[2:12] string was used where sequence is expected`},
		{"rules:\n  - hosts: [a.example.com]\n    policy: deny\n  - hosts: [https://b.example.com]\n    policy: deny\n", `line 4: rules[1].hosts[0]: "https://b.example.com" is not a host name`},
		{"rules:\n  - hosts: [b.example.com:443]\n    policy: deny\n", `rules[0].hosts[0]`},
		{"rules:\n  - hosts: [\"*\"]\n    policy: deny\n", `rules[0].hosts[0]`},
		{"rules:\n  - hosts: [a.example.com]\n    paths: [admin]\n    policy: deny\n", `line 3: rules[0].paths[0]: "admin" is not a clean path prefix`},
		{"rules:\n  - hosts: [a.example.com]\n    paths: [/a/../b]\n    policy: deny\n", `rules[0].paths[0]`},
		{"rules:\n  - hosts: [a.example.com]\n    users: [ada]\n    policy: deny\n", `line 3: rules[0].users[0]: "ada" is not an email address`},
		{"default_policy: open\n", `line 1: default_policy: "open" is not a policy`},
		{"rules: [\n", `[1:8]`},
	} {
		_, err := Parse([]byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", c.src, err, c.want)
		}
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	_, err := Load("does-not-exist.yaml")
	if err == nil || !strings.Contains(err.Error(), "does-not-exist.yaml") {
		t.Errorf("Load of a missing file: %v", err)
	}
}
