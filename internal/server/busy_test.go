package server

import (
	"context"
	"testing"
)

// TestBusyPasswordQueue: while every argon2id slot is taken and no caller
// may wait, password checks answer 503 busy with Retry-After at once; a
// login for an unknown email answers exactly as one for a known email (no
// way to tell accounts apart), and the refused attempts cost the client's
// address nothing.
func TestBusyPasswordQueue(t *testing.T) {
	e := newEnv(t)
	e.signUp("busy@example.com")
	release := e.SaturateHasher()
	unknown := e.call("POST", "/api/v1/login", "", map[string]string{"email": "nobody@example.com", "password": testPassword})
	known := e.call("POST", "/api/v1/login", "", map[string]string{"email": "busy@example.com", "password": "not the password"})
	signup := e.call("POST", "/api/v1/signup", "", map[string]string{"email": "new@example.com", "password": testPassword, "name": "New"})
	release()
	for _, r := range []reply{unknown, known, signup} {
		e.expect(r, 503, "busy")
		if r.header.Get("Retry-After") != "1" || r.num("retryAfter") != 1 {
			t.Errorf("busy answer without Retry-After 1: %v %s", r.header, r.raw)
		}
	}
	if string(unknown.raw) != string(known.raw) {
		t.Errorf("busy answers differ for unknown and known emails:\n%s\n%s", unknown.raw, known.raw)
	}
	ctx := context.Background()
	for key, want := range map[string]int{"login-ip:127.0.0.1": 0, "signup-ip:127.0.0.1": 1 /* the sign-up before */} {
		th, err := e.Store.Throttle(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if th.Failures != want {
			t.Errorf("%s counts %d attempts after busy answers, want %d", key, th.Failures, want)
		}
	}
	// Once the slots are free, the same requests are checked as usual.
	e.expect(e.call("POST", "/api/v1/login", "", map[string]string{"email": "nobody@example.com", "password": testPassword}), 401, "invalid-credentials")
	e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{"email": "new@example.com", "password": testPassword, "name": "New"}), 201, "")
}
