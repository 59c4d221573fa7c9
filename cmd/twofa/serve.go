package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/metrics"
	"github.com/twofa-dev/twofa/internal/password"
	"github.com/twofa-dev/twofa/internal/server"
)

// defaultPasswordQueue bounds the password checks waiting for a CPU. One
// argon2id hash with OWASP parameters takes about 17 ms (BENCHMARKS.md),
// so on two cores 128 waiting checks are about 1.1 s of work: a client
// waits at most that long before its check starts, or is told to retry.
const defaultPasswordQueue = 128

// cleanupEvery is how often expired sessions, challenges, codes and devices
// are deleted.
const cleanupEvery = 10 * time.Minute

func newLogger(c *config, w io.Writer) *slog.Logger {
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("serve", &c, stderr)
	addServeFlags(fs, &c)
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	if err := c.validate(); err != nil {
		return err
	}
	log := newLogger(&c, stderr)

	if c.SMTP != "" && c.MailFrom == "" {
		c.MailFrom = defaultMailFrom(c.BaseURL)
		log.Warn("no --mail-from given; sending as "+c.MailFrom+", which your mail relay or the recipients' SPF/DMARC checks may refuse: set --mail-from to an address of your domain",
			"from", c.MailFrom)
	}
	mailer, err := mail.New(c.SMTP, c.MailFrom, log)
	if err != nil {
		return fmt.Errorf("--smtp: %w", err)
	}
	if _, err := keyFilePath(&c); err != nil {
		return err
	}
	st, err := openStore(ctx, &c)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, _, err := loadKeys(ctx, &c, st, log)
	if err != nil {
		return err
	}
	hasher := password.NewHasher(password.OWASP, 0, rand.Reader)
	if c.PasswordQueue > 0 {
		hasher.LimitQueue(c.PasswordQueue)
	}
	m := metrics.New()
	m.WatchHasher(hasher.Load)
	if stats := poolStats(st); stats != nil {
		m.WatchPool(stats)
	}
	svc, err := core.New(ctx, core.Deps{
		Store:   st,
		Mailer:  m.Mailer(mailer),
		Keys:    keys,
		Hasher:  hasher,
		Logger:  log,
		OnEvent: m.Event,
	}, c.Core)
	if err != nil {
		return err
	}
	defer svc.Close()
	h, err := server.New(server.Options{Service: svc, Logger: log, BaseURL: c.BaseURL, TrustProxy: c.TrustProxy, Version: version, Observer: m})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	servers := []*http.Server{newHTTPServer(h, log)}
	listeners := []net.Listener{ln}
	if c.MetricsAddr != "" {
		mln, err := net.Listen("tcp", c.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.Handler())
		servers = append(servers, newHTTPServer(mux, log))
		listeners = append(listeners, mln)
		log.Info("metrics listening", "addr", mln.Addr().String(), "path", "/metrics")
	}
	go cleanup(ctx, svc, log)
	errc := make(chan error, len(servers))
	for i, srv := range servers {
		go func() { errc <- srv.Serve(listeners[i]) }()
	}
	log.Info("twofa listening", "addr", ln.Addr().String(), "version", version, "db", redactDSN(c.DB))
	fmt.Fprintf(stdout, "twofa %s listening on http://%s\n", version, ln.Addr())

	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) && serveErr == nil {
			serveErr = fmt.Errorf("shutdown: %w", err)
		}
	}
	return serveErr
}

// defaultMailFrom is the sender used when --smtp is set without
// --mail-from: twofa@ the host of --base-url, or twofa@localhost.
func defaultMailFrom(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return "twofa@" + u.Hostname()
	}
	return "twofa@localhost"
}

// newHTTPServer returns a server for h with timeouts that keep slow or
// idle clients from holding connections.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

func cleanup(ctx context.Context, svc *core.Service, log *slog.Logger) {
	t := time.NewTicker(cleanupEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := svc.Cleanup(ctx)
			if err != nil {
				log.Warn("cleanup of expired rows failed", "err", err)
				continue
			}
			if n > 0 {
				log.Info("deleted expired rows", "rows", n)
			}
		}
	}
}
