package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/core"
)

// addAuthenticator plugs a virtual platform authenticator into the tab:
// CTAP2 over the internal transport, with resident keys (passkeys) and
// user verification that succeeds, and touches that happen by themselves.
// cmtg is only there so that WebAuthn.addCredential, whose every call
// names the cmtg extension, accepts credentials for it.
func (b *browserTest) addAuthenticator(cmtg bool) webauthn.AuthenticatorID {
	b.t.Helper()
	var id webauthn.AuthenticatorID
	b.do("add a virtual authenticator", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		res, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{
			Options: &webauthn.VirtualAuthenticatorOptions{
				Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
				HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
				HasCmtgKey: cmtg,
			},
		})
		id = res.AuthenticatorID
		return err
	}))
	return id
}

// credentials lists the credentials the virtual authenticator holds.
func (b *browserTest) credentials(id webauthn.AuthenticatorID) []*webauthn.Credential {
	b.t.Helper()
	var out []*webauthn.Credential
	b.do("list the authenticator's credentials", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := chromedp.Call(ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
		out = res.Credentials
		return err
	}))
	return out
}

// withoutConditionalUI makes the pages opened from now on find no
// conditional mediation (passkey autofill) in the browser; it returns the
// id of the script that does it, to remove.
func (b *browserTest) withoutConditionalUI() page.ScriptIdentifier {
	b.t.Helper()
	var id page.ScriptIdentifier
	b.do("turn passkey autofill off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		res, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);`,
		})
		id = res.Identifier
		return err
	}))
	return id
}

// passkeyLogins counts the passkey sign-ins in addr's audit trail.
func (e *env) passkeyLogins(addr string) int {
	e.t.Helper()
	u, err := e.Store.UserByEmail(context.Background(), addr)
	if err != nil {
		e.t.Fatal(err)
	}
	events, err := e.Store.Events(context.Background(), u.ID, core.EventCursor{}, 500)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, ev := range events {
		if ev.Type == core.EventLogin && strings.HasPrefix(ev.Detail, core.FactorPasskey+" ") {
			n++
		}
	}
	return n
}

// logOut logs out from the User Panel.
func (b *browserTest) logOut() {
	b.t.Helper()
	b.do("log out",
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.Click(chromedp.CSS(`.user-panel .menu button[type="submit"]`)),
	)
	b.waitPage("login")
}

// TestBrowserWebAuthn drives Chromium's virtual authenticator through the
// pages: a passkey is added from the Security page (after a step-up by
// email), then serves as the second step of a login, as the proof of a
// sensitive change, and as a sign-in without the password; it is removed
// with itself as proof. A second authenticator, whose passkey for this
// site no account registered, is refused at the passkey sign-in.
func TestBrowserWebAuthn(t *testing.T) {
	e := newLocalhostEnv(t)
	b := newBrowserTest(t, e)
	const alice = "alice@example.com"
	e.signUp(alice)
	auth := b.addAuthenticator(false)
	b.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	b.logInWithMailedCode(alice)
	b.waitPage("security")
	if got := b.text("#keys .badge"); got != "None" {
		t.Fatalf("a new account's keys are %q", got)
	}

	// Adding a key is a change of the second factors: it asks for proof.
	b.do("add a key", chromedp.Click(chromedp.CSS(`#keys form[action="/account/security/keys/add"] button`)))
	b.waitPage("confirm")
	b.do("confirm with the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), e.stepUpCode(alice)),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.waitPage("webauthn_add")
	b.do("name the key and create it",
		chromedp.SendKeys(chromedp.ID("name"), "Laptop"),
		chromedp.Click(chromedp.CSS(`form[data-webauthn="create"] button[type="submit"]`)),
	)
	b.waitPage("security")
	if got := b.text(".notice"); !strings.HasPrefix(got, "The security key was added") {
		t.Fatalf("notice after adding a key = %q", got)
	}
	if got := b.text("#keys tbody tr .cell-title"); !strings.HasPrefix(got, "Laptop") || !strings.Contains(got, "Passkey") {
		t.Fatalf("the key's row reads %q, want Laptop, a passkey", got)
	}
	if creds := b.credentials(auth); len(creds) != 1 || !creds[0].IsResidentCredential || creds[0].RpID != "localhost" {
		t.Fatalf("the authenticator holds %+v, want one passkey for localhost", creds)
	}
	b.screenshot("security-keys")
	b.do("rename the key",
		chromedp.Navigate(e.srv.URL+"/account/security"), // no notice before the rename's
		chromedp.Click(chromedp.CSS(`#keys details.rename summary`)),
		chromedp.Clear(chromedp.CSS(`#keys details.rename input[name="name"]`)),
		chromedp.SendKeys(chromedp.CSS(`#keys details.rename input[name="name"]`), "Work laptop"),
		chromedp.Click(chromedp.CSS(`#keys details.rename button[type="submit"]`)),
	)
	b.do("wait for the rename", chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	if got := b.text(".notice"); got != "The security key was renamed." {
		t.Fatalf("notice after the rename = %q", got)
	}
	if got := b.text("#keys tbody tr .cell-title"); !strings.HasPrefix(got, "Work laptop") {
		t.Fatalf("after the rename the key's row reads %q", got)
	}

	// The key is offered first at the second step of a login. Chromium
	// answers a conditional request (the email field's passkey autofill)
	// from a virtual authenticator at once, which would sign in before
	// the password is typed: until the last step this browser says it
	// has no such autofill, as many browsers do.
	noAutofill := b.withoutConditionalUI()
	b.logOut()
	b.do("log in with the password",
		chromedp.SendKeys(chromedp.ID("email"), alice),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type="submit"]`)),
	)
	b.waitPage("login_2fa")
	if got := b.text("main form button"); got != "Use your security key" {
		t.Fatalf("the second step offers %q first", got)
	}
	b.screenshot("login-2fa-key")
	b.do("use the key", chromedp.Click(chromedp.CSS(`#key-form button`)))
	b.waitPage("security")

	// A sensitive change takes the key as its proof.
	b.do("regenerate recovery codes", chromedp.Click(chromedp.CSS(`#recovery button[type="submit"]`)))
	b.waitPage("confirm")
	b.do("confirm with the key", chromedp.Click(chromedp.CSS(`#key-form button`)))
	b.waitPage("recovery_codes")

	// A passkey signs in without the password.
	b.do("go to the Security page", chromedp.Navigate(e.srv.URL+"/account/security"))
	b.waitPage("security")
	b.logOut()
	b.do("wait for the passkey button", chromedp.WaitVisible(chromedp.CSS(`#passkey-form button`)))
	b.screenshot("login-passkey")
	b.do("sign in with the passkey", chromedp.Click(chromedp.CSS(`#passkey-form button`)))
	b.waitPage("security")
	if got := b.text("#keys tbody tr .cell-title"); !strings.HasPrefix(got, "Work laptop") {
		t.Fatalf("after the passkey sign-in the keys read %q", got)
	}
	if n := e.passkeyLogins(alice); n != 1 {
		t.Fatalf("the audit trail has %d passkey sign-ins, want 1", n)
	}

	// Where the browser offers passkeys in the email field's autofill, the
	// login page asks for one as it loads, and the passkey chosen signs in
	// (the virtual authenticator chooses its own at once).
	b.do("allow passkey autofill again", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: noAutofill})
		return err
	}))
	b.do("log out",
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.Click(chromedp.CSS(`.user-panel .menu button[type="submit"]`)),
	)
	for deadline := time.Now().Add(stepTimeout); e.passkeyLogins(alice) < 2; {
		if time.Now().After(deadline) {
			t.Fatal("the login page's passkey autofill did not sign in")
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.waitPage("security")
	noAutofill = b.withoutConditionalUI()

	// Removing the key is a sensitive change too; the key proves it.
	b.do("remove the key", chromedp.Click(chromedp.CSS(`#keys form[action="/account/security/keys/remove"] button`)))
	b.waitPage("confirm")
	b.do("confirm with the key", chromedp.Click(chromedp.CSS(`#key-form button`)))
	b.waitPage("security")
	if got := b.text(".notice"); !strings.HasPrefix(got, "The security key was removed") {
		t.Fatalf("notice after removing the key = %q", got)
	}
	if got := b.text("#keys .badge"); got != "None" {
		t.Fatalf("after removing the key the badge reads %q", got)
	}

	// Another authenticator with a passkey for this site that no account
	// registered: the sign-in is refused, and says why.
	b.do("unplug the first authenticator", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: auth})
		return err
	}))
	other := b.addAuthenticator(true)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	b.do("give it a foreign passkey", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, webauthn.AddCredential, webauthn.AddCredentialParams{AuthenticatorID: other,
			Credential: &webauthn.Credential{CredentialID: []byte("foreign-passkey-1"), IsResidentCredential: true, RpID: "localhost",
				PrivateKey: pkcs8, UserHandle: []byte("u_someone-else"), UserName: alice, SignCount: 1}})
		return err
	}))
	b.logOut()
	b.do("sign in with the foreign passkey",
		chromedp.WaitVisible(chromedp.CSS(`#passkey-form button`)),
		chromedp.Click(chromedp.CSS(`#passkey-form button`)),
	)
	b.waitPage("login")
	b.do("wait for the refusal", chromedp.WaitVisible(chromedp.CSS(".alert")))
	if got := b.text(".alert"); !strings.Contains(got, "This passkey does not sign in to any account here") {
		t.Fatalf("the foreign passkey's refusal reads %q", got)
	}
	b.forgetConsole("401") // the refused passkey
	b.forgetConsole("403") // the confirm pages ask for proof
	b.checkConsole()
}
