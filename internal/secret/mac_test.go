package secret_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"testing"

	"github.com/twofa-dev/twofa/internal/secret"
)

func TestMACDefinition(t *testing.T) {
	k := key(3)
	m := secret.NewMAC(k)
	h := hmac.New(sha256.New, k)
	h.Write([]byte("recovery-code\x00abcde23456"))
	if got := m.Sum("recovery-code", "abcde23456"); !bytes.Equal(got, h.Sum(nil)) {
		t.Errorf("Sum is not HMAC-SHA256(purpose || 0 || data)")
	}
}

func TestMACPurposeSeparation(t *testing.T) {
	m := secret.NewMAC(key(3))
	a := m.Sum("recovery-code", "123456")
	if !m.Equal(a, m.Sum("recovery-code", "123456")) {
		t.Fatal("Sum is not deterministic")
	}
	for _, other := range [][2]string{
		{"email-code", "123456"},
		{"recovery-cod", "e123456"},
		{"recovery-code1", "23456"},
		{"recovery-code", "123457"},
		{"", "recovery-code\x00123456"},
	} {
		if m.Equal(a, m.Sum(other[0], other[1])) {
			t.Errorf("Sum(%q, %q) collides with Sum(recovery-code, 123456)", other[0], other[1])
		}
	}
	if m.Equal(a, secret.NewMAC(key(4)).Sum("recovery-code", "123456")) {
		t.Error("different keys give the same sum")
	}
	if m.Equal(a, a[:16]) || m.Equal(a, nil) {
		t.Error("Equal accepts a prefix")
	}
}

func TestMACKeyCopied(t *testing.T) {
	k := key(3)
	m := secret.NewMAC(k)
	before := m.Sum("p", "d")
	k[0] ^= 1
	if !bytes.Equal(before, m.Sum("p", "d")) {
		t.Error("changing the caller's key slice changed the MAC")
	}
}

func TestMACPanics(t *testing.T) {
	mustPanic(t, "short key", func() { secret.NewMAC(make([]byte, 31)) })
	mustPanic(t, "zero byte in purpose", func() { secret.NewMAC(key(1)).Sum("a\x00b", "c") })
}

func mustPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", name)
		}
	}()
	f()
}
