package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/webauthntest"
)

// The relying party of the WebAuthn tests: the software authenticator
// signs for this RP ID, and its browser reports this origin.
const (
	waRPID   = "twofa.test"
	waOrigin = "https://twofa.test"
)

// withWebAuthnBase puts the server at waOrigin, which names its RP ID.
func withWebAuthnBase(c *core.Config) { c.BaseURL = waOrigin }

// onBothStores runs fn on an env over SQLite and, when TWOFA_TEST_POSTGRES
// is set, over PostgreSQL.
func onBothStores(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnv(t, withWebAuthnBase)) })
	t.Run("postgres", func(t *testing.T) {
		fn(t, envOn(t, coretest.NewPostgres(t, nil, withWebAuthnBase), Options{}))
	})
}

// options returns the "options" of a begun ceremony, as JSON.
func (r reply) options(t *testing.T) []byte {
	t.Helper()
	b, err := json.Marshal(r.body["options"])
	if err != nil || r.body["options"] == nil {
		t.Fatalf("no options in %s", r.raw)
	}
	return b
}

// registerKey adds a's key to the signed-in account of addr and returns
// its id. The step-up is proven with an emailed code, or with prover's
// key when the account has keys.
func (e *env) registerKey(token, addr string, a, prover *webauthntest.Authenticator, name string) string {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/me/webauthn/register/begin", token, nil), 403, "2fa-required")
	var proof []string
	switch r.str("method") {
	case "email":
		proof = []string{"X-2FA-Method", "email", "X-2FA-Code", e.stepUpCode(addr)}
	case "webauthn":
		proof = e.keyProof(token, prover)
	default:
		e.t.Fatalf("registration asks for %s", r.raw)
	}
	r = e.expect(e.call("POST", "/api/v1/me/webauthn/register/begin", token, nil, proof...), 200, "")
	cred, err := a.Create(r.options(e.t))
	if err != nil {
		e.t.Fatal(err)
	}
	r = e.expect(e.call("POST", "/api/v1/me/webauthn/register/finish", token,
		`{"name":"`+name+`","credential":`+cred+`}`), 201, "")
	key, _ := r.body["credential"].(map[string]any)
	id, _ := key["id"].(string)
	if id == "" || key["name"] != name {
		e.t.Fatalf("registered key: %s", r.raw)
	}
	return id
}

// newKeyAccount signs up addr, signs it in with an email code, and returns
// the session token and a fresh software authenticator for the server.
func (e *env) newKeyAccount(addr string) (string, *webauthntest.Authenticator) {
	e.t.Helper()
	e.signUp(addr)
	return e.loginEmail(addr), webauthntest.New(waRPID, waOrigin)
}

// keyProof begins a step-up with a security key, signs it with a and
// returns the X-2FA headers that carry the signature.
func (e *env) keyProof(token string, a *webauthntest.Authenticator) []string {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/me/webauthn/step-up/begin", token, nil), 200, "")
	cred, err := a.Get(r.options(e.t))
	if err != nil {
		e.t.Fatal(err)
	}
	return []string{"X-2FA-Method", "webauthn", "X-2FA-Code", cred}
}

// keyLogin signs in with the password and a's key as the second step.
func (e *env) keyLogin(addr string, a *webauthntest.Authenticator) reply {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}), 401, "2fa-required")
	if r.str("method") != "webauthn" || r.strings("methods")[0] != "webauthn" {
		e.t.Fatalf("the security key is not offered first: %s", r.raw)
	}
	ch := r.str("challenge")
	r = e.expect(e.call("POST", "/api/v1/login/2fa/webauthn/begin", "", map[string]string{"challenge": ch}), 200, "")
	cred, err := a.Get(r.options(e.t))
	if err != nil {
		e.t.Fatal(err)
	}
	return e.call("POST", "/api/v1/login/2fa/webauthn/finish", "", `{"challenge":"`+ch+`","credential":`+cred+`}`)
}

// eventTypes lists the types and details of the account's audit trail.
func (e *env) eventTypes(token string) string {
	e.t.Helper()
	r := e.expect(e.call("GET", "/api/v1/me/events?limit=200", token, nil), 200, "")
	var out []string
	for _, ev := range r.body["events"].([]any) {
		m := ev.(map[string]any)
		d, _ := m["detail"].(string)
		out = append(out, m["type"].(string)+" "+d)
	}
	return strings.Join(out, "\n")
}

// TestWebAuthnSecondFactor: a key is registered (after step-up), offered
// first at login, signs the second step, is named in the audit trail,
// renamed, proves a step-up, and removed with a step-up; each change is
// mailed.
func TestWebAuthnSecondFactor(t *testing.T) {
	onBothStores(t, func(t *testing.T, e *env) {
		const addr = "kim@example.com"
		token, a := e.newKeyAccount(addr)
		id := e.registerKey(token, addr, a, nil, "Blue key")
		e.WaitMail(addr, regexp.MustCompile("security key was added"))

		r := e.expect(e.keyLogin(addr, a), 200, "")
		token2 := r.str("token")
		if ev := e.eventTypes(token2); !strings.Contains(ev, `webauthn-used "Blue key" (`+id+`)`) || !strings.Contains(ev, "login webauthn") {
			t.Fatalf("the audit trail does not name the key of the login:\n%s", ev)
		}

		r = e.expect(e.call("PUT", "/api/v1/me/webauthn/credentials/"+id, token2, map[string]string{"name": "  "}), 400, "bad-request")
		if r.str("field") != "name" {
			t.Fatalf("a blank name is refused without naming the field: %s", r.raw)
		}
		e.expect(e.call("PUT", "/api/v1/me/webauthn/credentials/"+id, token2, map[string]string{"name": "Yubikey"}), 200, "")
		r = e.expect(e.call("GET", "/api/v1/me/webauthn/credentials", token2, nil), 200, "")
		list := r.body["credentials"].([]any)
		k := list[0].(map[string]any)
		if len(list) != 1 || k["name"] != "Yubikey" || k["lastUsedAt"] == nil || k["createdAt"] == nil || r.body["passwordSet"] != true {
			t.Fatalf("list: %s", r.raw)
		}

		// Removal is sensitive: without a proof it asks for one, the key first.
		r = e.expect(e.call("DELETE", "/api/v1/me/webauthn/credentials/"+id, token2, nil), 403, "2fa-required")
		if r.str("method") != "webauthn" {
			t.Fatalf("step-up does not offer the key first: %s", r.raw)
		}
		e.expect(e.call("DELETE", "/api/v1/me/webauthn/credentials/"+id, token2, nil, e.keyProof(token2, a)...), 200, "")
		e.WaitMail(addr, regexp.MustCompile("security key was removed"))
		e.expect(e.call("DELETE", "/api/v1/me/webauthn/credentials/"+id, token2, nil), 404, "not-found")
		if ev := e.eventTypes(token2); !strings.Contains(ev, `webauthn-removed "Yubikey" (`+id+`)`) {
			t.Fatalf("removal not audited:\n%s", ev)
		}
	})
}

// TestWebAuthnClonedCounter: a signature whose counter went backwards is
// refused, recorded as a possible clone and mailed.
func TestWebAuthnClonedCounter(t *testing.T) {
	onBothStores(t, func(t *testing.T, e *env) {
		const addr = "lee@example.com"
		token, a := e.newKeyAccount(addr)
		e.registerKey(token, addr, a, nil, "Key")
		e.expect(e.keyLogin(addr, a), 200, "")
		e.expect(e.keyLogin(addr, a), 200, "")
		a.Counter = 0 // a copy made before those two logins
		r := e.expect(e.keyLogin(addr, a), 401, "2fa-invalid")
		if !strings.Contains(r.str("message"), "copied") {
			t.Fatalf("refusal does not say why: %s", r.raw)
		}
		m := e.WaitMail(addr, regexp.MustCompile("may have been copied"))
		if !strings.Contains(m.Text, "counter of 1") {
			t.Fatalf("mail: %s", m.Text)
		}
		if ev := e.eventTypes(token); !strings.Contains(ev, "webauthn-possible-clone") {
			t.Fatalf("no clone event:\n%s", ev)
		}
	})
}

// TestWebAuthnCeremonyUsedOnce: a signed answer proves one action: sent
// again, one after the other or many at once, it is refused. The key
// keeps no counter, so only the single-use ceremony stops the replay.
func TestWebAuthnCeremonyUsedOnce(t *testing.T) {
	onBothStores(t, func(t *testing.T, e *env) {
		const addr = "max@example.com"
		token, a := e.newKeyAccount(addr)
		a.NoCounter = true
		e.registerKey(token, addr, a, nil, "Key")

		proof := e.keyProof(token, a)
		e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil, proof...), 200, "")
		r := e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil, proof...), 403, "2fa-invalid")
		if !strings.Contains(r.str("message"), "already used") {
			t.Fatalf("replay refused for another reason: %s", r.raw)
		}

		proof = e.keyProof(token, a)
		const n = 8
		var wg sync.WaitGroup
		status := make([]int, n)
		for i := range n {
			wg.Go(func() {
				status[i] = e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil, proof...).status
			})
		}
		wg.Wait()
		ok := 0
		for _, s := range status {
			if s == http.StatusOK {
				ok++
			}
		}
		if ok != 1 {
			t.Fatalf("one signed answer sent %d times at once proved %d actions (statuses %v), want 1", n, ok, status)
		}
	})
}

// TestWebAuthnWrongOriginOrRP: an answer made on another site (origin) or
// for another relying party is refused, at registration and at login.
func TestWebAuthnWrongOriginOrRP(t *testing.T) {
	e := newEnv(t, withWebAuthnBase)
	const addr = "ned@example.com"
	e.signUp(addr)
	token := e.loginEmail(addr)
	for _, bad := range []struct{ what, rpID, origin string }{
		{"origin", waRPID, "https://twofa.test.evil.example"},
		{"RP ID", "evil.example", waOrigin},
	} {
		a := webauthntest.New(bad.rpID, bad.origin)
		r := e.expect(e.call("POST", "/api/v1/me/webauthn/register/begin", token, nil), 403, "2fa-required")
		r = e.expect(e.call("POST", "/api/v1/me/webauthn/register/begin", token, nil,
			"X-2FA-Method", "email", "X-2FA-Code", e.stepUpCode(addr)), 200, "")
		cred, err := a.Create(r.options(t))
		if err != nil {
			t.Fatal(err)
		}
		r = e.expect(e.call("POST", "/api/v1/me/webauthn/register/finish", token, `{"credential":`+cred+`}`), 400, "webauthn-invalid")
		if r.str("field") != "credential" {
			t.Fatalf("wrong %s: %s", bad.what, r.raw)
		}
	}

	good := webauthntest.New(waRPID, waOrigin)
	e.registerKey(token, addr, good, nil, "Key")
	good.Origin = "https://twofa.test.evil.example"
	r := e.expect(e.keyLogin(addr, good), 401, "2fa-invalid")
	if !strings.Contains(r.str("message"), "origin") {
		t.Fatalf("wrong origin refused for another reason: %s", r.raw)
	}
	good.Origin, good.RPID = waOrigin, "evil.example"
	e.expect(e.keyLogin(addr, good), 401, "2fa-invalid")
	good.RPID = waRPID
	e.expect(e.keyLogin(addr, good), 200, "")
}

// passkeyLogin signs in with a passkey alone.
func (e *env) passkeyLogin(a *webauthntest.Authenticator) reply {
	e.t.Helper()
	r := e.expect(e.call("POST", "/api/v1/login/passkey/begin", "", nil), 200, "")
	cred, err := a.Get(r.options(e.t))
	if err != nil {
		e.t.Fatal(err)
	}
	return e.call("POST", "/api/v1/login/passkey/finish", "", `{"credential":`+cred+`}`)
}

// TestPasskeySignIn: a passkey with user verification signs in without
// email address or password, as both factors; a key without user
// verification, or one not registered here, does not.
func TestPasskeySignIn(t *testing.T) {
	onBothStores(t, func(t *testing.T, e *env) {
		const addr = "ola@example.com"
		token, a := e.newKeyAccount(addr)
		id := e.registerKey(token, addr, a, nil, "Phone")

		r := e.expect(e.passkeyLogin(a), 200, "")
		me := e.expect(e.call("GET", "/api/v1/me", r.str("token"), nil), 200, "")
		if me.str("email") != addr {
			t.Fatalf("passkey signed in as %s", me.raw)
		}
		if ev := e.eventTypes(r.str("token")); !strings.Contains(ev, `login passkey "Phone" (`+id+`)`) {
			t.Fatalf("passkey login not audited with its key:\n%s", ev)
		}
		// Both factors: a sensitive action needs no second proof beyond
		// what the session proved? It still asks, as for any session,
		// and the passkey answers it.
		e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", r.str("token"), nil, e.keyProof(r.str("token"), a)...), 200, "")

		a.UserVerified = false
		r = e.expect(e.passkeyLogin(a), 401, "invalid-credentials")
		if r.str("field") != "credential" {
			t.Fatalf("%s", r.raw)
		}
		a.UserVerified = true

		foreign := webauthntest.New(waRPID, waOrigin)
		if _, err := foreign.Create([]byte(`{"publicKey":{"challenge":"AAAAAAAAAAAAAAAAAAAAAA","user":{"id":"` + "dTE" + `"}}}`)); err != nil {
			t.Fatal(err)
		}
		e.expect(e.passkeyLogin(foreign), 401, "invalid-credentials")
		e.expect(e.passkeyLogin(a), 200, "")
	})
}

// TestPasskeyOnly: an account drops its password once it has a passkey,
// after proof; it then signs in with the passkey only, and its last
// passkey cannot be removed.
func TestPasskeyOnly(t *testing.T) {
	e := newEnv(t, withWebAuthnBase)
	const addr = "pia@example.com"
	e.signUp(addr)
	token := e.loginEmail(addr)
	key := webauthntest.New(waRPID, waOrigin)
	key.Resident = false // a security key that holds no user handle
	e.registerKey(token, addr, key, nil, "USB key")
	e.expect(e.call("DELETE", "/api/v1/me/password", token, nil), 409, "last-way-in")

	pk := webauthntest.New(waRPID, waOrigin)
	pkID := e.registerKey(token, addr, pk, key, "Laptop")
	e.expect(e.call("DELETE", "/api/v1/me/password", token, nil), 403, "2fa-required")
	e.expect(e.call("DELETE", "/api/v1/me/password", token, nil, e.keyProof(token, pk)...), 200, "")
	e.WaitMail(addr, regexp.MustCompile("no longer has a password"))
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": addr, "password": testPassword}), 401, "invalid-credentials")
	r := e.expect(e.call("GET", "/api/v1/me/webauthn/credentials", token, nil), 200, "")
	if r.body["passwordSet"] != false {
		t.Fatalf("%s", r.raw)
	}
	r = e.expect(e.call("DELETE", "/api/v1/me/webauthn/credentials/"+pkID, token, nil), 409, "last-way-in")
	token = e.expect(e.passkeyLogin(pk), 200, "").str("token")

	// A new password brings the password back as a way in; then the
	// passkey may go.
	e.expect(e.call("POST", "/api/v1/me/password", token, map[string]string{"newPassword": "another long passphrase"}), 204, "")
	e.expect(e.call("DELETE", "/api/v1/me/webauthn/credentials/"+pkID, token, nil, e.keyProof(token, pk)...), 200, "")
}

// failKeyAdded is a store whose transactions fail when they record a new
// key in the audit trail: after the key's row is written, before commit.
type failKeyAdded struct{ core.Store }

func (f failKeyAdded) InTx(ctx context.Context, fn func(core.Store) error) error {
	return f.Store.InTx(ctx, func(tx core.Store) error { return fn(failKeyAddedTx{tx}) })
}

func (f failKeyAdded) AddEvent(ctx context.Context, e *core.Event) error {
	return failKeyAddedTx(f).AddEvent(ctx, e)
}

type failKeyAddedTx struct{ core.Store }

func (t failKeyAddedTx) InTx(ctx context.Context, fn func(core.Store) error) error { return fn(t) }

func (t failKeyAddedTx) AddEvent(ctx context.Context, e *core.Event) error {
	if e.Type == core.EventWebAuthnAdded {
		return errors.New("injected failure")
	}
	return t.Store.AddEvent(ctx, e)
}

// TestWebAuthnRegistrationAtomic: a registration that fails half-way (the
// key written, its audit event not) leaves no key behind.
func TestWebAuthnRegistrationAtomic(t *testing.T) {
	rig := coretest.New(t, func(st core.Store) core.Store { return failKeyAdded{st} }, withWebAuthnBase)
	e := envOn(t, rig, Options{})
	const addr = "quinn@example.com"
	e.signUp(addr)
	token := e.loginEmail(addr)
	r := e.expect(e.call("POST", "/api/v1/me/webauthn/register/begin", token, nil), 403, "2fa-required")
	r = e.expect(e.call("POST", "/api/v1/me/webauthn/register/begin", token, nil,
		"X-2FA-Method", "email", "X-2FA-Code", e.stepUpCode(addr)), 200, "")
	cred, err := webauthntest.New(waRPID, waOrigin).Create(r.options(t))
	if err != nil {
		t.Fatal(err)
	}
	e.expect(e.call("POST", "/api/v1/me/webauthn/register/finish", token, `{"credential":`+cred+`}`), 500, "internal")
	r = e.expect(e.call("GET", "/api/v1/me/webauthn/credentials", token, nil), 200, "")
	if n := len(r.body["credentials"].([]any)); n != 0 {
		t.Fatalf("a registration that failed half-way left %d keys: %s", n, r.raw)
	}
}
