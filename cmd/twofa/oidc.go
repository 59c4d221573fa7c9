package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
)

const oidcUsage = `twofa oidc - the apps that sign their users in through twofa (OpenID Connect)

Usage:
  twofa oidc client add --name NAME --redirect-uri URI [--redirect-uri URI ...]
                        [--post-logout-uri URI ...] [--public] [--require-2fa] [--json]
                                        register an app; prints its client ID and secret
  twofa oidc client list [--json]       list the registered apps
  twofa oidc client remove ID           remove an app with its tokens and its users' consents
  twofa oidc client rotate-secret ID [--json]
                                        give an app a new secret; the old one stops working
  twofa oidc rotate-signing-key         sign ID tokens with new keys; the old ones stay published
                                        until the tokens they signed have expired

Each command also takes the database flags of twofa serve (--db, --secret-key-file,
and the TWOFA_* variables) and works while servers run; -h after a command lists its flags.
`

// command is a subcommand of twofa: run with its arguments.
type command func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error

// oidc runs "twofa oidc ...".
func oidc(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return dispatch(ctx, "oidc", map[string]command{"client": oidcClient, "rotate-signing-key": oidcRotateSigningKey}, args, getenv, stdout, stderr)
}

// oidcClient runs "twofa oidc client ...".
func oidcClient(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return dispatch(ctx, "oidc client", map[string]command{
		"add":           oidcClientAdd,
		"list":          oidcClientList,
		"remove":        oidcClientRemove,
		"rotate-secret": oidcClientRotateSecret,
	}, args, getenv, stdout, stderr)
}

// dispatch runs the command of cmds that args start with; help prints the
// usage of "twofa oidc", anything else is an error after it.
func dispatch(ctx context.Context, name string, cmds map[string]command, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return dispatchUsage(ctx, name, oidcUsage, cmds, args, getenv, stdout, stderr)
}

// dispatchUsage is dispatch with the usage text of the command group.
func dispatchUsage(ctx context.Context, name, usage string, cmds map[string]command, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	names := slices.Sorted(maps.Keys(cmds))
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%s: no command given: %s", name, strings.Join(names, ", "))
	}
	if cmd, ok := cmds[args[0]]; ok {
		return cmd(ctx, args[1:], getenv, stdout, stderr)
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%s: unknown command %q: %s", name, args[0], strings.Join(names, ", "))
}

// adminFlagSet is the flag set of a command that opens the database, with
// the database flags set from the file of --config (found in args or
// TWOFA_CONFIG) and their TWOFA_* variables already. Flags the command adds
// after this call are not read from the environment or the file: a
// TWOFA_NAME meant for something else must not name a client.
func adminFlagSet(name string, c *config, args []string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, error) {
	fs := newFlagSet(name, c, stderr)
	if _, err := applyConfigFile(fs, args, getenv); err != nil {
		return nil, err
	}
	if err := applyEnv(fs, getenv); err != nil {
		return nil, err
	}
	return fs, nil
}

// openAdmin parses the arguments of "twofa <name> [flags]", or with
// withID of "twofa <name> ID [flags]", with the database flags and those
// that define adds, and opens the service; done releases it.
func openAdmin(ctx context.Context, name string, withID bool, args []string, getenv func(string) string, stderr io.Writer, define func(*flag.FlagSet)) (svc *core.Service, id string, done func(), err error) {
	var c config
	fs, err := adminFlagSet(name, &c, args, getenv, stderr)
	if err != nil {
		return nil, "", nil, err
	}
	define(fs)
	rest, err := parseArgs(fs, args)
	want := 0
	if withID {
		want = 1
	}
	switch {
	case err != nil:
		return nil, "", nil, err
	case len(rest) < want:
		return nil, "", nil, fmt.Errorf("%s: the client ID is missing: twofa %s ID (twofa oidc client list shows the IDs)", name, name)
	case len(rest) > want:
		return nil, "", nil, fmt.Errorf("%s: unexpected argument %q", name, rest[want])
	}
	if withID {
		id = rest[0]
	}
	svc, done, err = openService(ctx, &c, stderr)
	return svc, id, done, err
}

// noFlags is the define of openAdmin for a command with only the database
// flags.
func noFlags(*flag.FlagSet) {}

// clientFlags names the command-line flag of each field the core names in
// its errors.
var clientFlags = map[string]string{
	"name":          "--name",
	"redirectUri":   "--redirect-uri",
	"postLogoutUri": "--post-logout-uri",
}

// cliError words an error of the core for the command line: a field is
// named by its flag, and an unknown client ID points to the list.
func cliError(err error) error {
	e, ok := core.AsError(err)
	if !ok {
		return err
	}
	msg := strings.TrimPrefix(e.Message, e.Field+": ")
	switch {
	case clientFlags[e.Field] != "":
		return fmt.Errorf("%s: %s", clientFlags[e.Field], msg)
	case e.Code == core.CodeNotFound && e.Field == "clientId":
		return fmt.Errorf("%s (twofa oidc client list shows the registered clients)", msg)
	}
	return errors.New(msg)
}
