package core

import (
	"strings"
	"time"
)

// Config holds the rules an operator may tune. Zero values are replaced by
// the defaults of DefaultConfig, but for the booleans and for TOTPSkew and
// EnforcementGrace, whose zero is a setting of its own (a negative value
// takes their default). Administrators change some of them at run time
// (see Settings); the Config a Service is built with is what those
// settings start from.
type Config struct {
	// Issuer is the name authenticator apps show next to the account.
	Issuer string
	// BaseURL is the public address of the web pages, without a trailing
	// slash, for links in mail (such as the link that undoes an email
	// change). Default http://127.0.0.1:8080.
	BaseURL string
	// WebAuthnOrigins are web origins, comma-separated, besides that of
	// BaseURL, whose pages may register and use security keys and
	// passkeys (such as https://login.example.com under the same
	// registrable domain as BaseURL, which names the RP ID).
	WebAuthnOrigins string
	// Email2FADefault turns email codes on for new accounts.
	Email2FADefault bool
	// EmailCodeTTL is how long a mailed code stays valid.
	EmailCodeTTL time.Duration
	// EmailCodeAttempts is how many wrong tries one mailed code survives.
	EmailCodeAttempts int
	// ChallengeTTL is how long the second step of a login may take.
	ChallengeTTL time.Duration
	// ChallengeAttempts is how many wrong codes one login challenge survives.
	ChallengeAttempts int
	// SessionTTL is how long a session lasts.
	SessionTTL time.Duration
	// TrustedDeviceTTL is how long "remember this device" lasts.
	TrustedDeviceTTL time.Duration
	// KnownDeviceTTL is how long a known device (a client that completed a
	// login, and so has limits of its own) stays known without logging in.
	KnownDeviceTTL time.Duration
	// StepUpFreshness is how long after a second factor a session may change
	// its password without proving one again.
	StepUpFreshness time.Duration
	// RecoveryCodes is the size of a recovery code set.
	RecoveryCodes int
	// EventRetention is how long audit events are kept; Cleanup deletes
	// older ones.
	EventRetention time.Duration
	// SecondFactorLimit bounds guesses of second factors (and current
	// passwords of signed-in sessions) per account and requester: each
	// known device of the account has its own record, and all its unknown
	// devices share one. It must have no Decay: the guessing bound in
	// SECURITY.md counts on a record that only a correct code clears.
	SecondFactorLimit Policy
	// LoginLimit bounds failed password logins, per client address. Each
	// login is counted while its password is checked (so a parallel burst
	// cannot pass the limit) and a right password takes its count back, so
	// Free also bounds the logins one address can have in flight at once.
	LoginLimit Policy
	// SignupLimit bounds sign-ups, per client address.
	SignupLimit Policy
	// MailAddrLimit bounds code mails per client address (generous: many
	// users may share one address behind a NAT).
	MailAddrLimit Policy
	// MailUserLimit bounds code mails per account and asker (each known
	// device of the account, all its unknown devices together, and each
	// signed-in session), so nobody can flood one mailbox or use up the
	// codes of another.
	MailUserLimit Policy
	// MailAttemptTimeout bounds one attempt to hand a mail to the mail
	// server, so that a server that accepts connections and never answers
	// does not hold the outbox's sender.
	MailAttemptTimeout time.Duration

	// OIDCRequestTTL is how long an app's sign-in request may take, from
	// the app sending the browser to twofa to the app redeeming its code.
	OIDCRequestTTL time.Duration
	// OIDCCodeTTL is how long an authorization code is valid once issued.
	OIDCCodeTTL time.Duration
	// OIDCAccessTokenTTL is how long an access token is valid.
	OIDCAccessTokenTTL time.Duration
	// OIDCIDTokenTTL is how long an ID token is valid; a retired signing
	// key stays published this long (plus a margin) after its retirement.
	OIDCIDTokenTTL time.Duration
	// OIDCRefreshTokenTTL is how long a refresh token is valid; each use
	// hands out a new one with a new lifetime.
	OIDCRefreshTokenTTL time.Duration
	// OIDCSigningAlg is the algorithm that signs ID tokens: RS256 (the
	// default every client supports) or ES256. Keys of both are kept.
	OIDCSigningAlg string

	// TOTPSkew is how many 30-second steps of clock drift a TOTP code may
	// be off by, either way: 0, 1 or 2.
	TOTPSkew int
	// TOTPDisallowed and EmailDisallowed take a method off the second
	// factors accounts may turn on; an account that has it already keeps
	// it while it is the account's only second factor (see methods).
	TOTPDisallowed, EmailDisallowed bool
	// SignupClosed refuses sign-ups; administrators still create accounts
	// on the command line.
	SignupClosed bool
	// Enforcement says whose accounts must have an authenticator app or a
	// security key:
	// EnforceOff ("" too), EnforceAll or EnforceAdmins.
	Enforcement string
	// EnforcementGrace is how long an account has to set up an
	// authenticator app or a security key once enforcement covers it (see
	// EnrollmentState).
	EnforcementGrace time.Duration
}

// DefaultConfig returns the settings twofa ships with.
func DefaultConfig() Config {
	return Config{
		Issuer:            "twofa",
		BaseURL:           "http://127.0.0.1:8080",
		Email2FADefault:   true,
		EmailCodeTTL:      10 * time.Minute,
		EmailCodeAttempts: 5,
		ChallengeTTL:      10 * time.Minute,
		ChallengeAttempts: 5,
		SessionTTL:        7 * 24 * time.Hour,
		TrustedDeviceTTL:  30 * 24 * time.Hour,
		KnownDeviceTTL:    365 * 24 * time.Hour,
		StepUpFreshness:   30 * time.Minute,
		RecoveryCodes:     12,
		EventRetention:    90 * 24 * time.Hour,
		// 5 free failures, then locks of 1, 2, 4 ... minutes, at most 4
		// hours, never forgotten until a correct code: at most 191 guesses in
		// 30 days per record, so 191 for a stranger, whose every device
		// shares the unknown-device record (see SECURITY.md and
		// TestGuessingBound).
		SecondFactorLimit:  Policy{Free: 5, Base: time.Minute, Max: 4 * time.Hour},
		LoginLimit:         Policy{Free: 20, Base: time.Minute, Max: time.Hour, Decay: time.Hour},
		SignupLimit:        Policy{Free: 10, Base: time.Minute, Max: time.Hour, Decay: time.Hour},
		MailAddrLimit:      Policy{Free: 30, Base: time.Minute, Max: time.Hour, Decay: time.Hour},
		MailUserLimit:      Policy{Free: 10, Base: time.Minute, Max: time.Hour, Decay: time.Hour},
		MailAttemptTimeout: 20 * time.Second,

		OIDCRequestTTL:      10 * time.Minute,
		OIDCCodeTTL:         time.Minute,
		OIDCAccessTokenTTL:  time.Hour,
		OIDCIDTokenTTL:      time.Hour,
		OIDCRefreshTokenTTL: 30 * 24 * time.Hour,
		OIDCSigningAlg:      AlgRS256,

		TOTPSkew:         1,
		Enforcement:      EnforceOff,
		EnforcementGrace: 7 * 24 * time.Hour,
	}
}

// withDefaults fills every unset (zero or negative) setting from
// DefaultConfig. A Policy counts as unset when its Free is.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Issuer == "" {
		c.Issuer = d.Issuer
	}
	if c.OIDCSigningAlg == "" {
		c.OIDCSigningAlg = d.OIDCSigningAlg
	}
	if c.Enforcement == "" {
		c.Enforcement = d.Enforcement
	}
	if c.TOTPSkew < 0 {
		c.TOTPSkew = d.TOTPSkew
	}
	if c.EnforcementGrace < 0 {
		c.EnforcementGrace = d.EnforcementGrace
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.BaseURL == "" {
		c.BaseURL = d.BaseURL
	}
	for _, f := range []struct{ v, d *time.Duration }{
		{&c.EmailCodeTTL, &d.EmailCodeTTL},
		{&c.ChallengeTTL, &d.ChallengeTTL},
		{&c.SessionTTL, &d.SessionTTL},
		{&c.TrustedDeviceTTL, &d.TrustedDeviceTTL},
		{&c.KnownDeviceTTL, &d.KnownDeviceTTL},
		{&c.StepUpFreshness, &d.StepUpFreshness},
		{&c.EventRetention, &d.EventRetention},
		{&c.MailAttemptTimeout, &d.MailAttemptTimeout},
		{&c.OIDCRequestTTL, &d.OIDCRequestTTL},
		{&c.OIDCCodeTTL, &d.OIDCCodeTTL},
		{&c.OIDCAccessTokenTTL, &d.OIDCAccessTokenTTL},
		{&c.OIDCIDTokenTTL, &d.OIDCIDTokenTTL},
		{&c.OIDCRefreshTokenTTL, &d.OIDCRefreshTokenTTL},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	for _, f := range []struct{ v, d *int }{
		{&c.EmailCodeAttempts, &d.EmailCodeAttempts},
		{&c.ChallengeAttempts, &d.ChallengeAttempts},
		{&c.RecoveryCodes, &d.RecoveryCodes},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	for _, f := range []struct{ v, d *Policy }{
		{&c.SecondFactorLimit, &d.SecondFactorLimit},
		{&c.LoginLimit, &d.LoginLimit},
		{&c.SignupLimit, &d.SignupLimit},
		{&c.MailAddrLimit, &d.MailAddrLimit},
		{&c.MailUserLimit, &d.MailUserLimit},
	} {
		if f.v.Free <= 0 {
			*f.v = *f.d
		}
	}
	return c
}
