package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp"
	ptotp "github.com/pquerna/otp/totp"

	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// TestKilledMidBurstForgetsNoStep proves that a TOTP second step the
// server acknowledged (200) stays used when the process is killed with
// SIGKILL in the middle of a burst of second steps: restarted on the same
// database, the server refuses every acknowledged code again, as "already
// used", while the code's time step is still inside the accepted window,
// so the refusal can only come from the stored step, not from the code
// being too old. It runs on SQLite and on PostgreSQL.
//
// What it proves: no answer 200 is sent before the used step is committed
// where another process sees it after this one died. A server that kept
// used steps in memory, answered before its write committed, or let a
// write be lost when its process dies, fails it.
//
// What it cannot prove: SIGKILL ends the process, not the machine. The
// operating system's page cache survives, so a write the database handed
// to the kernel but never synced to disk (SQLite with synchronous=OFF,
// PostgreSQL with fsync=off) still reaches the restarted server. Surviving
// a power cut or a kernel crash rests on the databases' own fsync
// guarantees, which this test does not exercise.
func TestKilledMidBurstForgetsNoStep(t *testing.T) {
	backends := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "kill.db") }},
		{"postgres", func(t *testing.T) string { return pgtest.Schema(t) }},
	}
	bin := twofaBinary(t)
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			keyFile := filepath.Join(t.TempDir(), "twofa.key")
			if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
				t.Fatal(err)
			}
			killMidBurst(t, bin, b.db(t), keyFile)
		})
	}
}

const (
	// killAccounts take part in the burst; one more account is kept out
	// of it to check that the restarted server lets a fresh step in.
	killAccounts = 40
	// killCopies is how many challenges answer each (account, step) at
	// once in the burst: at most one of them may be accepted.
	killCopies = 2
)

// killUser is one account of the test.
type killUser struct {
	email, addr, secret string
	// enrolStep is the step that confirmed the authenticator.
	enrolStep int64
}

// ack is a second step the server answered 200.
type ack struct {
	user *killUser
	step int64
}

// killMidBurst runs the test on the database dsn: enrol, burst, SIGKILL,
// restart, replay.
func killMidBurst(t *testing.T, bin, dsn, keyFile string) {
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", dsn, "--secret-key-file", keyFile,
		"--email-2fa-default=false", "--argon2", "m=1024,t=1,p=1", "--trusted-proxies", "127.0.0.1"}
	began := time.Now()
	p := startProcess(t, bin, args)
	t.Logf("started in %v", time.Since(began))
	c := &killClient{http: &http.Client{
		Timeout:   15 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 256},
	}}

	users := make([]*killUser, killAccounts+1)
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	next := atomic.Int64{}
	for range 8 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(users) || failed.Load() != nil {
					return
				}
				u, err := c.enrol(p.url, i)
				if err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
				users[i] = u
			}
		})
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		t.Fatalf("enrol: %v\n%s", *err, p.log.String())
	}
	spare, burst := users[killAccounts], users[:killAccounts]
	t.Logf("enrolled by %v", time.Since(began))

	// Open every challenge first, so the burst is second steps only.
	now := stepOf(time.Now())
	type attempt struct {
		user      *killUser
		step      int64
		challenge string
	}
	attempts := make([]attempt, 0, len(burst)*2*killCopies)
	for _, u := range burst {
		for _, step := range []int64{now, now + 1} {
			for range killCopies {
				attempts = append(attempts, attempt{user: u, step: step})
			}
		}
	}
	next.Store(0)
	for range 8 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(attempts) || failed.Load() != nil {
					return
				}
				ch, err := c.challenge(p.url, attempts[i].user)
				if err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
				attempts[i].challenge = ch
			}
		})
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		t.Fatalf("open a challenge: %v\n%s", *err, p.log.String())
	}
	t.Logf("challenges by %v", time.Since(began))
	// The burst: every second step at once; the process is killed as soon
	// as one of them is accepted.
	var (
		mu       sync.Mutex
		acks     []ack
		answered int
		refused  int
		lost     int
	)
	killed := make(chan struct{})
	var killOnce sync.Once
	kill := func() { killOnce.Do(func() { p.kill(t); close(killed) }) }
	start := make(chan struct{})
	for _, a := range attempts {
		wg.Go(func() {
			<-start
			r, err := c.call(p.url, "POST", "/api/v1/login/2fa", a.user.addr, map[string]string{
				"challenge": a.challenge, "method": "totp", "code": totpCode(a.user.secret, a.step)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				lost++
				return
			case r.status == 200:
				acks = append(acks, ack{a.user, a.step})
			default:
				refused++
			}
			answered++
			// The kill goes out with the first accepted step: as early as
			// an acknowledged step exists, so that most of the burst is
			// still in flight when the process dies.
			if len(acks) > 0 {
				go kill()
			}
		})
	}
	close(start)
	wg.Wait()
	kill()
	<-killed
	t.Logf("burst of %d second steps: %d accepted, %d refused, %d unanswered (killed)", len(attempts), len(acks), refused, lost)
	if len(acks) == 0 {
		t.Fatalf("no step was accepted before the kill: %d refused, %d unanswered", refused, lost)
	}
	if lost == 0 {
		// A loaded machine can answer the whole burst before the signal
		// lands; every acknowledged step must still hold, so the check
		// below runs all the same.
		t.Logf("the kill came after the last answer (%d accepted)", len(acks))
	}
	seen := map[ack]bool{}
	for _, a := range acks {
		if seen[a] {
			t.Fatalf("%s: step %d accepted twice in the burst", a.user.email, a.step)
		}
		seen[a] = true
	}

	// Restarted on the same database: every acknowledged code is refused.
	p = startProcess(t, bin, args)
	t.Logf("restarted by %v", time.Since(began))
	for _, a := range acks {
		if stepOf(time.Now()) > a.step+1 {
			t.Fatalf("step %d left the accepted window before its replay: a refusal would prove nothing (the test ran too slowly)", a.step)
		}
		ch, err := c.challenge(p.url, a.user)
		if err != nil {
			t.Fatalf("open a challenge after the restart: %v", err)
		}
		r, err := c.call(p.url, "POST", "/api/v1/login/2fa", a.user.addr, map[string]string{
			"challenge": ch, "method": "totp", "code": totpCode(a.user.secret, a.step)})
		if err != nil {
			t.Fatal(err)
		}
		if r.status != 401 || r.str("error") != "2fa-invalid" || !strings.Contains(r.str("message"), "already used") {
			t.Fatalf("%s: the code of step %d, accepted before the kill, answered %d %v after the restart; want 401 2fa-invalid, already used",
				a.user.email, a.step, r.status, r.body)
		}
	}

	// The restarted server works: a fresh step signs the spare account in.
	fresh := max(spare.enrolStep+1, stepOf(time.Now())-1)
	ch, err := c.challenge(p.url, spare)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.call(p.url, "POST", "/api/v1/login/2fa", spare.addr, map[string]string{
		"challenge": ch, "method": "totp", "code": totpCode(spare.secret, fresh)})
	if err != nil || r.status != 200 || r.str("token") == "" {
		t.Fatalf("a fresh step after the restart: %v %d %v", err, r.status, r.body)
	}
}

func stepOf(at time.Time) int64 { return at.Unix() / 30 }

var totpOpts = ptotp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// totpCode is secret's code for step; safe to call from any goroutine.
func totpCode(secret string, step int64) string {
	c, err := ptotp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totpOpts)
	if err != nil {
		panic(err)
	}
	return c
}

// killClient calls the API from the goroutines of the burst, returning
// errors instead of failing the test.
type killClient struct{ http *http.Client }

func (c *killClient) call(base, method, path, addr string, body any, headers ...string) (answer, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return answer{}, err
	}
	req, err := http.NewRequestWithContext(context.Background(), method, base+path, bytes.NewReader(b))
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	a := answer{status: resp.StatusCode}
	if err := json.Unmarshal(raw, &a.body); err != nil && len(raw) > 0 {
		return answer{}, fmt.Errorf("%s %s: %d %q", method, path, resp.StatusCode, raw)
	}
	return a, nil
}

// expect calls the API and wants status back.
func (c *killClient) expect(status int, base, method, path, addr string, body any, headers ...string) (answer, error) {
	a, err := c.call(base, method, path, addr, body, headers...)
	if err == nil && a.status != status {
		err = fmt.Errorf("%s %s: %d %v, want %d", method, path, a.status, a.body, status)
	}
	return a, err
}

// enrol signs up account i, signs in with the password alone and turns
// on TOTP, confirmed with the previous step's code so that the current
// one stays free (or, if the step turned meanwhile, the current one).
func (c *killClient) enrol(base string, i int) (*killUser, error) {
	u := &killUser{email: fmt.Sprintf("kill-%d@example.test", i), addr: fmt.Sprintf("198.18.0.%d", i+1)}
	if _, err := c.expect(201, base, "POST", "/api/v1/signup", u.addr, map[string]string{"email": u.email, "password": multiPassword, "name": "K"}); err != nil {
		return nil, err
	}
	r, err := c.expect(200, base, "POST", "/api/v1/login", u.addr, map[string]string{"email": u.email, "password": multiPassword})
	if err != nil {
		return nil, err
	}
	token := r.str("token")
	r, err = c.expect(200, base, "POST", "/api/v1/me/2fa/totp/setup", u.addr, nil,
		"Authorization", "Bearer "+token, "X-2FA-Method", "password", "X-2FA-Code", multiPassword)
	if err != nil {
		return nil, err
	}
	u.secret = r.str("secret")
	for _, step := range []int64{stepOf(time.Now()) - 1, stepOf(time.Now())} {
		code, cerr := ptotp.GenerateCodeCustom(u.secret, time.Unix(step*30, 0), totpOpts)
		if cerr != nil {
			return nil, cerr
		}
		var r answer
		r, err = c.call(base, "POST", "/api/v1/me/2fa/totp/verify", u.addr, map[string]string{"code": code}, "Authorization", "Bearer "+token)
		if err == nil && r.status == 200 {
			u.enrolStep = step
			return u, nil
		}
		if err == nil {
			err = fmt.Errorf("verify: %d %v", r.status, r.body)
		}
	}
	return nil, err
}

// challenge opens a login for u and returns its challenge.
func (c *killClient) challenge(base string, u *killUser) (string, error) {
	r, err := c.expect(401, base, "POST", "/api/v1/login", u.addr, map[string]string{"email": u.email, "password": multiPassword})
	if err != nil {
		return "", err
	}
	if r.str("error") != "2fa-required" || r.str("challenge") == "" {
		return "", fmt.Errorf("login of %s: %v, want a challenge", u.email, r.body)
	}
	return r.str("challenge"), nil
}
