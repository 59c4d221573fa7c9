package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/authz"
)

// parseServe parses serve's flags and variables and validates them.
func parseServe(args []string, vars map[string]string) (*config, error) {
	var c config
	fs := newFlagSet("serve", &c, &strings.Builder{})
	addServeFlags(fs, &c)
	if err := parseFlags(fs, args, env(vars)); err != nil {
		return nil, err
	}
	return &c, c.validate()
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAccessRulesFlag: --access-rules and TWOFA_ACCESS_RULES load a rules
// file; a bad file stops serve with the variable or flag, the file, the
// line and the field.
func TestAccessRulesFlag(t *testing.T) {
	good := writeFile(t, "rules.yaml", "rules:\n  - hosts: [public.example.com]\n    policy: bypass\n")
	for _, c := range []struct {
		args []string
		vars map[string]string
	}{
		{[]string{"--access-rules", good}, nil},
		{nil, map[string]string{"TWOFA_ACCESS_RULES": good}},
	} {
		cfg, err := parseServe(c.args, c.vars)
		if err != nil {
			t.Fatalf("%v %v: %v", c.args, c.vars, err)
		}
		if cfg.AccessRules == nil || cfg.AccessRules.Decide("public.example.com", "/", "") != authz.Bypass {
			t.Errorf("%v %v: rules not loaded: %+v", c.args, c.vars, cfg.AccessRules)
		}
	}
	if cfg, err := parseServe(nil, nil); err != nil || cfg.AccessRules != nil {
		t.Errorf("no rules: %+v, %v", cfg, err)
	}

	bad := writeFile(t, "bad.yaml", "rules:\n  - hosts: [app.example.com]\n    policy: allow\n")
	typo := writeFile(t, "typo.yaml", "rules:\n  - hosts: [app.example.com]\n    polcy: deny\n")
	for _, c := range []struct {
		args []string
		vars map[string]string
		want []string
	}{
		{[]string{"--access-rules", bad}, nil, []string{"-access-rules", "bad.yaml", "line 3: rules[0].policy", `"allow" is not a policy`}},
		{nil, map[string]string{"TWOFA_ACCESS_RULES": typo}, []string{"TWOFA_ACCESS_RULES (--access-rules)", "typo.yaml", `[3:5] unknown field "polcy"`}},
		{[]string{"--access-rules", filepath.Join(t.TempDir(), "missing.yaml")}, nil, []string{"missing.yaml", "no such file"}},
	} {
		_, err := parseServe(c.args, c.vars)
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%v %v: error %v, want it to contain %q", c.args, c.vars, err, w)
			}
		}
	}
}

// TestCookieDomainFlag: --cookie-domain must be the host of --base-url or
// a parent of it.
func TestCookieDomainFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // "" for no error
	}{
		{[]string{"--base-url", "https://id.example.com", "--cookie-domain", "example.com"}, ""},
		{[]string{"--base-url", "https://id.example.com", "--cookie-domain", ".example.com"}, ""},
		{[]string{"--base-url", "https://example.com", "--cookie-domain", "example.com"}, ""},
		{[]string{"--addr", "127.0.0.1:9000", "--cookie-domain", "127.0.0.1"}, ""},
		{[]string{"--base-url", "https://id.example.com", "--cookie-domain", "other.com"}, "must be the host of --base-url (id.example.com) or a parent"},
		{[]string{"--base-url", "https://id.example.com", "--cookie-domain", "ample.com"}, "must be the host of --base-url"},
		{[]string{"--base-url", "https://id.example.com", "--cookie-domain", "https://example.com"}, "is not a domain name"},
		{[]string{"--base-url", "https://id.example.com", "--cookie-domain", "example.com:443"}, "is not a domain name"},
	} {
		_, err := parseServe(c.args, nil)
		if (err == nil) != (c.want == "") || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
	cfg, err := parseServe(nil, map[string]string{"TWOFA_BASE_URL": "https://id.example.com", "TWOFA_COOKIE_DOMAIN": "example.com"})
	if err != nil || cfg.CookieDomain != "example.com" {
		t.Errorf("TWOFA_COOKIE_DOMAIN: %+v, %v", cfg, err)
	}
}

// TestServeForwardAuth: serve wires the rules into the handler.
func TestServeForwardAuth(t *testing.T) {
	rules := writeFile(t, "rules.yaml", "rules:\n  - hosts: [public.example.com]\n    policy: bypass\n  - hosts: [closed.example.com]\n    policy: deny\n")
	base, _ := startServe(t, []string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "twofa.db"), "--access-rules", rules}, nil)
	for host, want := range map[string]int{"public.example.com": 200, "closed.example.com": 403, "app.example.com": 401} {
		req, err := http.NewRequest("GET", base+"/api/v1/authz/auth-request", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Original-URL", "https://"+host+"/")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}
