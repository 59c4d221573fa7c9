package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// bareUser is a fixed answer shaped like twofa's GET /api/v1/me.
var bareUser = map[string]any{
	"id":        "01JBARE0000000000000000000",
	"email":     "bare@example.test",
	"name":      "Load Test",
	"createdAt": time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
	"twoFactor": map[string]any{
		"totp":          map[string]bool{"enabled": true},
		"email":         map[string]bool{"enabled": false},
		"recoveryCodes": map[string]int{"remaining": 10},
	},
}

// bareHandler serves GET /api/v1/me as a floor for twofa's: it checks only
// that a bearer token is present, and encodes a fixed answer with
// encoding/json on every request, as twofa encodes its answers.
func bareHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/me", func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if !ok || token == "" {
			w.WriteHeader(http.StatusUnauthorized)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "unauthenticated", "message": "no bearer token"})
			return
		}
		w.WriteHeader(http.StatusOK)
		_ = json.NewEncoder(w).Encode(bareUser)
	})
	return mux
}

// checkListen accepts a host:port whose host is a loopback address, or
// any when allowRemote is set.
func checkListen(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--bare-server %q: want host:port, e.g. 127.0.0.1:0", addr)
	}
	if allowRemote || isLoopbackHost(host) {
		return nil
	}
	return fmt.Errorf("--bare-server %q is not a loopback address; listen elsewhere only on purpose, with --allow-remote", addr)
}

// serveBare serves bareHandler on addr until ctx ends. It writes the URL
// and its process id to out once it listens.
func serveBare(ctx context.Context, addr string, out io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: bareHandler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(out, "twofa-load: bare server on http://%s (pid %d); stop it with Ctrl-C or SIGTERM\n", ln.Addr(), os.Getpid())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
