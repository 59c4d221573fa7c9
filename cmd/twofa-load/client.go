package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Routes as the report names them.
const (
	routeSignup    = "POST /api/v1/signup"
	routeLogin     = "POST /api/v1/login"
	routeLogin2FA  = "POST /api/v1/login/2fa"
	routeMe        = "GET /api/v1/me"
	routeTOTPSetup = "POST /api/v1/me/2fa/totp/setup"
	routeTOTPCheck = "POST /api/v1/me/2fa/totp/verify"
)

// api sends requests to twofa and records each in a phase.
type api struct {
	base    string
	hc      *http.Client
	timeout time.Duration
}

// answer is a decoded JSON answer.
type answer struct {
	status int
	body   map[string]any
}

func (a answer) str(key string) string {
	s, _ := a.body[key].(string)
	return s
}

// statusError is an answer other than the one expected.
type statusError struct {
	route string
	answer
}

func (e *statusError) Error() string {
	msg := fmt.Sprintf("%s: status %d", e.route, e.status)
	if code := e.str("error"); code != "" {
		msg += " " + code
	}
	if m := e.str("message"); m != "" {
		msg += ": " + m
	}
	return msg
}

// call sends one request and records its latency under route in ph. addr
// goes in X-Forwarded-For, token as a bearer token; body, unless nil, is
// sent as JSON. An answer with another status than want is a *statusError.
func (a *api) call(ctx context.Context, ph *phase, route, path, token, addr string, body any, want int, headers ...string) (answer, error) {
	method, _, _ := strings.Cut(route, " ")
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return answer{}, err
		}
		rd = bytes.NewReader(data)
	}
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("User-Agent", "twofa-load/1")
	req.Header.Set("X-Forwarded-For", addr)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}

	start := time.Now()
	resp, err := a.hc.Do(req)
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	elapsed := time.Since(start)
	if err != nil {
		ph.record(route, elapsed, "transport error")
		return answer{}, fmt.Errorf("%s: %w", route, err)
	}
	ans := answer{status: resp.StatusCode}
	if len(raw) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(raw, &ans.body)
	}
	if ans.status != want {
		key := fmt.Sprint(ans.status)
		if code := ans.str("error"); code != "" {
			key += " " + code
		}
		ph.record(route, elapsed, key)
		return ans, &statusError{route: route, answer: ans}
	}
	ph.record(route, elapsed, "")
	return ans, nil
}

// newAPI returns a client of the server at base, with connections for the
// larger of cfg's two concurrencies.
func newAPI(cfg *config, base string) *api {
	return &api{
		base:    trimSlash(base),
		hc:      newHTTPClient(max(cfg.Concurrency, cfg.setupConcurrency()), cfg.Timeout, cfg.AllowRemote),
		timeout: cfg.Timeout,
	}
}

// setupRetries is how many times a set-up request answered 503 (busy, or
// the database unavailable: nothing was done) is sent again.
const setupRetries = 5

// callRetry is call for the set-up: an answer 503 busy or unavailable,
// which tells that the server did nothing, is recorded, waited out as its
// Retry-After asks, and the request sent again, up to setupRetries times.
func (a *api) callRetry(ctx context.Context, ph *phase, route, path, token, addr string, body any, want int, headers ...string) (answer, error) {
	for i := 0; ; i++ {
		ans, err := a.call(ctx, ph, route, path, token, addr, body, want, headers...)
		wait, ok := retryWait(err)
		if !ok || i == setupRetries {
			return ans, err
		}
		sleepUntil(ctx, time.Now().Add(wait))
		if ctx.Err() != nil {
			return ans, ctx.Err()
		}
	}
}

// retryWait reports whether err is a 503 answer that asks to try again
// (error busy or unavailable), and how long it asks to wait.
func retryWait(err error) (time.Duration, bool) {
	var se *statusError
	if !errors.As(err, &se) || se.status != 503 || (se.str("error") != "busy" && se.str("error") != "unavailable") {
		return 0, false
	}
	secs, _ := se.body["retryAfter"].(float64)
	return time.Duration(max(secs, 1) * float64(time.Second)), true
}
