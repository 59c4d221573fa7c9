package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/benchcpu"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
)

// BenchmarkAPIPasswordForgot is POST /api/v1/password/forgot answered 202,
// for the address of an account ("known") and for one no account has
// ("unknown"). Every request comes from a client address of its own (an
// IPv6 /64 each, so none reaches the limit of 20 requests per address an
// hour) an hour after the one before (so that, one at a time, none reaches
// the account's limit of 3 reset mails an hour): each request for the known
// address mails a link.
//
// The answer comes before the account is looked up; that lookup, and for
// the account the new link and its mail in the outbox, run after it in a
// goroutine of their own.
// "one-at-a-time" stops the timer after each answer until that work has
// finished: ns/op is the answer alone. "back-to-back" sends the next
// request at once, so the work competes with the answers, and at most 16
// requests' work runs at once (a request waits for a slot before it is
// answered): ns/op is the sustained rate, cpu-ns/op the whole cost of a
// request, work after the answer included. Both report the median and the
// 99th percentile of the answers' own times (p50-ns, p99-ns): the median
// is less swayed than the mean by the disk's occasional slow fsync. The events of
// the account then show one reset link per request for the known address
// (back to back, where the work of several requests may read the clock
// within one hour, at least one per two) and none for the unknown one.
func BenchmarkAPIPasswordForgot(b *testing.B) {
	for _, mode := range []string{"one-at-a-time", "back-to-back"} {
		for _, who := range []string{"known", "unknown"} {
			b.Run("address="+who+"/"+mode, func(b *testing.B) {
				a := newBenchAPI(b, coretest.CheapArgon)
				email := a.email
				if who == "unknown" {
					email = "nobody@example.com"
				}
				body, err := json.Marshal(map[string]string{"email": email})
				if err != nil {
					b.Fatal(err)
				}
				forgot := func(i int) {
					a.clock.Advance(time.Hour)
					req := httptest.NewRequest("POST", "/api/v1/password/forgot", bytes.NewReader(body))
					req.RemoteAddr = fmt.Sprintf("[2001:db8:%x:%x::1]:40000", i>>16, i&0xffff)
					req.Header.Set("Content-Type", "application/json")
					rec := httptest.NewRecorder()
					a.h.ServeHTTP(rec, req)
					if rec.Code != http.StatusAccepted {
						b.Fatalf("POST /api/v1/password/forgot (%s): status %d, want 202: %s", who, rec.Code, rec.Body)
					}
				}
				idle := runtime.NumGoroutine()
				var answers []time.Duration
				b.ReportAllocs()
				stop := func() {}
				if mode == "back-to-back" {
					stop = benchcpu.Start(b)
				}
				i := 0
				for b.Loop() {
					i++
					start := time.Now()
					forgot(i)
					answers = append(answers, time.Since(start))
					if mode == "one-at-a-time" {
						b.StopTimer()
						waitGoroutines(b, idle)
						b.StartTimer()
					}
				}
				stop()
				reportQuantiles(b, answers)
				waitGoroutines(b, idle)
				least, most := i, i
				switch {
				case who == "unknown":
					least, most = 0, 0
				case mode == "back-to-back":
					least = i / 2
				}
				if n := a.resetsRequested(); n < least || n > most {
					b.Fatalf("%d reset links recorded for %d requests for the %s address, want %d to %d", n, i, who, least, most)
				}
			})
		}
	}
}

// reportQuantiles reports the median and the 99th percentile of the
// answers' times.
func reportQuantiles(b *testing.B, answers []time.Duration) {
	if len(answers) == 0 {
		return
	}
	slices.Sort(answers)
	b.ReportMetric(float64(answers[len(answers)/2]), "p50-ns")
	b.ReportMetric(float64(answers[len(answers)*99/100]), "p99-ns")
}

// resetsRequested signs in to the account with its password and TOTP code
// and counts the reset links its events record, every page of them.
func (a *benchAPI) resetsRequested() int {
	a.clock.Advance(30 * time.Second)
	ch := a.do("POST", "/api/v1/login", "", map[string]string{"email": a.email, "password": benchPassword}, 401)
	tok := a.do("POST", "/api/v1/login/2fa", "", map[string]string{
		"challenge": ch["challenge"].(string), "method": "totp", "code": a.code(),
	}, 200)["token"].(string)
	n := 0
	for next := ""; ; {
		page := a.do("GET", "/api/v1/me/events?limit=200&before="+url.QueryEscape(next), tok, nil, 200)
		for _, e := range page["events"].([]any) {
			if e := e.(map[string]any); e["type"] == core.EventPasswordResetRequested {
				n += int(e["count"].(float64))
			}
		}
		if next, _ = page["next"].(string); next == "" {
			return n
		}
	}
}

// waitGoroutines waits until no more goroutines run than idle, as many as
// before the first request: the goroutine of the work the last reset
// request left running has ended.
func waitGoroutines(b *testing.B, idle int) {
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > idle {
		if time.Now().After(deadline) {
			b.Fatalf("%d goroutines 10 s after a password reset request, %d before the first: its work did not finish",
				runtime.NumGoroutine(), idle)
		}
		time.Sleep(20 * time.Microsecond)
	}
}
