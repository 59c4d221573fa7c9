package main

import (
	"bufio"
	"crypto/rand"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/secret"
	"github.com/twofa-dev/twofa/internal/store/postgres/pgtest"
)

// TestStartToReady measures how long the twofa binary takes, started on
// an existing database, from process start until GET /readyz answers 200,
// over readyRuns starts, and logs the minimum, median and maximum. It
// asserts nothing about the times, which depend on the machine; run it
// with -v to read them:
//
//	go test -run TestStartToReady -v ./cmd/twofa
func TestStartToReady(t *testing.T) {
	for _, b := range []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "ready.db") }},
		{"postgres", func(t *testing.T) string { return pgtest.Schema(t) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			keyFile := filepath.Join(t.TempDir(), "twofa.key")
			if err := secret.GenerateKeyFile(keyFile, rand.Reader); err != nil {
				t.Fatal(err)
			}
			args := []string{"serve", "--addr", "127.0.0.1:0", "--db", b.db(t), "--secret-key-file", keyFile}
			bin := twofaBinary(t)
			timeToReady(t, bin, args) // creates the database
			var took []time.Duration
			for range readyRuns {
				took = append(took, timeToReady(t, bin, args))
			}
			slices.Sort(took)
			t.Logf("start to ready, %d runs: min %v, median %v, max %v", readyRuns,
				took[0].Round(time.Millisecond), ((took[readyRuns/2-1] + took[readyRuns/2]) / 2).Round(time.Millisecond),
				took[readyRuns-1].Round(time.Millisecond))
		})
	}
}

const readyRuns = 10

// timeToReady starts bin with args, waits for /readyz to answer 200,
// stops the process with SIGTERM and returns how long it took to be ready.
func timeToReady(t *testing.T, bin string, args []string) time.Duration {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	base := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listenRe.FindStringSubmatch(sc.Text()); m != nil {
				base <- m[1]
			}
		}
		close(base)
	}()
	var url string
	select {
	case u, ok := <-base:
		if !ok {
			t.Fatalf("twofa exited before listening:\n%s", stderr.String())
		}
		url = u
	case <-time.After(30 * time.Second):
		t.Fatalf("twofa did not listen:\n%s", stderr.String())
	}
	c := &http.Client{Timeout: 5 * time.Second}
	for time.Since(start) < 30*time.Second {
		resp, err := c.Get(url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start)
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("/readyz never answered 200:\n%s", stderr.String())
	return 0
}
