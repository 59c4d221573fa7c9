package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecondStep runs the second-step scenario against an in-process
// server until the accounts run out of second steps, and checks that every
// step planned went through without errors; a second run with the same
// accounts, within the same steps, finds none free and says so.
func TestSecondStep(t *testing.T) {
	url := newTarget(t, true)
	// Both runs must fall in one TOTP step: when the step turns, spent
	// accounts have a step free again. Start with most of a step ahead.
	if left := time.Until(time.Unix((stepOf(time.Now())+1)*period, 0)); left < stepRoom {
		time.Sleep(left)
	}
	startStep := stepOf(time.Now())
	usersFile := filepath.Join(t.TempDir(), "users.jsonl")
	pid := fmt.Sprint(os.Getpid())
	args := []string{"--url", url, "--scenario", "second-step", "--users", "4", "--concurrency", "3",
		"--setup-concurrency", "4", "--duration", "20s", "--users-file", usersFile, "--pid", pid}
	c, err := parseFlags(args, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := secondStep(t.Context(), c, &bytes.Buffer{})
	var out bytes.Buffer
	rep.print(&out)
	t.Logf("\n%s", out.String())
	if err != nil {
		t.Fatalf("second-step: %v", err)
	}
	res := rep.(*stepResult)
	if res.possible < 4 || res.possible > 12 {
		t.Errorf("%d second steps possible, want one to three per account", res.possible)
	}
	if got := res.done.Load(); got != int64(res.possible) {
		t.Errorf("%d second steps completed of %d possible", got, res.possible)
	}
	if res.ranOutNano.Load() == 0 || res.load.elapsed > 15*time.Second {
		t.Errorf("the run did not stop when it ran out of second steps (%s)", res.load.elapsed)
	}
	for _, want := range []string{routeLogin2FA, "second steps completed", "errors: none", "ran out of second steps",
		"challenges opened", "server CPU per request"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "errors by route") {
		t.Error("errors in the report")
	}

	// Every account has used its steps up to the next one: none is free
	// until the step turns.
	err = run(t.Context(), args, &bytes.Buffer{}, &bytes.Buffer{})
	if now := stepOf(time.Now()); now != startStep {
		t.Fatalf("the two runs took longer than %s and the TOTP step turned; the check needs both in one step", stepRoom)
	}
	if err == nil || !strings.Contains(err.Error(), "no account has a TOTP step free") {
		t.Errorf("second run with spent accounts: %v, want none free", err)
	}
}

// stepRoom is how much of a TOTP step TestSecondStep wants ahead of it: the
// set-up, the load and the second run take about a second under -race.
const stepRoom = 12 * time.Second

// TestReplay runs the replay scenario against an in-process server and
// checks that every replayed code was refused as already used.
func TestReplay(t *testing.T) {
	url := newTarget(t, true)
	c, err := parseFlags([]string{"--url", url, "--scenario", "replay", "--users", "3", "--concurrency", "2", "--duration", "20s"}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := replay(t.Context(), c, &bytes.Buffer{})
	var out bytes.Buffer
	rep.print(&out)
	t.Logf("\n%s", out.String())
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	res := rep.(*replayResult)
	if res.possible != 3*replaysPerAccount || res.refused.Load() != int64(res.possible) {
		t.Errorf("%d refused as used of %d possible, want %d", res.refused.Load(), res.possible, 3*replaysPerAccount)
	}
	if res.wrong.Load() != 0 || res.other.Load() != 0 || res.load.errorCount() != 0 || res.prep.errorCount() != 0 {
		t.Errorf("unexpected answers:\n%s", out.String())
	}
}

// TestMeCompare runs the me scenario against an in-process twofa and, with
// --compare-url, against the bare handler, and checks both ran without
// errors and the ratio is printed.
func TestMeCompare(t *testing.T) {
	url := newTarget(t, true)
	bare := httptest.NewServer(bareHandler())
	t.Cleanup(bare.Close)
	var out, log bytes.Buffer
	err := run(t.Context(), []string{"--url", url, "--scenario", "me", "--users", "3", "--concurrency", "2",
		"--duration", "1s", "--compare-url", bare.URL}, &out, &log)
	t.Logf("\n%s", out.String())
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	report := out.String()
	for _, want := range []string{"3 live sessions", "load against " + url, "load against " + bare.URL, "compared: GET /api/v1/me"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(report, "errors by route") {
		t.Error("errors in the report")
	}
}

// TestBareHandler: the bare /me wants a bearer token and answers JSON
// shaped like twofa's.
func TestBareHandler(t *testing.T) {
	h := bareHandler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/me", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", rec.Code)
	}
	req := httptest.NewRequest("GET", "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer x")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var body struct {
		ID        string `json:"id"`
		TwoFactor struct {
			TOTP struct{ Enabled bool } `json:"totp"`
		} `json:"twoFactor"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != 200 || err != nil || body.ID == "" || !body.TwoFactor.TOTP.Enabled {
		t.Errorf("with a token: %d %s (%v)", rec.Code, rec.Body.String(), err)
	}
}

// TestNextStep: the steps offered are above the last used, within the
// server's window, ascending, and the previous step is not offered near the
// end of a step.
func TestNextStep(t *testing.T) {
	const s = 1000
	mid := time.Unix(s*period+10, 0)
	late := time.Unix(s*period+period-1, 0)
	for _, tc := range []struct {
		last  int64
		now   time.Time
		step  int64
		ok    bool
		count int
	}{
		{0, mid, s - 1, true, 3},
		{s - 1, mid, s, true, 2},
		{s, mid, s + 1, true, 1},
		{s + 1, mid, 0, false, 0},
		{0, late, s, true, 2},
	} {
		step, ok := nextStep(tc.last, tc.now)
		if ok != tc.ok || (ok && step != tc.step) || stepsLeft(tc.last, tc.now) != tc.count {
			t.Errorf("last %d at %s: step %d %v, %d left; want %d %v, %d", tc.last, tc.now.Format("15:04:05"),
				step, ok, stepsLeft(tc.last, tc.now), tc.step, tc.ok, tc.count)
		}
	}
}

// TestStepPool: an account is handed to one worker at a time, with
// ascending steps, as long as it has challenges and steps free.
func TestStepPool(t *testing.T) {
	now := time.Unix(1000*period+10, 0)
	a := &stepAccount{u: &vuser{Email: "a"}, challenges: []string{"1", "2", "3", "4"}}
	p := newStepPool([]*stepAccount{a})
	var steps []int64
	for {
		sa, step, ok := p.take(now)
		if !ok {
			break
		}
		if _, _, again := p.take(now); again {
			t.Fatal("an account held by a worker was handed out again")
		}
		sa.challenges = sa.challenges[1:]
		steps = append(steps, step)
		p.put(sa)
	}
	if fmt.Sprint(steps) != "[999 1000 1001]" || len(a.challenges) != 1 {
		t.Errorf("steps %v, %d challenges left; want [999 1000 1001], 1", steps, len(a.challenges))
	}
	if _, step, ok := p.take(now.Add(period * time.Second)); !ok || step != 1002 {
		t.Errorf("after the step turned: %d %v, want 1002", step, ok)
	}
}
