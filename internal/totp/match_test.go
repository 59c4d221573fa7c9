package totp_test

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/totp"
)

func TestMatchWindow(t *testing.T) {
	secret := b32("12345678901234567890")
	now := time.Unix(1_700_000_015, 0)
	current := totp.Step(now)
	for d := int64(-3); d <= 3; d++ {
		code, err := totp.CodeAt(secret, current+d, totp.Default)
		if err != nil {
			t.Fatal(err)
		}
		step, ok, err := totp.Match(secret, code, now, 1)
		if err != nil {
			t.Fatalf("offset %d: %v", d, err)
		}
		inWindow := d >= -1 && d <= 1
		if ok != inWindow {
			t.Errorf("offset %d: ok = %v, want %v", d, ok, inWindow)
		}
		if ok && step != current+d {
			t.Errorf("offset %d: matched step %d, want %d", d, step, current+d)
		}
		// Without skew only the current step is accepted.
		_, ok, _ = totp.Match(secret, code, now, 0)
		if ok != (d == 0) {
			t.Errorf("offset %d with skew 0: ok = %v", d, ok)
		}
	}
}

func TestMatchEdgesOfStep(t *testing.T) {
	secret := b32("12345678901234567890")
	// 59 s is the last second of step 1 and 60 s the first of step 2: the
	// code of step 1 is accepted at both with skew 1, at 60 s as the past step.
	code, _ := totp.CodeAt(secret, 1, totp.Default)
	for _, unix := range []int64{30, 59, 60, 89} {
		step, ok, err := totp.Match(secret, code, time.Unix(unix, 0), 1)
		if err != nil || !ok || step != 1 {
			t.Errorf("at %d s: step %d ok %v err %v", unix, step, ok, err)
		}
	}
	if _, ok, _ := totp.Match(secret, code, time.Unix(90, 0), 1); ok {
		t.Error("code of step 1 accepted at step 3")
	}
}

func TestMatchMalformedCode(t *testing.T) {
	secret := b32("12345678901234567890")
	now := time.Unix(59, 0)
	code, _ := totp.CodeAt(secret, 1, totp.Default)
	for _, c := range []string{"", code[:5], code + "0", " " + code, code[:5] + "x", "94287082", "287082\x00"} {
		step, ok, err := totp.Match(secret, c, now, 1)
		if ok || err != nil || step != 0 {
			t.Errorf("Match(%q) = %d, %v, %v; want 0, false, nil", c, step, ok, err)
		}
	}
}

func TestMatchBrokenSecret(t *testing.T) {
	if _, ok, err := totp.Match("not base32!", "123456", time.Now(), 1); err == nil || ok {
		t.Errorf("broken secret: ok %v err %v", ok, err)
	}
}

func TestMatchNegativeSkewMeansZero(t *testing.T) {
	secret := b32("12345678901234567890")
	now := time.Unix(1_700_000_000, 0)
	code, _ := totp.CodeAt(secret, totp.Step(now), totp.Default)
	if step, ok, err := totp.Match(secret, code, now, -5); !ok || err != nil || step != totp.Step(now) {
		t.Errorf("skew -5: %d %v %v", step, ok, err)
	}
}
