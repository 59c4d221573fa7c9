package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/twofa-dev/twofa/internal/core"
)

const adminUsage = `twofa admin - administrators and the accounts they look after

Usage:
  twofa admin create --email E --name N [--password-file FILE]
                                 make a new administrator account; the password is
                                 asked for on the terminal, or read from FILE
  twofa admin promote EMAIL      make an account an administrator
  twofa admin demote EMAIL       make an administrator a user again
  twofa admin list [--json]      list the administrators
  twofa admin reset-2fa EMAIL    for a user who lost the phone and the recovery codes:
                                 remove the authenticator app, the recovery codes, the
                                 security keys and the trusted devices, end every
                                 session and app sign-in, turn email
                                 codes on, and mail the owner
  twofa admin unlock EMAIL       lift the account's guessing locks
  twofa admin disable EMAIL      stop the account from logging in and end its sessions
  twofa admin enable EMAIL       let a disabled account log in again
  twofa admin send-password-reset EMAIL
                                 mail the owner a link to choose a new password (30 minutes;
                                 the next login still asks for the second factor)
  twofa admin delete EMAIL       delete the account and everything it holds, for good
                                 (the audit keeps that it happened)

They take the database flags of twofa serve (--db, --key-file, --config and
their TWOFA_* variables) and work while servers run on the same database.
Mail they cause is queued in the database; a running twofa serve sends it.
`

// admin runs "twofa admin ...".
func admin(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return dispatchUsage(ctx, "admin", adminUsage, map[string]command{
		"create":              adminCreate,
		"promote":             adminByEmail("promote", "is an administrator now", roleTo(core.RoleAdmin)),
		"demote":              adminByEmail("demote", "is a user now", roleTo(core.RoleUser)),
		"list":                adminList,
		"reset-2fa":           adminByEmail("reset-2fa", "has no authenticator app, recovery codes, trusted devices or sessions now; email codes are its second factor and a notice is queued", (*core.Service).ResetTwoFactor),
		"unlock":              adminByEmail("unlock", "is unlocked", (*core.Service).Unlock),
		"disable":             adminByEmail("disable", "is disabled and signed out everywhere", disabledTo(true)),
		"enable":              adminByEmail("enable", "is enabled", disabledTo(false)),
		"send-password-reset": adminByEmail("send-password-reset", "is sent a link to choose a new password (queued)", (*core.Service).SendPasswordReset),
		"delete":              adminByEmail("delete", "is deleted with everything it held; a notice is queued", (*core.Service).DeleteUser),
	}, args, getenv, stdout, stderr)
}

// accountChange is an administrative change to one account.
type accountChange func(svc *core.Service, ctx context.Context, userID string, op *core.Operator) error

func roleTo(role string) accountChange {
	return func(svc *core.Service, ctx context.Context, userID string, op *core.Operator) error {
		return svc.SetRole(ctx, userID, role, op)
	}
}

func disabledTo(disabled bool) accountChange {
	return func(svc *core.Service, ctx context.Context, userID string, op *core.Operator) error {
		return svc.SetDisabled(ctx, userID, disabled, op)
	}
}

// adminByEmail is a command "twofa admin NAME EMAIL" that makes change to
// the account with that address and says done after the address.
func adminByEmail(name, done string, change accountChange) command {
	return func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		var c config
		fs, err := adminFlagSet("admin "+name, &c, args, getenv, stderr)
		if err != nil {
			return err
		}
		rest, err := parseArgs(fs, args)
		switch {
		case err != nil:
			return err
		case len(rest) == 0:
			return fmt.Errorf("admin %s: the account's email address is missing: twofa admin %s EMAIL", name, name)
		case len(rest) > 1:
			return fmt.Errorf("admin %s: unexpected argument %q", name, rest[1])
		}
		svc, release, err := openService(ctx, &c, stderr)
		if err != nil {
			return err
		}
		defer release()
		u, err := svc.FindUser(ctx, "email", rest[0])
		if err != nil {
			return cliError(err)
		}
		if err := change(svc, ctx, u.ID, core.CommandLine()); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "%s %s.\n", u.Email, done)
		return nil
	}
}

func adminCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs, err := adminFlagSet("admin create", &c, args, getenv, stderr)
	if err != nil {
		return err
	}
	var in core.SignUpInput
	fs.StringVar(&in.Email, "email", "", "the administrator's email address (required)")
	fs.StringVar(&in.Name, "name", "", "the administrator's name (required)")
	pwFile := fs.String("password-file", "", "read the password from the first line of this file instead of asking on the terminal")
	rest, err := parseArgs(fs, args)
	switch {
	case err != nil:
		return err
	case len(rest) > 0:
		return fmt.Errorf("admin create: unexpected argument %q (a name with spaces must be quoted: --name \"Ada Lovelace\")", rest[0])
	case strings.TrimSpace(in.Email) == "":
		return errors.New("--email is required: the administrator's email address")
	case strings.TrimSpace(in.Name) == "":
		return errors.New("--name is required: the administrator's name")
	}
	if in.Password, err = readPassword(*pwFile, stderr); err != nil {
		return err
	}
	svc, release, err := openService(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer release()
	u, err := svc.CreateAdmin(ctx, in, core.CommandLine())
	if e, ok := core.AsError(err); ok && e.Code == core.CodeEmailTaken {
		return fmt.Errorf("%s already has an account; make it an administrator with: twofa admin promote %s", in.Email, in.Email)
	}
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintf(stdout, "Created the administrator %s (%s). Sign in at /login, then set up an authenticator app under My Account -> Security.\n", u.Email, u.ID)
	return nil
}

// readPassword reads the password from the first line of file, or asks
// for it twice on the terminal when file is "".
func readPassword(file string, stderr io.Writer) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("--password-file: %w", err)
		}
		defer f.Close()
		line, err := bufio.NewReader(f).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("--password-file: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errors.New("no terminal to ask the password on: give --password-file FILE")
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(stderr)
		return string(b), err
	}
	first, err := ask("Password: ")
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	again, err := ask("The same password again: ")
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	if first != again {
		return "", errors.New("the two passwords differ; nothing was created")
	}
	return first, nil
}

// listedAdmin is one administrator as "admin list --json" prints it.
type listedAdmin struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	TOTP      bool      `json:"totp"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"createdAt"`
}

func adminList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var asJSON bool
	svc, _, done, err := openAdmin(ctx, "admin list", false, args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print a JSON array")
	})
	if err != nil {
		return err
	}
	defer done()
	admins, err := svc.Admins(ctx)
	if err != nil {
		return err
	}
	list := make([]listedAdmin, 0, len(admins))
	for _, a := range admins {
		list = append(list, listedAdmin{ID: a.ID, Email: a.Email, Name: a.Name, TOTP: a.TOTPEnabled(), Disabled: a.Disabled(), CreatedAt: a.CreatedAt.UTC()})
	}
	if asJSON {
		return printJSON(stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, "No administrators. Make one with: twofa admin create --email E --name N")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tAUTHENTICATOR APP\tSTATE\tCREATED")
	for _, a := range list {
		app, state := "no", "enabled"
		if a.TOTP {
			app = "yes"
		}
		if a.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.Email, a.Name, app, state, a.CreatedAt.Format(time.DateOnly))
	}
	return tw.Flush()
}
