// Command twofa is a self-hosted account server whose users protect their
// accounts with two-factor authentication. Run "twofa help" for usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "twofa:", err)
		os.Exit(1)
	}
}

const usage = `twofa - an account server with two-factor authentication

Usage:
  twofa serve [flags]       run the server (twofa serve -h lists the flags)
  twofa config [flags]      print the configuration twofa serve would run with,
                            and where each value comes from (passwords masked)
  twofa migrate [flags]     apply database migrations and exit
  twofa backup --out FILE [flags]
                            copy the SQLite database, while twofa serve runs, to a new file
  twofa rotate-key [flags]  put a new secret key first in the key file and re-encrypt every secret under it
  twofa oidc client add --name NAME --redirect-uri URI [flags]
                            register an app that signs its users in through twofa (OpenID Connect)
  twofa oidc client list    list the registered apps
  twofa oidc client remove ID
                            remove an app with its tokens and its users' consents
  twofa oidc client rotate-secret ID
                            give an app a new secret
  twofa oidc rotate-signing-key [flags]
                            sign ID tokens for apps with new keys (twofa oidc help tells more)
  twofa admin create --email E --name N [--password-file FILE]
                            make an administrator (twofa admin help tells more:
                            promote, demote, list, reset-2fa, unlock, disable,
                            enable, send-password-reset, delete)
  twofa version             print the version

Every flag can also come from a TWOFA_* variable (--email-code-ttl from
TWOFA_EMAIL_CODE_TTL) or from a YAML or TOML file given with --config FILE or
TWOFA_CONFIG, keyed by flag name; the command line wins over the environment,
which wins over the file.
`

// run is the whole program, with its environment passed in so tests can
// drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "config":
		return configCmd(args[1:], getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout, stderr)
	case "backup":
		return backup(ctx, args[1:], getenv, stdout, stderr)
	case "rotate-key":
		return rotateKey(ctx, args[1:], getenv, stdout, stderr)
	case "oidc":
		return oidc(ctx, args[1:], getenv, stdout, stderr)
	case "admin":
		return admin(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "twofa", buildVersion())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
