package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	netmail "net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/authz"
	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/password"
	"github.com/twofa-dev/twofa/internal/server"
	"github.com/twofa-dev/twofa/internal/store/postgres"
)

// config is everything the flags and TWOFA_* variables set.
type config struct {
	Addr          string
	DB            string
	SecretKeyFile string
	NoMigrate     bool
	SMTP          string
	MailFrom      string
	BaseURL       string
	TrustProxy    bool
	Proxies       []netip.Prefix
	MetricsAddr   string
	PasswordQueue int
	LogFormat     string
	LogLevel      slog.Level
	AccessLog     bool
	TLSCert       string
	TLSKey        string
	AccessRules   *authz.Rules
	CookieDomain  string
	Argon2        password.Params
	Core          core.Config
	Pool          postgres.Options
}

// newFlagSet declares the flags shared by the commands that open the
// database. Every flag may also come from the environment: --email-code-ttl
// from TWOFA_EMAIL_CODE_TTL, and so on, or from the file of --config; a
// flag on the command line wins over the environment, which wins over the
// file.
func newFlagSet(name string, c *config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("twofa "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	addConfigFlag(fs)
	fs.StringVar(&c.DB, "db", "twofa.db", "SQLite file path, or a postgres:// URL")
	fs.StringVar(&c.SecretKeyFile, "secret-key-file", "", "file with the 32-byte encryption key as 64 hex characters (SQLite default: <db>.key, created on first start)")
	fs.BoolVar(&c.NoMigrate, "no-migrate", false, "do not apply database migrations at start")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log format: text or json")
	fs.Func("db-max-conns", "PostgreSQL: most connections per instance (default 10)", intFlag(&c.Pool.MaxConns))
	fs.Func("db-min-conns", "PostgreSQL: idle connections kept open (default 0)", intFlag(&c.Pool.MinConns))
	fs.DurationVar(&c.Pool.MaxConnLifetime, "db-conn-lifetime", postgres.DefaultMaxConnLifetime, "PostgreSQL: how long a connection lives")
	fs.DurationVar(&c.Pool.MaxConnIdleTime, "db-conn-idle", postgres.DefaultMaxConnIdleTime, "PostgreSQL: how long an idle connection is kept")
	fs.DurationVar(&c.Pool.ConnectTimeout, "db-connect-timeout", postgres.DefaultConnectTimeout, "PostgreSQL: timeout of one connection attempt")
	return fs
}

func addServeFlags(fs *flag.FlagSet, c *config) {
	d := core.DefaultConfig()
	c.Core = d
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "PEM certificate chain file: serve HTTPS on --addr, with --tls-key (both re-read when they change)")
	fs.StringVar(&c.TLSKey, "tls-key", "", "PEM private key file of --tls-cert")
	fs.StringVar(&c.SMTP, "smtp", "", "SMTP server: smtp://[user:pass@]host:port[?starttls=required] or smtps://host:465; empty writes mail to the log")
	fs.StringVar(&c.MailFrom, "mail-from", "", "sender address of mail (with --smtp, default twofa@ the --base-url host, else twofa@localhost)")
	fs.StringVar(&c.BaseURL, "base-url", "", "public URL of this server, e.g. https://id.example.com (https makes cookies Secure, with the __Host- prefix)")
	fs.Func("trusted-proxies", "comma-separated addresses or CIDR prefixes of the reverse proxies in front (e.g. 10.0.0.5,10.1.0.0/16); X-Forwarded-For is read only through them", func(v string) error {
		p, err := server.ParseTrustedProxies(v)
		if err != nil {
			return err
		}
		c.Proxies = p
		return nil
	})
	fs.Func("access-rules", "YAML file of forward-auth access rules (see README.md); without it every protected request needs both factors", func(v string) error {
		rs, err := authz.Load(v)
		if err != nil {
			return err
		}
		c.AccessRules = rs
		return nil
	})
	fs.StringVar(&c.CookieDomain, "cookie-domain", "", "domain of the session cookie, e.g. example.com, so one login covers its sub-domains for forward-auth (default: this host only)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", false, "deprecated: same as --trusted-proxies 127.0.0.0/8,::1 (use --trusted-proxies)")
	c.Argon2 = password.OWASP
	fs.Func("argon2", "argon2id costs of new password hashes: m (memory, KiB), t (iterations), p (parallelism) (default "+password.OWASP.String()+"); older hashes are redone at the next login", func(v string) error {
		p, err := password.ParseParams(v)
		if err != nil {
			return err
		}
		c.Argon2 = p
		return nil
	})
	fs.IntVar(&c.PasswordQueue, "max-password-queue", defaultPasswordQueue, "most password checks waiting for a CPU; more answer 503 busy at once (0: no bound)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "", "address to serve Prometheus metrics on, at /metrics, and profiles at /debug/pprof/ (empty: off); keep it off the public network")
	c.LogLevel = slog.LevelInfo
	fs.BoolVar(&c.AccessLog, "access-log", false, "log a line per request at info level (method, path, status, size, duration, client address); without it that line is at debug")
	fs.Func("log-level", "least level logged: debug, info, warn or error; debug adds a line per request (default info)", func(v string) error {
		l, ok := logLevels[v]
		if !ok {
			return fmt.Errorf("want debug, info, warn or error, got %q", v)
		}
		c.LogLevel = l
		return nil
	})
	fs.StringVar(&c.Core.Issuer, "issuer", d.Issuer, "name authenticator apps show for accounts")
	fs.StringVar(&c.Core.WebAuthnOrigins, "webauthn-origins", "", "comma-separated web origins, besides that of --base-url, whose pages may use security keys and passkeys (e.g. https://login.example.com); the RP ID is the --base-url host")
	fs.BoolVar(&c.Core.Email2FADefault, "email-2fa-default", d.Email2FADefault, "turn email 2FA on for new accounts")
	fs.DurationVar(&c.Core.EmailCodeTTL, "email-code-ttl", d.EmailCodeTTL, "how long a mailed code stays valid")
	fs.DurationVar(&c.Core.SessionTTL, "session-ttl", d.SessionTTL, "how long a session lasts")
	fs.DurationVar(&c.Core.TrustedDeviceTTL, "trusted-device-ttl", d.TrustedDeviceTTL, "how long a remembered device skips the second step")
	fs.DurationVar(&c.Core.StepUpFreshness, "2fa-remember", d.StepUpFreshness, "how long after a second factor a password change needs no new proof")
	fs.StringVar(&c.Core.OIDCSigningAlg, "oidc-signing-alg", d.OIDCSigningAlg, "algorithm that signs ID tokens for apps: RS256 or ES256")
	fs.DurationVar(&c.Core.OIDCAccessTokenTTL, "oidc-access-token-ttl", d.OIDCAccessTokenTTL, "how long an app's access token is valid")
	fs.DurationVar(&c.Core.OIDCRefreshTokenTTL, "oidc-refresh-token-ttl", d.OIDCRefreshTokenTTL, "how long an app's refresh token is valid; each use hands out a new one")
}

// logLevels are the values of --log-level.
var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug,
	"info":  slog.LevelInfo,
	"warn":  slog.LevelWarn,
	"error": slog.LevelError,
}

// parseFlags applies the file of --config, then TWOFA_* variables, then
// the command line, which must hold nothing but flags.
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	_, err := applySources(fs, args, getenv)
	return err
}

// applySources sets fs from the file of --config, then from the TWOFA_*
// variables, then from the command line, which must hold nothing but
// flags, each overriding the one before. It returns the values the file
// set, by flag name.
func applySources(fs *flag.FlagSet, args []string, getenv func(string) string) (fromFile map[string]string, err error) {
	if fromFile, err = applyConfigFile(fs, args, getenv); err != nil {
		return nil, err
	}
	if err := applyEnv(fs, getenv); err != nil {
		return nil, err
	}
	rest, err := parseArgs(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("unexpected argument %q", rest[0])
	}
	return fromFile, nil
}

// applyEnv sets every flag defined on fs so far from its TWOFA_* variable:
// --db from TWOFA_DB, and so on.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	if err := checkEnvNames(fs, getenv); err != nil {
		return err
	}
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := envName(f.Name)
		if v := getenv(env); v != "" && err == nil {
			if serr := setFlag(fs, f.Name, v); serr != nil {
				err = fmt.Errorf("%s (--%s): %w", env, f.Name, serr)
			}
		}
	})
	return err
}

// envName is the variable of a flag: TWOFA_EMAIL_CODE_TTL for
// --email-code-ttl.
func envName(flag string) string {
	return "TWOFA_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// parseArgs parses the command line into fs and returns the arguments
// that are not flags, in order. Flags may come before, between and after
// them; everything after "--" is an argument. A flag or value it refuses
// is one line of error (see commandLineError); -h prints the flags.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	out := fs.Output()
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(out)
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(out)
			if fs.Usage != nil {
				fs.Usage()
			} else {
				fmt.Fprintf(out, "Usage of %s:\n", fs.Name())
				fs.PrintDefaults()
			}
			return nil, err
		} else if err != nil {
			return nil, commandLineError(fs, err)
		}
		left := fs.Args()
		if used := args[:len(args)-len(left)]; len(used) > 0 && used[len(used)-1] == "--" {
			return append(rest, left...), nil
		}
		if len(left) == 0 {
			return rest, nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// intFlag parses a non-negative pool size.
func intFlag(dst *int32) func(string) error {
	return func(v string) error {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 {
			return fmt.Errorf("want a whole number >= 0, got %q", v)
		}
		*dst = int32(n)
		return nil
	}
}

func positive(name string, d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("--%s must be positive (got %s)", name, d)
	}
	return nil
}

func (c *config) validate() error {
	for _, f := range []struct {
		name string
		d    time.Duration
	}{
		{"email-code-ttl", c.Core.EmailCodeTTL},
		{"session-ttl", c.Core.SessionTTL},
		{"trusted-device-ttl", c.Core.TrustedDeviceTTL},
		{"2fa-remember", c.Core.StepUpFreshness},
	} {
		if err := positive(f.name, f.d); err != nil {
			return err
		}
	}
	if c.PasswordQueue < 0 {
		return fmt.Errorf("--max-password-queue must be 0 (no bound) or more (got %d)", c.PasswordQueue)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format must be text or json (got %q)", c.LogFormat)
	}
	if err := checkDB(c.DB); err != nil {
		return err
	}
	if err := c.validateMail(); err != nil {
		return err
	}
	for o := range strings.SplitSeq(c.Core.WebAuthnOrigins, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if u, err := url.Parse(o); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
			return fmt.Errorf("--webauthn-origins: %q is not a web origin like https://login.example.com", o)
		}
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url %q is not an absolute http or https URL like https://id.example.com", c.BaseURL)
		}
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("--tls-cert and --tls-key go together: give both files (the certificate chain and its private key), or neither")
	}
	return c.validateCookieDomain()
}

// validateMail checks --mail-from and --smtp before anything is opened,
// each in a line that names it.
func (c *config) validateMail() error {
	if c.MailFrom != "" {
		if _, err := netmail.ParseAddress(c.MailFrom); err != nil {
			return fmt.Errorf("--mail-from %q is not a mail address like twofa@example.com or \"Example <twofa@example.com>\"", c.MailFrom)
		}
	}
	if c.SMTP == "" {
		return nil
	}
	if _, err := mail.New(c.SMTP, defaultMailFrom(c.BaseURL), slog.New(slog.DiscardHandler)); err != nil {
		return fmt.Errorf("--smtp: %w", err)
	}
	return nil
}

// validateCookieDomain checks that --cookie-domain is a domain name, and
// the host of --base-url or a parent of it: browsers drop a cookie set for
// any other domain, and nobody could log in.
func (c *config) validateCookieDomain() error {
	if c.CookieDomain == "" {
		return nil
	}
	d := authz.NormalizeHost(strings.TrimPrefix(c.CookieDomain, "."))
	if d == "" || d != strings.ToLower(strings.TrimPrefix(c.CookieDomain, ".")) || strings.ContainsAny(d, "/:@* ") {
		return fmt.Errorf("--cookie-domain %q is not a domain name like example.com (no scheme, port or path)", c.CookieDomain)
	}
	base := c.BaseURL
	if base == "" {
		base = "http://" + c.Addr
	}
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("--base-url %q is not a URL", base)
	}
	host := authz.NormalizeHost(u.Hostname())
	if host != d && !strings.HasSuffix(host, "."+d) {
		return fmt.Errorf("--cookie-domain %s must be the host of --base-url (%s) or a parent domain of it; set --base-url to twofa's public address under %s", d, host, d)
	}
	return nil
}

// trustedProxies is the list of proxies the server believes: those of
// --trusted-proxies, plus loopback when the deprecated --trust-proxy is set
// (warn says so, pointing to --trusted-proxies).
func (c *config) trustedProxies(warn func(msg string)) []netip.Prefix {
	if !c.TrustProxy {
		return c.Proxies
	}
	warn("--trust-proxy now trusts X-Forwarded-For only from loopback (127.0.0.0/8, ::1); list your proxies' addresses with --trusted-proxies instead")
	return append(server.LoopbackProxies(), c.Proxies...)
}
