package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// postLogin sends a login to the server at base and returns the status
// and the error code of the answer.
func postLogin(t *testing.T, base, email, password string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	resp, err := http.Post(base+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		Error string `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&v)
	return resp.StatusCode, v.Error
}

// TestAdminCommands runs every twofa admin command against a database a
// server is serving at the same time, on SQLite and PostgreSQL.
func TestAdminCommands(t *testing.T) {
	for name, open := range oidcDatabases(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			base, _ := startServe(t, append([]string{"--addr", "127.0.0.1:0"}, db.flags...), nil)
			cmd := func(args ...string) string { t.Helper(); return twofa(t, append(args, db.flags...)...) }
			fails := func(want string, args ...string) {
				t.Helper()
				var out bytes.Buffer
				err := run(ctx, append(args, db.flags...), env(nil), &out, &out)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("twofa %s: %v, want an error saying %q", strings.Join(args, " "), err, want)
				}
			}

			if out := cmd("admin", "list"); !strings.Contains(out, "No administrators") {
				t.Fatalf("list of none: %q", out)
			}
			pwFile := filepath.Join(t.TempDir(), "pw")
			if err := os.WriteFile(pwFile, []byte("a long admin passphrase\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			out := cmd("admin", "create", "--email", "Boss@Example.com", "--name", "The Boss", "--password-file", pwFile)
			if !strings.Contains(out, "Created the administrator boss@example.com") {
				t.Fatalf("create said %q", out)
			}
			// The password came from the file, without its newline.
			if code, e := postLogin(t, base, "boss@example.com", "a long admin passphrase"); code != 401 || e != core.CodeTwoFactorRequired {
				t.Fatalf("the new administrator's login: %d %s, want 401 2fa-required", code, e)
			}
			fails("already has an account; make it an administrator with: twofa admin promote", "admin", "create", "--email", "boss@example.com", "--name", "Again", "--password-file", pwFile)
			fails("--name is required", "admin", "create", "--email", "x@example.com", "--password-file", pwFile)
			fails("no terminal", "admin", "create", "--email", "x@example.com", "--name", "X")

			// A user signs up through the server; the commands find it by address.
			body := `{"email":"user@example.com","password":"a user's long password","name":"User"}`
			resp, err := http.Post(base+"/api/v1/signup", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("sign-up: %d", resp.StatusCode)
			}
			cmd("admin", "promote", "USER@example.com")
			var listed []listedAdmin
			if err := json.Unmarshal([]byte(cmd("admin", "list", "--json")), &listed); err != nil {
				t.Fatal(err)
			}
			if len(listed) != 2 || listed[0].Email != "boss@example.com" || listed[1].Email != "user@example.com" || listed[0].Name != "The Boss" {
				t.Fatalf("list --json: %+v", listed)
			}
			cmd("admin", "demote", "user@example.com")
			fails("last administrator", "admin", "demote", "boss@example.com")
			fails("no account has the address nobody@example.com", "admin", "reset-2fa", "nobody@example.com")
			fails("email address is missing", "admin", "unlock")

			if out := cmd("admin", "disable", "user@example.com"); !strings.Contains(out, "disabled") {
				t.Fatalf("disable said %q", out)
			}
			if code, e := postLogin(t, base, "user@example.com", "a user's long password"); code != 403 || e != core.CodeAccountDisabled {
				t.Errorf("login of a disabled account: %d %s, want 403 %s", code, e, core.CodeAccountDisabled)
			}
			cmd("admin", "enable", "user@example.com")
			if code, e := postLogin(t, base, "user@example.com", "a user's long password"); code != 401 || e != core.CodeTwoFactorRequired {
				t.Errorf("login after enable: %d %s, want 401 2fa-required", code, e)
			}
			cmd("admin", "unlock", "user@example.com")
			if out := cmd("admin", "send-password-reset", "user@example.com"); !strings.Contains(out, "new password") {
				t.Errorf("send-password-reset said %q", out)
			}
			cmd("admin", "reset-2fa", "user@example.com")

			svc, done, err := openService(ctx, &db.cfg, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			defer done()
			u, err := svc.FindUser(ctx, "email", "user@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if u.IsAdmin() || u.Disabled() || !u.Email2FA {
				t.Errorf("the user after the commands: admin %v, disabled %v, email codes %v", u.IsAdmin(), u.Disabled(), u.Email2FA)
			}
			cmd("admin", "delete", "user@example.com")
			if _, err := svc.FindUser(ctx, "email", "user@example.com"); err == nil {
				t.Error("the account is still there after admin delete")
			}
			fails("last administrator", "admin", "delete", "boss@example.com")
		})
	}
}
