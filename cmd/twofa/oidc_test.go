package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// oidcDB is a database for the oidc commands: the flags that name it, and
// the config a test opens it with.
type oidcDB struct {
	flags []string
	cfg   config
}

// oidcDatabases returns a fresh SQLite file and, when TWOFA_TEST_POSTGRES
// is set, a fresh PostgreSQL schema with its key file.
func oidcDatabases(t *testing.T) map[string]func(t *testing.T) oidcDB {
	return map[string]func(t *testing.T) oidcDB{
		"sqlite": func(t *testing.T) oidcDB {
			db := filepath.Join(t.TempDir(), "twofa.db")
			return oidcDB{flags: []string{"--db", db}, cfg: config{DB: db}}
		},
		"postgres": func(t *testing.T) oidcDB {
			dsn := pgtest.Schema(t)
			keyFile := filepath.Join(t.TempDir(), "twofa.key")
			if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
				t.Fatal(err)
			}
			return oidcDB{flags: []string{"--db", dsn, "--secret-key-file", keyFile}, cfg: config{DB: dsn, SecretKeyFile: keyFile}}
		},
	}
}

// twofa runs the command with args and returns its stdout, failing the
// test on an error.
func twofa(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), args, env(nil), &stdout, &stderr); err != nil {
		t.Fatalf("twofa %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// issued parses the --json output of add and rotate-secret, which must be
// one object with clientId and clientSecret and nothing else.
func issued(t *testing.T, out string) (id, secret string) {
	t.Helper()
	var v struct {
		ClientID     *string `json:"clientId"`
		ClientSecret *string `json:"clientSecret"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil || v.ClientID == nil || v.ClientSecret == nil {
		t.Fatalf("--json printed %q (%v), want {\"clientId\": ..., \"clientSecret\": ...}", out, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("--json printed more than one object: %q", out)
	}
	return *v.ClientID, *v.ClientSecret
}

// TestOIDCClientCommands registers, lists, rotates and removes clients with
// the real commands while a server runs on the same database.
func TestOIDCClientCommands(t *testing.T) {
	for name, open := range oidcDatabases(t) {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			startServe(t, append([]string{"--addr", "127.0.0.1:0"}, db.flags...), nil)
			cmd := func(args ...string) string { t.Helper(); return twofa(t, append(args, db.flags...)...) }

			if out := cmd("oidc", "client", "list"); !strings.Contains(out, "No apps are registered") {
				t.Fatalf("list of none: %q", out)
			}
			if out := cmd("oidc", "client", "list", "--json"); strings.TrimSpace(out) != "[]" {
				t.Fatalf("list --json of none: %q, want []", out)
			}
			id, oldSecret := issued(t, cmd("oidc", "client", "add", "--name", "Team wiki", "--json", "--require-2fa",
				"--redirect-uri", "https://wiki.example.com/oidc/callback", "--redirect-uri", "http://127.0.0.1:9000/cb",
				"--post-logout-uri", "https://wiki.example.com/"))
			if !strings.HasPrefix(id, "c_") || !strings.HasPrefix(oldSecret, "twofa_cs_") {
				t.Fatalf("add --json: id %q secret %q", id, oldSecret)
			}
			pubID, pubSecret := issued(t, cmd("oidc", "client", "add", "--json", "--public", "--name", "Phone app",
				"--redirect-uri", "com.example.phone:/callback"))
			if pubSecret != "" {
				t.Fatalf("a public client was given the secret %q", pubSecret)
			}

			var listed []listedClient
			if err := json.Unmarshal([]byte(cmd("oidc", "client", "list", "--json")), &listed); err != nil {
				t.Fatal(err)
			}
			if len(listed) != 2 || listed[0].ClientID != id || listed[1].ClientID != pubID {
				t.Fatalf("list --json: %+v", listed)
			}
			if w := listed[0]; w.Name != "Team wiki" || w.Public || !w.Require2FA || w.CreatedAt.IsZero() ||
				strings.Join(w.RedirectURIs, " ") != "https://wiki.example.com/oidc/callback http://127.0.0.1:9000/cb" ||
				strings.Join(w.PostLogoutURIs, " ") != "https://wiki.example.com/" {
				t.Fatalf("the confidential client as listed: %+v", w)
			}
			if p := listed[1]; !p.Public || p.Require2FA || p.PostLogoutURIs == nil {
				t.Fatalf("the public client as listed: %+v", p)
			}
			table := cmd("oidc", "client", "list")
			for _, want := range []string{id, "Team wiki", "confidential", pubID, "Phone app", "public", "com.example.phone:/callback"} {
				if !strings.Contains(table, want) {
					t.Errorf("list lacks %q:\n%s", want, table)
				}
			}

			// The ID may come before or after the flags.
			_, newSecret := issued(t, twofa(t, append(append([]string{"oidc", "client", "rotate-secret"}, db.flags...), id, "--json")...))
			if newSecret == oldSecret || !strings.HasPrefix(newSecret, "twofa_cs_") {
				t.Fatalf("rotate-secret gave %q (was %q)", newSecret, oldSecret)
			}
			svc, done, err := openService(context.Background(), &db.cfg, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			defer done()
			ctx := context.Background()
			if _, err := svc.CheckOIDCClientSecret(ctx, id, newSecret); err != nil {
				t.Fatalf("the new secret is refused: %v", err)
			}
			if _, err := svc.CheckOIDCClientSecret(ctx, id, oldSecret); err == nil {
				t.Fatal("the old secret still works after rotate-secret")
			}

			if out := cmd("oidc", "client", "remove", id); !strings.Contains(out, "Removed client "+id) {
				t.Fatalf("remove said %q", out)
			}
			if out := cmd("oidc", "client", "list"); strings.Contains(out, id) || !strings.Contains(out, pubID) {
				t.Fatalf("list after remove:\n%s", out)
			}
			if _, err := svc.OIDCClient(ctx, id); !isNotFound(err) {
				t.Fatalf("the removed client read through the core: %v", err)
			}
			var out bytes.Buffer
			err = run(ctx, append([]string{"oidc", "client", "remove", id}, db.flags...), env(nil), &out, &out)
			if err == nil || !strings.Contains(err.Error(), "no client") || !strings.Contains(err.Error(), "twofa oidc client list") {
				t.Fatalf("removing it again: %v", err)
			}
		})
	}
}

// TestOIDCClientAddPrints: without --json, add prints the ID and the
// secret, and says the secret is shown only now.
func TestOIDCClientAddPrints(t *testing.T) {
	db := filepath.Join(t.TempDir(), "twofa.db")
	out := twofa(t, "oidc", "client", "add", "--db", db, "--name", "Grafana", "--redirect-uri", "https://grafana.example.com/login/generic_oauth")
	for _, want := range []string{"Client ID:", "c_", "Client secret:", "twofa_cs_", "shown only now", "twofa oidc client rotate-secret c_", "https://grafana.example.com/login/generic_oauth"} {
		if !strings.Contains(out, want) {
			t.Errorf("add printed no %q:\n%s", want, out)
		}
	}
	out = twofa(t, "oidc", "client", "add", "--db", db, "--name", "CLI tool", "--public", "--redirect-uri", "http://127.0.0.1/cb")
	if strings.Contains(out, "twofa_cs_") || !strings.Contains(out, "PKCE") {
		t.Errorf("add --public printed:\n%s", out)
	}
	id := strings.Fields(out[strings.Index(out, "Client ID:"):])[2]
	var buf bytes.Buffer
	err := run(context.Background(), []string{"oidc", "client", "rotate-secret", id, "--db", db}, env(nil), &buf, &buf)
	if err == nil || !strings.Contains(err.Error(), "public") {
		t.Fatalf("rotate-secret of a public client: %v", err)
	}
}

// TestOIDCCommandErrors: bad usage is refused with an error naming the
// flag or argument at fault, and registers nothing.
func TestOIDCCommandErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "twofa.db")
	add := []string{"oidc", "client", "add", "--db", db}
	cases := []struct {
		args []string
		vars map[string]string
		want string
	}{
		{append(add, "--redirect-uri", "https://a.example.com/cb"), nil, "--name is required"},
		// The command's own flags are not read from the environment.
		{append(add, "--redirect-uri", "https://a.example.com/cb"), map[string]string{"TWOFA_NAME": "From env"}, "--name is required"},
		{append(add, "--name", "A"), nil, "--redirect-uri is required"},
		{append(add, "--name", "A", "--redirect-uri", "http://a.example.com/cb"), nil, "--redirect-uri: \"http://a.example.com/cb\" must use https"},
		{append(add, "--name", "A", "--redirect-uri", "/cb"), nil, "--redirect-uri: \"/cb\" is not an absolute URI"},
		{append(add, "--name", "A", "--redirect-uri", "https://a.example.com/cb#top"), nil, "--redirect-uri: \"https://a.example.com/cb#top\" has a fragment"},
		{append(add, "--name", "A", "--redirect-uri", "com.example.app:/cb"), nil, "only a public client"},
		{append(add, "--name", "A", "--redirect-uri", "https://a.example.com/cb", "--post-logout-uri", "ftp://a.example.com/"), nil, "--post-logout-uri: \"ftp://a.example.com/\""},
		{append(add, "--name", strings.Repeat("n", 101), "--redirect-uri", "https://a.example.com/cb"), nil, "--name: is longer than 100"},
		{append(add, "--name", "My", "app", "--redirect-uri", "https://a.example.com/cb"), nil, `unexpected argument "app"`},
		{append(add, "--nope"), nil, "unknown flag --nope, did you mean --name? (twofa oidc client add -h lists the flags)"},
		{[]string{"oidc", "client", "remove", "--db", db}, nil, "the client ID is missing"},
		{[]string{"oidc", "client", "remove", "--db", db, "c_a", "c_b"}, nil, `unexpected argument "c_b"`},
		{[]string{"oidc", "client", "rotate-secret", "c_nosuchclient", "--db", db}, nil, `there is no client "c_nosuchclient"`},
		{[]string{"oidc", "client", "list", "extra", "--db", db}, nil, `unexpected argument "extra"`},
		{[]string{"oidc", "client", "frob"}, nil, `unknown command "frob"`},
		{[]string{"oidc", "client"}, nil, "no command given"},
		{[]string{"oidc", "frob"}, nil, `unknown command "frob"`},
		{[]string{"oidc"}, nil, "no command given"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), c.args, env(c.vars), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error containing %q", c.args, err, c.want)
		}
		if stdout.Len() > 0 {
			t.Errorf("%q: printed %q on stdout", c.args, stdout.String())
		}
	}
	if out := twofa(t, "oidc", "client", "list", "--db", db, "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("refused commands registered clients: %s", out)
	}
}

// TestOIDCUsage: the help of twofa and of twofa oidc lists the commands.
func TestOIDCUsage(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"oidc", "help"}} {
		out := twofa(t, args...)
		for _, want := range []string{"oidc client add", "oidc client list", "oidc client remove ID", "oidc client rotate-secret ID", "oidc rotate-signing-key"} {
			if !strings.Contains(out, want) {
				t.Errorf("twofa %s lacks %q:\n%s", strings.Join(args, " "), want, out)
			}
		}
	}
}

// TestOIDCExitStatus runs the real binary: bad usage exits non-zero with
// the error on stderr and nothing on stdout.
func TestOIDCExitStatus(t *testing.T) {
	cmd := exec.Command(os.Args[0], "oidc", "client", "add", "--db", filepath.Join(t.TempDir(), "twofa.db"), "--redirect-uri", "https://a.example.com/cb")
	cmd.Env = append(os.Environ(), asMain+"=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1", err)
	}
	if stdout.Len() > 0 || !strings.Contains(stderr.String(), "twofa: --name is required") {
		t.Fatalf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

func isNotFound(err error) bool {
	e, ok := core.AsError(err)
	return ok && e.Code == core.CodeNotFound
}

// TestOIDCRotateSigningKey: beside a running server, rotate-signing-key
// adds keys that are published at once, and the keys before stay
// published (the core's tests show when the new ones start signing).
func TestOIDCRotateSigningKey(t *testing.T) {
	for name, open := range oidcDatabases(t) {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			startServe(t, append([]string{"--addr", "127.0.0.1:0"}, db.flags...), nil)
			ctx := context.Background()
			keys := func() *core.OIDCKeys {
				t.Helper()
				svc, done, err := openService(ctx, &db.cfg, io.Discard)
				if err != nil {
					t.Fatal(err)
				}
				defer done()
				k, err := svc.OIDCKeys(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return k
			}
			before := keys()
			out := twofa(t, append([]string{"oidc", "rotate-signing-key"}, db.flags...)...)
			m := regexp.MustCompile(`New signing keys: (k_\w+), (k_\w+)\.`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("rotate-signing-key printed %q", out)
			}
			// The new keys are published at once, and sign once every
			// instance has read them (30 s on); the old one signs meanwhile.
			after := keys()
			if s := after.Signing.ID; s != before.Signing.ID {
				t.Fatalf("signing with %s right after the rotation, want %s until the new keys are published everywhere", s, before.Signing.ID)
			}
			var published []string
			for _, k := range after.Published {
				published = append(published, k.ID)
			}
			for _, k := range append(before.Published, core.PublicKey{ID: m[1]}, core.PublicKey{ID: m[2]}) {
				if !slices.Contains(published, k.ID) {
					t.Errorf("key %s is not published after the rotation (published: %q)", k.ID, published)
				}
			}
			var buf bytes.Buffer
			err := run(ctx, append([]string{"oidc", "rotate-signing-key", "now"}, db.flags...), env(nil), &buf, &buf)
			if err == nil || !strings.Contains(err.Error(), `unexpected argument "now"`) {
				t.Fatalf("rotate-signing-key now: %v", err)
			}
		})
	}
}
