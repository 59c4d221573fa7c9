package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net/netip"
	"os"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// vuser is one account of the load.
type vuser struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Secret   string `json:"secret"`
	// Addr is the client address the user's requests carry in
	// X-Forwarded-For.
	Addr string `json:"addr"`

	// LastStep is the latest TOTP step used or reserved for a login, and
	// Token the latest session. Both are kept in the users file, so that a
	// later run knows which accounts are free in the current step and has
	// sessions for GET /api/v1/me at once. Once the load runs, the pool's
	// lock guards both.
	LastStep int64  `json:"lastStep"`
	Token    string `json:"token,omitempty"`
}

// period is the TOTP step length twofa uses.
const period = 30

func stepOf(t time.Time) int64 { return t.Unix() / period }

// codeFor returns the user's TOTP code for step, computed with
// github.com/pquerna/otp (SHA1, six digits, as twofa's defaults).
func (u *vuser) codeFor(step int64) (string, error) {
	return totp.GenerateCodeCustom(u.Secret, time.Unix(step*period, 0), totp.ValidateOpts{
		Period: period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
}

// benchNet is 198.18.0.0/15, set aside for benchmarks by RFC 2544: every
// virtual user gets an address of its own from it.
var benchNet = netip.MustParsePrefix("198.18.0.0/15")

const benchNetSize = 1 << 17

// addrAt returns the i-th address of benchNet after offset, skipping the
// network's first address.
func addrAt(offset, i int) string {
	n := (offset+i)%(benchNetSize-2) + 1
	b := benchNet.Addr().As4()
	v := (uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])) + uint32(n)
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}).String()
}

// readUsers reads a users file; a missing file is no users.
func readUsers(path string) ([]*vuser, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var users []*vuser
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var u vuser
		if err := json.Unmarshal(sc.Bytes(), &u); err != nil || u.Email == "" || u.Secret == "" || u.Addr == "" {
			return nil, fmt.Errorf("%s:%d: not an account line (%v)", path, n, err)
		}
		users = append(users, &u)
	}
	return users, sc.Err()
}

// writeUsers writes users to path, readable by its owner only.
func writeUsers(path string, users []*vuser) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, u := range users {
		if err := enc.Encode(u); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// errNeedsConfig explains answers that mean the server is not set up for
// load runs.
var errNeedsConfig = errors.New("start the server for load runs with --email-2fa-default=false --trusted-proxies 127.0.0.1")

// signUp creates n accounts with TOTP enabled, using concurrency workers,
// and stops at the first error.
func signUp(ctx context.Context, a *api, ph *phase, n, concurrency int, password string) ([]*vuser, error) {
	var run [6]byte
	rand.Read(run[:])
	runID := hex.EncodeToString(run[:])
	off, _ := rand.Int(rand.Reader, big.NewInt(benchNetSize))
	offset := int(off.Int64())

	users := make([]*vuser, n)
	err := forEach(ctx, n, concurrency, func(ctx context.Context, i int) error {
		u := &vuser{
			Email:    fmt.Sprintf("load-%s-%d@example.test", runID, i),
			Password: password,
			Addr:     addrAt(offset, i),
		}
		if err := enrol(ctx, a, ph, u); err != nil {
			return err
		}
		users[i] = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	return users, nil
}

// enrol signs u up, logs in with the password alone (the account has no
// second factor yet), and enables TOTP.
//
// It confirms TOTP with the previous step's code, which twofa accepts as
// clock drift (one step either way), so that the account can log in again
// at once, in the current step. Should that code be refused (the step
// turned meanwhile), it confirms with the current step's code.
func enrol(ctx context.Context, a *api, ph *phase, u *vuser) error {
	_, err := a.callRetry(ctx, ph, routeSignup, "/api/v1/signup", "", u.Addr,
		map[string]string{"email": u.Email, "password": u.Password, "name": "Load Test"}, 201)
	var se *statusError
	if errors.As(err, &se) && se.status == 429 {
		return fmt.Errorf("%w (sign-ups are limited per client address): %v", errNeedsConfig, err)
	}
	if err != nil {
		return err
	}
	ans, err := a.callRetry(ctx, ph, routeLogin, "/api/v1/login", "", u.Addr,
		map[string]string{"email": u.Email, "password": u.Password}, 200)
	if errors.As(err, &se) && se.str("error") == "2fa-required" {
		return fmt.Errorf("%w (a new account already asks for a second factor): %v", errNeedsConfig, err)
	}
	if err != nil {
		return err
	}
	u.Token = ans.str("token")
	// The account has no second factor yet: adding one is proved with
	// the password.
	ans, err = a.callRetry(ctx, ph, routeTOTPSetup, "/api/v1/me/2fa/totp/setup", u.Token, u.Addr, nil, 200,
		"X-2FA-Method", "password", "X-2FA-Code", u.Password)
	if err != nil {
		return err
	}
	u.Secret = ans.str("secret")
	if u.Secret == "" {
		return fmt.Errorf("%s: no secret in the answer", routeTOTPSetup)
	}
	for _, step := range []int64{stepOf(time.Now()) - 1, stepOf(time.Now())} {
		var code string
		code, err = u.codeFor(step)
		if err != nil {
			return err
		}
		_, err = a.callRetry(ctx, ph, routeTOTPCheck, "/api/v1/me/2fa/totp/verify", u.Token, u.Addr,
			map[string]string{"code": code}, 200)
		if err == nil {
			u.LastStep = step
			return nil
		}
		if !errors.As(err, &se) || se.status != 401 {
			return err
		}
	}
	return err
}
