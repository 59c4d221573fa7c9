package server

import (
	"bytes"
	"encoding/base64"
	"image"
	_ "image/png"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/twofa-dev/twofa/internal/coretest"
)

var recoveryCodeRe = regexp.MustCompile(`^[a-z2-9]{5}-[a-z2-9]{5}$`)

// TestUserGuideFlow walks the user guide end to end through the API: sign
// up with email 2FA on, log in with a mailed code, enable TOTP from the QR
// code, get recovery codes, and use every method and sensitive action.
func TestUserGuideFlow(t *testing.T) {
	e := newEnv(t)
	const alice = "alice@example.com"

	r := e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{
		"email": " Alice@Example.com ", "password": testPassword, "name": "Alice",
	}), 201, "")
	user := r.body["user"].(map[string]any)
	if user["email"] != alice {
		t.Fatalf("email not normalised: %v", user["email"])
	}
	tf := user["twoFactor"].(map[string]any)
	if tf["email"].(map[string]any)["enabled"] != true || tf["totp"].(map[string]any)["enabled"] != false {
		t.Fatalf("new account should have email 2FA only: %v", tf)
	}
	e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{
		"email": alice, "password": testPassword, "name": "Alice again",
	}), 409, "email-taken")

	// Login: email is the only method, so the code is mailed at once.
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	if got := r.strings("methods"); !slices.Equal(got, []string{"email"}) || r.str("method") != "email" || r.body["codeSent"] != true {
		t.Fatalf("challenge = %s", r.raw)
	}
	challenge := r.str("challenge")
	code := e.MailedCode(alice)
	wrong := "000-000"
	if code == wrong {
		wrong = "111-111"
	}
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": challenge, "method": "email", "code": wrong}), 401, "2fa-invalid")
	if r.num("attemptsLeft") != 4 {
		t.Fatalf("attemptsLeft = %d, want 4", r.num("attemptsLeft"))
	}
	// The challenge survived the wrong code; the right one, without its dash, works.
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": challenge, "method": "email", "code": strings.ReplaceAll(code, "-", "")}), 200, "")
	token := r.str("token")
	// A used challenge is gone.
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": challenge, "method": "email", "code": code}), 410, "challenge-expired")

	// Security page: enable TOTP. Even right after signing in, adding an
	// app asks for a second factor first.
	r = e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil), 403, "2fa-required")
	if r.str("method") != "email" || r.body["codeSent"] != true {
		t.Fatalf("setup without proof: %s", r.raw)
	}
	r = e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil, "X-2FA-Method", "email", "X-2FA-Code", e.MailedCode(alice)), 200, "")
	sec, url := r.str("secret"), r.str("otpauthUrl")
	if !regexp.MustCompile(`^[A-Z2-7]{32,}$`).MatchString(sec) {
		t.Fatalf("secret %q is not unpadded upper-case base32 of at least 160 bits", sec)
	}
	if !strings.HasPrefix(url, "otpauth://totp/twofa:alice@example.com?") || !strings.Contains(url, "secret="+sec) || !strings.Contains(url, "issuer=twofa") {
		t.Fatalf("otpauthUrl = %q", url)
	}
	if got := decodeQR(t, r.str("qrPng")); got != url {
		t.Fatalf("QR code holds %q, want %q", got, url)
	}
	// Only a correct code activates TOTP.
	bad := coretest.TOTPCode(e.t, sec, e.Clock.Now().Add(-5*time.Minute))
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/verify", token, map[string]string{"code": bad}), 401, "2fa-invalid")
	r = e.expect(e.call("GET", "/api/v1/me", token, nil), 200, "")
	if r.body["twoFactor"].(map[string]any)["totp"].(map[string]any)["enabled"] != false {
		t.Fatal("a wrong code enabled TOTP")
	}
	enableCode := coretest.TOTPCode(e.t, sec, e.Clock.Now())
	r = e.expect(e.call("POST", "/api/v1/me/2fa/totp/verify", token, map[string]string{"code": enableCode}), 200, "")
	recovery := r.strings("recoveryCodes")
	if len(recovery) != 12 {
		t.Fatalf("got %d recovery codes, want 12", len(recovery))
	}
	for _, c := range recovery {
		if !recoveryCodeRe.MatchString(c) {
			t.Fatalf("recovery code %q is not two groups of five", c)
		}
	}
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/setup", token, nil), 409, "totp-already-enabled")
	r = e.expect(e.call("GET", "/api/v1/me", token, nil), 200, "")
	tf = r.body["twoFactor"].(map[string]any)
	if tf["totp"].(map[string]any)["enabled"] != true || tf["email"].(map[string]any)["enabled"] != true ||
		tf["recoveryCodes"].(map[string]any)["remaining"] != float64(12) {
		t.Fatalf("after enabling TOTP: %s", r.raw)
	}

	// Logout ends the session server-side.
	e.expect(e.call("POST", "/api/v1/logout", token, nil), 204, "")
	e.expect(e.call("GET", "/api/v1/me", token, nil), 401, "unauthenticated")
	// Logging out again, or without a session, is not an error.
	e.expect(e.call("POST", "/api/v1/logout", token, nil), 204, "")
	e.expect(e.call("POST", "/api/v1/logout", "", nil), 204, "")

	// Login now prefers TOTP and sends no mail.
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	if got := r.strings("methods"); !slices.Equal(got, []string{"totp", "email", "recovery"}) || r.str("method") != "totp" || r.body["codeSent"] != false {
		t.Fatalf("challenge = %s", r.raw)
	}
	challenge = r.str("challenge")
	// The code that enabled TOTP used up its step: no replay.
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": challenge, "method": "totp", "code": enableCode}), 401, "2fa-invalid")
	if !strings.Contains(r.str("message"), "already used") {
		t.Fatalf("replay message = %q", r.str("message"))
	}
	e.Clock.Advance(30 * time.Second)
	totpCode := coretest.TOTPCode(e.t, sec, e.Clock.Now())
	r = e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": challenge, "method": "totp", "code": totpCode}), 200, "")
	token = r.str("token")

	// Switching to email on a TOTP challenge.
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	challenge = r.str("challenge")
	e.expect(e.call("POST", "/api/v1/login/2fa/email", "", map[string]string{"challenge": challenge}), 202, "")
	code = e.MailedCode(alice)
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": challenge, "method": "email", "code": " " + code + " "}), 200, "")

	// A recovery code works once, in any case, with or without its dash.
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	shouted := strings.ToUpper(strings.ReplaceAll(recovery[0], "-", " "))
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "recovery", "code": shouted}), 200, "")
	e.WaitMail(alice, regexp.MustCompile(`recovery code was used`))
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "recovery", "code": recovery[0]}), 401, "2fa-invalid")

	// Sensitive actions ask for proof.
	r = e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil), 403, "2fa-required")
	if got := r.strings("methods"); !slices.Equal(got, []string{"totp", "email", "recovery"}) || r.str("method") != "totp" || r.body["codeSent"] != false {
		t.Fatalf("step-up request = %s", r.raw)
	}
	e.Clock.Advance(30 * time.Second)
	r = e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil,
		"X-2FA-Method", "totp", "X-2FA-Code", coretest.TOTPCode(e.t, sec, e.Clock.Now())), 200, "")
	if len(r.strings("recoveryCodes")) != 12 {
		t.Fatalf("regenerate: %s", r.raw)
	}
	e.WaitMail(alice, regexp.MustCompile(`recovery codes`))
	// The old set no longer works.
	newSet := r.strings("recoveryCodes")
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
	e.expect(e.call("POST", "/api/v1/login/2fa", "", map[string]string{"challenge": r.str("challenge"), "method": "recovery", "code": recovery[2]}), 401, "2fa-invalid")
	recovery = newSet
	r = e.expect(e.call("GET", "/api/v1/me", token, nil), 200, "")
	if r.body["twoFactor"].(map[string]any)["recoveryCodes"].(map[string]any)["remaining"] != float64(12) {
		t.Fatalf("remaining after regenerate: %s", r.raw)
	}

	// Disable TOTP: a wrong code is refused, an email code works.
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/disable", token, nil, "X-2FA-Method", "totp", "X-2FA-Code", "123456"), 403, "2fa-invalid")
	r = e.expect(e.call("POST", "/api/v1/me/2fa/totp/disable", token, nil, "X-2FA-Method", "email"), 403, "2fa-required")
	if r.body["codeSent"] != true || r.str("method") != "email" {
		t.Fatalf("asking for an email step-up code: %s", r.raw)
	}
	code = e.MailedCode(alice)
	e.expect(e.call("POST", "/api/v1/me/2fa/totp/disable", token, nil, "X-2FA-Method", "email", "X-2FA-Code", code), 200, "")
	e.WaitMail(alice, regexp.MustCompile(`authenticator app was disabled`))
	// The email step-up code was single use.
	e.expect(e.call("POST", "/api/v1/me/2fa/email/disable", token, nil, "X-2FA-Method", "email", "X-2FA-Code", code), 403, "2fa-invalid")

	// Disable email 2FA with a recovery code; then no second factor is left.
	e.expect(e.call("POST", "/api/v1/me/2fa/email/disable", token, nil, "X-2FA-Method", "recovery", "X-2FA-Code", recovery[1]), 200, "")
	r = e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 200, "")
	if r.str("token") == "" {
		t.Fatal("login without 2FA gave no token")
	}
	// With no second factor left, the password is the proof.
	r = e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil), 403, "2fa-required")
	if !slices.Equal(r.strings("methods"), []string{"password"}) {
		t.Fatalf("methods without 2FA: %s", r.raw)
	}
	e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil, "X-2FA-Method", "password", "X-2FA-Code", "not the password"), 403, "2fa-invalid")
	e.expect(e.call("POST", "/api/v1/me/2fa/recovery-codes", token, nil, "X-2FA-Method", "password", "X-2FA-Code", testPassword), 200, "")

	// Adding protection needs no proof.
	e.expect(e.call("POST", "/api/v1/me/2fa/email/enable", token, nil), 200, "")
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": alice, "password": testPassword}), 401, "2fa-required")
}

// decodeQR reads a data: URL PNG with gozxing, a decoder independent of the
// encoder the server uses.
func decodeQR(t *testing.T, dataURL string) string {
	t.Helper()
	b64, ok := strings.CutPrefix(dataURL, "data:image/png;base64,")
	if !ok {
		t.Fatalf("qrPng is not a PNG data URL: %.40q", dataURL)
	}
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.GetText()
}
