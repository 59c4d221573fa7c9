package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAccessLog: --access-log writes a line per request at info; without
// it the line is at debug, so it shows only with --log-level debug; the
// least level of --log-level holds in either case.
func TestAccessLog(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // "" for no line
	}{
		{[]string{"--access-log"}, "level=INFO msg=request method=GET path=/api/v1/me status=401"},
		{nil, ""},
		{[]string{"--log-level", "debug"}, "level=DEBUG msg=request method=GET path=/api/v1/me status=401"},
		{[]string{"--access-log", "--log-level", "warn"}, ""},
	} {
		base, log := startServe(t, append([]string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "twofa.db")}, tc.args...), nil)
		resp, err := http.Get(base + "/api/v1/me?token=not-logged")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		// Info and debug lines reach the log within logbuf's interval.
		deadline := time.Now().Add(5 * time.Second)
		for tc.want != "" && !strings.Contains(log.String(), tc.want) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if tc.want == "" {
			time.Sleep(300 * time.Millisecond) // longer than logbuf holds a line
		}
		got := log.String()
		switch {
		case tc.want != "" && !strings.Contains(got, tc.want):
			t.Errorf("%v: the log lacks %q:\n%s", tc.args, tc.want, got)
		case tc.want == "" && strings.Contains(got, "msg=request"):
			t.Errorf("%v: an access line was logged:\n%s", tc.args, got)
		}
		if strings.Contains(got, "not-logged") {
			t.Errorf("%v: the access line holds the query:\n%s", tc.args, got)
		}
	}
}
