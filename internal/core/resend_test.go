package core_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestResendMailsTheSameCode: asking again for a login code while the last
// one is unused and in the first half of its lifetime mails that same
// code, with what is left of its lifetime, and keeps its wrong tries; later
// a new code replaces it.
func TestResendMailsTheSameCode(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	const who = "resend@example.com"
	u := r.signUp(who)
	ch := r.login(who)
	first := r.MailedCode(who)
	wrong := "000-000"
	if first == wrong {
		wrong = "111-111"
	}
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: wrong}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
		t.Fatalf("wrong code: %v", err)
	}
	stored := func() *core.EmailCode {
		t.Helper()
		c, err := r.Store.LatestEmailCode(ctx, u.ID, "login:"+hashOf(ch.Token))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	before := stored()
	r.Clock.Advance(time.Minute)
	same, err := r.Svc.SendLoginEmailCode(ctx, ch.Token, r.meta)
	if err != nil || !same {
		t.Fatalf("resend within the lifetime: same %v, %v; want the same code", same, err)
	}
	m := r.WaitMail(who, regexp.MustCompile("verification code"))
	if got := m.Find(regexp.MustCompile(`\b(\d{3}-\d{3})\b`)); got != first {
		t.Fatalf("resent code %s, first was %s", got, first)
	}
	if !regexp.MustCompile(`valid for 9 minutes`).MatchString(m.Text) {
		t.Fatalf("resent mail does not say what is left of the lifetime: %s", m.Text)
	}
	if after := stored(); after.ID != before.ID || after.Attempts != 1 {
		t.Fatalf("resend replaced the code or renewed its tries: id %s attempts %d, was %s with 1", after.ID, after.Attempts, before.ID)
	}

	r.Clock.Advance(r.Svc.Config().EmailCodeTTL / 2)
	same, err = r.Svc.SendLoginEmailCode(ctx, ch.Token, r.meta)
	if err != nil || same {
		t.Fatalf("resend past half the lifetime: same %v, %v; want a new code", same, err)
	}
	if after := stored(); after.ID == before.ID || after.Attempts != 0 {
		t.Fatalf("past half the lifetime the code was not replaced: id %s attempts %d", after.ID, after.Attempts)
	}
	if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: ch.Token, Method: core.MethodEmail, Code: r.MailedCode(who)}, r.meta); err != nil {
		t.Fatalf("the new code: %v", err)
	}
}

// hashOf is how the core names a token in the store: its SHA-256 in hex.
func hashOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// TestKnownDeviceForgottenWhenIdle: a known device stays known while it
// logs in, and is forgotten (a new one is made) after KnownDeviceTTL
// without a login; Cleanup deletes it.
func TestKnownDeviceForgottenWhenIdle(t *testing.T) {
	r := newRig(t)
	const who = "idle@example.com"
	r.signUp(who)
	_, known := r.sessionKnown(who, "")
	ttl := r.Svc.Config().KnownDeviceTTL
	r.Clock.Advance(ttl - time.Hour)
	if _, again := r.sessionKnown(who, known); again != known {
		t.Fatal("a known device used within its lifetime was replaced")
	}
	r.Clock.Advance(ttl + time.Hour)
	n, err := r.Svc.Cleanup(context.Background())
	if err != nil || n < 1 {
		t.Fatalf("Cleanup = %d, %v; want the idle known device gone", n, err)
	}
	if _, again := r.sessionKnown(who, known); again == known {
		t.Fatal("a known device idle longer than its lifetime was still known")
	}
}
