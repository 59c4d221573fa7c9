package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"sync"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/metrics"
	"github.com/twofa-dev/twofa/internal/oidcprovider"
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

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("serve", &c, stderr)
	addServeFlags(fs, &c)
	fromFile, err := applySources(fs, args, getenv)
	if err != nil {
		return err
	}
	if err := c.validate(); err != nil {
		return err
	}
	log, logOut := newLogger(&c, stderr)
	// Runs last, after every other deferred call has logged: what is
	// still buffered reaches stderr on every way out of serve.
	defer logOut.Close()
	// The OIDC library logs through slog's default logger: its lines
	// take serve's format and level too, while serve runs.
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(log)
	if c.Argon2.BelowOWASP() {
		log.Warn("WARNING: --argon2 "+c.Argon2.String()+" is below OWASP's recommendation ("+password.OWASP.String()+" or an equivalent): fit for tests and benchmarks, not for real passwords",
			"argon2", c.Argon2.String())
	}

	if c.SMTP != "" && c.MailFrom == "" {
		c.MailFrom = defaultMailFrom(c.BaseURL)
		log.Warn("no --mail-from given; sending as "+c.MailFrom+", which your mail relay or the recipients' SPF/DMARC checks may refuse: set --mail-from to an address of your domain",
			"from", c.MailFrom)
	}
	mailer, err := mail.New(c.SMTP, c.MailFrom, log)
	if err != nil {
		return fmt.Errorf("--smtp: %w", err)
	}
	keyPath, err := keyFilePath(&c)
	if err != nil {
		return err
	}
	if err := checkKeyFile(&c, keyPath); err != nil {
		return err
	}
	scheme := "http"
	var tlsConfig *tls.Config
	if c.TLSCert != "" {
		certs, err := newCertFiles(c.TLSCert, c.TLSKey, log)
		if err != nil {
			return err
		}
		scheme, tlsConfig = "https", certs.tlsConfig()
	}
	// Everything that can be checked without the database is, and the
	// ports are taken, before the database or the key file is created:
	// a start that fails leaves the directory as it found it.
	lns, err := listen(&c)
	if err != nil {
		return err
	}
	serving := false
	defer func() {
		if !serving {
			lns.close()
		}
	}()
	created := newStartFiles(&c, keyPath)
	// Registered before the store's Close, so it runs after it.
	defer func() {
		if !serving {
			created.remove(log)
		}
	}()
	st, err := openStore(ctx, &c)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, _, err := loadKeys(ctx, &c, st, log)
	if err != nil {
		return err
	}
	hasher := password.NewHasher(c.Argon2, 0, rand.Reader)
	if c.PasswordQueue > 0 {
		hasher.LimitQueue(c.PasswordQueue)
	}
	m := metrics.New()
	m.WatchHasher(hasher.Load)
	if stats := poolStats(st); stats != nil {
		m.WatchPool(stats)
	}
	c.Core.BaseURL = c.BaseURL
	if c.Core.BaseURL == "" {
		c.Core.BaseURL = scheme + "://" + c.Addr
	}
	svc, err := core.New(ctx, core.Deps{
		Store:   st,
		Mailer:  m.Mailer(mailer),
		Keys:    keys,
		Hasher:  hasher,
		Logger:  log,
		OnEvent: logEvents(log, m.Event),
		OnMail:  m.MailDelivery,
		// The settings page shows which values came from flags.
		FlagSources: originsOf(fs, args, getenv, fromFile).coreSources(fs),
	}, c.Core)
	if err != nil {
		return err
	}
	defer svc.Close()
	m.WatchOutbox(svc.MailBacklog, time.Now)
	if err := svc.EnsureOIDCSigningKeys(ctx); err != nil {
		return err
	}
	provider, err := oidcprovider.New(ctx, svc, oidcprovider.Options{Issuer: c.Core.BaseURL, Logger: log})
	if err != nil {
		return err
	}
	opts := server.Options{Service: svc, Logger: log, BaseURL: c.BaseURL, TrustedProxies: c.trustedProxies(func(msg string) { log.Warn(msg) }), Version: buildVersion(), Observer: m, OIDC: provider,
		AccessRules: c.AccessRules, CookieDomain: c.CookieDomain, AccessLog: c.AccessLog}
	mailCheck := newMailCheck(mailer, log)
	if mailCheck != nil {
		opts.MailStatus = mailCheck.status
		mailCheck.check(ctx)
	}
	h, err := server.New(opts)
	if err != nil {
		return err
	}

	mainSrv := newHTTPServer(h, log)
	mainSrv.TLSConfig = tlsConfig
	endpoints := []endpoint{{"--addr", lns.main, mainSrv}}
	if lns.metrics != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.Handler())
		handleProfiles(mux)
		endpoints = append(endpoints, endpoint{"--metrics-addr", lns.metrics, newHTTPServer(mux, log)})
		log.Info("metrics listening", "addr", lns.metrics.Addr().String(), "path", "/metrics")
	}

	// The cleanup loop and the outbox's mail sender end with serve, before
	// the service and store close.
	var background sync.WaitGroup
	defer background.Wait()
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	background.Go(func() { cleanup(ctx, svc, log) })
	if mailCheck != nil {
		background.Go(func() { mailCheck.run(ctx) })
	}
	// Settings an administrator changes on any instance are in force here
	// within core.DefaultSettingsReload.
	background.Go(func() { svc.RunSettingsReload(ctx) })
	if c.SMTP == "" && isPostgres(c.DB) {
		// Without --smtp this instance would write to its own log the mail
		// of every instance sharing the database, codes included, and mark
		// it sent. It leaves the outbox to the instances that can deliver.
		log.Warn("no --smtp on a shared PostgreSQL database: this instance sends no mail; mail waits in the database for an instance started with --smtp")
	} else {
		background.Go(func() { svc.RunMailSender(ctx) })
	}

	// The listeners are bound: connections wait in their backlogs until
	// runEndpoints serves them.
	serving = true
	log.Info("twofa listening", "addr", lns.main.Addr().String(), "version", buildVersion(), "db", redactDSN(c.DB))
	// The startup lines are in the log before anyone is told to connect.
	_ = logOut.Flush()
	fmt.Fprintf(stdout, "twofa %s listening on %s://%s\n", buildVersion(), scheme, lns.main.Addr())
	return runEndpoints(ctx, endpoints, log)
}

// handleProfiles serves net/http/pprof's profiles under /debug/pprof/ on
// mux. Registered here rather than through the package's init, which
// would put them on http.DefaultServeMux, so that only the private
// --metrics-addr listener serves them.
func handleProfiles(mux *http.ServeMux) {
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("POST /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
}

// endpoint is one listener and the server on it; flag names it in errors.
type endpoint struct {
	flag string
	ln   net.Listener
	srv  *http.Server
}

// runEndpoints serves every endpoint and returns when ctx ends or one of
// them fails, after shutting all of them down together (15 s at most).
// Every error is returned, named by its endpoint's flag.
func runEndpoints(ctx context.Context, endpoints []endpoint, log *slog.Logger) error {
	errc := make(chan error, len(endpoints))
	for _, e := range endpoints {
		go func() {
			if e.srv.TLSConfig != nil {
				// The certificate comes from TLSConfig.GetCertificate.
				errc <- fmt.Errorf("%s: %w", e.flag, e.srv.ServeTLS(e.ln, "", ""))
				return
			}
			errc <- fmt.Errorf("%s: %w", e.flag, e.srv.Serve(e.ln))
		}()
	}

	var errs []error
	select {
	case err := <-errc: // a listener failed: stop the others too
		errs = append(errs, err)
	case <-ctx.Done():
		log.Info("shutting down")
	}
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var down sync.WaitGroup
	var mu sync.Mutex
	for _, e := range endpoints {
		down.Go(func() {
			if err := e.srv.Shutdown(sctx); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: shutdown: %w", e.flag, err))
				mu.Unlock()
			}
		})
	}
	down.Wait()
	return errors.Join(errs...)
}

// defaultMailFrom is the sender used when --smtp is set without
// --mail-from: twofa@ the host name of --base-url, or twofa@localhost
// (also when that host is an IP address, which is no mail domain).
func defaultMailFrom(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" && net.ParseIP(u.Hostname()) == nil {
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
	every(ctx, cleanupEvery, func() {
		n, err := svc.Cleanup(ctx)
		if err != nil {
			log.Warn("cleanup of expired rows failed", "err", err)
			return
		}
		if n > 0 {
			log.Info("deleted expired rows", "rows", n)
		}
	})
}

// every calls fn every d until ctx ends.
func every(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}
