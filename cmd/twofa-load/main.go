// Command twofa-load drives a running twofa server with whole logins and
// signed-in requests, and reports throughput, latency per route, errors by
// status and, given the server's pid, its memory.
//
// It first signs up --users accounts, each of which enables TOTP through the
// API, then for --duration runs --concurrency workers that each repeat: POST
// /api/v1/login (answered 401 2fa-required), POST /api/v1/login/2fa with the
// current TOTP code (answered 200 with a session), then --me-per-login GET
// /api/v1/me with that session.
//
// The target must run with --email-2fa-default=false (so an account's first
// login needs no mailed code) and --trusted-proxies 127.0.0.1 (the tool's address): every virtual user sends its
// own X-Forwarded-For address from 198.18.0.0/15 (the range RFC 2544 sets
// aside for benchmarks), so per-address limits such as 10 sign-ups an hour
// apply per virtual user, not to the tool as a whole.
//
// A TOTP step can be used once per account, so an account logs in at most
// once per 30-second step; the tool rotates over the accounts and, when none
// is free in the current step, the worker waits for the next step (or, with
// --fill-with-me, sends a GET /api/v1/me instead), and the report says how
// long workers waited. To keep logins going, --users should be at least 30
// times the logins per second the server manages.
//
// With --timing-pairs N it sends no load: it measures N interleaved pairs of
// wrong-password logins, one for an account it signs up and one for an
// address without an account, and reports the medians and the paired
// difference, to check that the answer does not tell which addresses have
// accounts (see SECURITY.md). The target needs --trusted-proxies here too.
//
// --scenario picks what the load measures; the default, login, is the
// above. The others each measure one route:
//
//   - second-step: POST /api/v1/login/2fa alone. The set-up (not measured)
//     signs up the accounts missing and opens, with the password, up to
//     --challenges-per-user challenges per account, one per TOTP step the
//     server will still accept from it (the previous, current and next
//     step, each once, in ascending order): about 3 × --users second steps
//     in all, 2 × for accounts enrolled in the current 30 s step. The load sends each
//     challenge a fresh code, and stops at --duration or when no account
//     has both a challenge and a free step left, which the report says.
//   - replay: POST /api/v1/login/2fa with a code already used, which must
//     be refused. The set-up logs each account in with the latest step's
//     code and opens a challenge to replay that code on, 4 times per
//     account (the fifth wrong code in a row would lock it).
//   - me: GET /api/v1/me alone, with the accounts' sessions (checked first;
//     accounts without a live one log in). With --compare-url it then runs
//     again against a second server with the same sessions and prints the
//     ratio: twofa-load --bare-server 127.0.0.1:0, run as its own process,
//     is such a server, a bare net/http GET /api/v1/me that only checks a
//     bearer token is present and answers a fixed JSON body shaped like
//     twofa's.
//
// --setup-concurrency sets how many set-up requests go at once (default:
// --concurrency); a set-up request answered 503 busy or unavailable is sent
// again after its Retry-After.
//
// It talks only to loopback addresses unless --allow-remote is given.
//
// Usage:
//
//	twofa-load --url http://127.0.0.1:8080 --users 2000 --concurrency 16 --duration 30s --pid 1234
//	twofa-load --url http://127.0.0.1:8080 --scenario second-step --users 15000 --users-file users.jsonl \
//	    --setup-concurrency 32 --concurrency 32 --duration 10s --pid 1234
//	twofa-load --bare-server 127.0.0.1:0
//	twofa-load --url http://127.0.0.1:8080 --scenario me --users 200 --concurrency 32 --duration 10s \
//	    --pid 1234 --compare-url http://127.0.0.1:PORT --compare-pid 5678
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "twofa-load:", err)
		}
		os.Exit(2)
	}
}

// Bounds on the flags, so a typo cannot start an unbounded run.
const (
	maxUsers       = 100_000
	maxConcurrency = 1024
	maxDuration    = time.Hour
	maxMePerLogin  = 100
)

// config is what the flags set.
type config struct {
	URL          string
	Users        int
	Duration     time.Duration
	Concurrency  int
	MePerLogin   int
	PID          int
	UsersFile    string
	Password     string
	Timeout      time.Duration
	SetupTimeout time.Duration
	AllowRemote  bool
	FillWithMe   bool
	TimingPairs  int

	Scenario         string
	SetupConcurrency int
	ChallengesPer    int
	CompareURL       string
	ComparePID       int
	BareServer       string
}

// setupConcurrency is how many set-up requests go at once.
func (c *config) setupConcurrency() int {
	if c.SetupConcurrency > 0 {
		return c.SetupConcurrency
	}
	return c.Concurrency
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	var c config
	fs := flag.NewFlagSet("twofa-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.URL, "url", "http://127.0.0.1:8080", "base URL of a running twofa (loopback only unless --allow-remote)")
	fs.IntVar(&c.Users, "users", 200, fmt.Sprintf("accounts to log in with, signed up first (at most %d)", maxUsers))
	fs.DurationVar(&c.Duration, "duration", 30*time.Second, fmt.Sprintf("how long to send load, after the set-up (at most %s)", maxDuration))
	fs.IntVar(&c.Concurrency, "concurrency", 8, fmt.Sprintf("workers sending requests at once (at most %d)", maxConcurrency))
	fs.IntVar(&c.MePerLogin, "me-per-login", 5, fmt.Sprintf("GET /api/v1/me requests after each login (0 to %d)", maxMePerLogin))
	fs.IntVar(&c.PID, "pid", 0, "process id of the server, to report its memory from /proc/<pid>/status")
	fs.StringVar(&c.UsersFile, "users-file", "", "JSON-lines file of accounts to reuse; accounts signed up now are added to it")
	fs.StringVar(&c.Password, "password", "load-test password 1", "password of the accounts signed up")
	fs.DurationVar(&c.Timeout, "timeout", 30*time.Second, "timeout of one request")
	fs.DurationVar(&c.SetupTimeout, "setup-timeout", 10*time.Minute, "how long signing up the accounts may take")
	fs.BoolVar(&c.FillWithMe, "fill-with-me", false, "when no account is free in the current 30 s step, send GET /api/v1/me with an existing session instead of waiting")
	fs.IntVar(&c.TimingPairs, "timing-pairs", 0, fmt.Sprintf("instead of the load, measure N interleaved pairs of wrong-password logins, one for an account's address and one for an unknown address, and report the difference (1 to %d)", maxTimingPairs))
	fs.BoolVar(&c.AllowRemote, "allow-remote", false, "allow a --url that is not a loopback address")
	fs.StringVar(&c.Scenario, "scenario", scenarioLogin, "what to measure: "+scenarioList)
	fs.IntVar(&c.SetupConcurrency, "setup-concurrency", 0, fmt.Sprintf("set-up requests (sign-ups, challenges) at once (0: as --concurrency; at most %d)", maxConcurrency))
	fs.IntVar(&c.ChallengesPer, "challenges-per-user", 3, "second-step: challenges opened per account ahead of the run, at most 3 (one per TOTP step the server accepts)")
	fs.StringVar(&c.CompareURL, "compare-url", "", "me: after the run against --url, run it again with the same sessions against this base URL (e.g. a --bare-server) and print the ratio")
	fs.IntVar(&c.ComparePID, "compare-pid", 0, "process id of the --compare-url server, for its CPU and memory")
	fs.StringVar(&c.BareServer, "bare-server", "", "instead of a load, serve a bare net/http GET /api/v1/me on this address (e.g. 127.0.0.1:0) until interrupted, as a baseline for --scenario me")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return &c, c.validate()
}

func (c *config) validate() error {
	switch {
	case c.Users < 1 || c.Users > maxUsers:
		return fmt.Errorf("--users must be 1 to %d (got %d)", maxUsers, c.Users)
	case c.Concurrency < 1 || c.Concurrency > maxConcurrency:
		return fmt.Errorf("--concurrency must be 1 to %d (got %d)", maxConcurrency, c.Concurrency)
	case c.Duration <= 0 || c.Duration > maxDuration:
		return fmt.Errorf("--duration must be positive and at most %s (got %s)", maxDuration, c.Duration)
	case c.MePerLogin < 0 || c.MePerLogin > maxMePerLogin:
		return fmt.Errorf("--me-per-login must be 0 to %d (got %d)", maxMePerLogin, c.MePerLogin)
	case c.Timeout <= 0 || c.SetupTimeout <= 0:
		return errors.New("--timeout and --setup-timeout must be positive")
	case c.TimingPairs < 0 || c.TimingPairs > maxTimingPairs:
		return fmt.Errorf("--timing-pairs must be 0 (off) to %d (got %d)", maxTimingPairs, c.TimingPairs)
	case c.PID < 0 || c.ComparePID < 0:
		return fmt.Errorf("--pid and --compare-pid must be process ids (got %d, %d)", c.PID, c.ComparePID)
	case c.SetupConcurrency < 0 || c.SetupConcurrency > maxConcurrency:
		return fmt.Errorf("--setup-concurrency must be 0 to %d (got %d)", maxConcurrency, c.SetupConcurrency)
	case c.ChallengesPer < 1 || c.ChallengesPer > maxChallengesPer:
		return fmt.Errorf("--challenges-per-user must be 1 to %d (got %d)", maxChallengesPer, c.ChallengesPer)
	case !slices.Contains(scenarios, c.Scenario):
		return fmt.Errorf("--scenario must be one of %s (got %q)", scenarioList, c.Scenario)
	case c.CompareURL != "" && c.Scenario != scenarioMe:
		return errors.New("--compare-url goes with --scenario me only")
	case len(c.Password) < 10:
		return errors.New("--password must be at least 10 characters, as twofa requires")
	}
	if c.BareServer != "" {
		return checkListen(c.BareServer, c.AllowRemote)
	}
	if c.CompareURL != "" {
		if err := checkTarget(c.CompareURL, c.AllowRemote); err != nil {
			return fmt.Errorf("--compare-url: %w", err)
		}
	}
	return checkTarget(c.URL, c.AllowRemote)
}

// run is the whole program, with its environment passed in so tests can
// drive it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if c.BareServer != "" {
		return serveBare(ctx, c.BareServer, stdout)
	}
	if c.TimingPairs > 0 {
		res, err := timing(ctx, c, stderr)
		if res != nil {
			res.print(stdout)
		}
		return err
	}
	var rep reporter
	switch c.Scenario {
	case scenarioSecondStep:
		rep, err = secondStep(ctx, c, stderr)
	case scenarioReplay:
		rep, err = replay(ctx, c, stderr)
	case scenarioMe:
		rep, err = meScenario(ctx, c, stderr)
	default:
		var res *result
		if res, err = load(ctx, c, stderr); res != nil {
			rep = res
		}
	}
	if rep != nil {
		rep.print(stdout)
	}
	return err
}

// reporter is the result of a scenario, which writes its report.
type reporter interface{ print(io.Writer) }
