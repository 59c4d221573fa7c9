package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// listedClient is one client as "oidc client list --json" prints it.
type listedClient struct {
	ClientID       string    `json:"clientId"`
	Name           string    `json:"name"`
	Public         bool      `json:"public"`
	Require2FA     bool      `json:"require2fa"`
	RedirectURIs   []string  `json:"redirectUris"`
	PostLogoutURIs []string  `json:"postLogoutUris"`
	CreatedAt      time.Time `json:"createdAt"`
}

// repeated is a flag that may be given many times, collecting its values.
type repeated []string

func (r *repeated) String() string { return strings.Join(*r, " ") }

func (r *repeated) Set(v string) error {
	*r = append(*r, v)
	return nil
}

func oidcClientAdd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs, err := adminFlagSet("oidc client add", &c, args, getenv, stderr)
	if err != nil {
		return err
	}
	var spec core.OIDCClientSpec
	fs.StringVar(&spec.Name, "name", "", "the app's name, shown to users when they sign in to it (required)")
	fs.Var((*repeated)(&spec.RedirectURIs), "redirect-uri", "where the app receives the browser back after sign-in; repeat for more (at least one)")
	fs.Var((*repeated)(&spec.PostLogoutURIs), "post-logout-uri", "where the app may send the browser after logout; repeat for more")
	fs.BoolVar(&spec.Public, "public", false, "the app cannot keep a secret (a native or single-page app): it gets none and must use PKCE")
	fs.BoolVar(&spec.Require2FA, "require-2fa", false, "every sign-in to this app must pass a second factor")
	asJSON := fs.Bool("json", false, `print only {"clientId": ..., "clientSecret": ...}`)
	rest, err := parseArgs(fs, args)
	switch {
	case err != nil:
		return err
	case len(rest) > 0:
		return fmt.Errorf("oidc client add: unexpected argument %q (a name with spaces must be quoted: --name \"My app\")", rest[0])
	case strings.TrimSpace(spec.Name) == "":
		return errors.New("--name is required: the app's name, shown to users when they sign in to it")
	case len(spec.RedirectURIs) == 0:
		return errors.New("--redirect-uri is required: where the app receives the browser back after sign-in, such as https://app.example.com/oidc/callback")
	}
	svc, done, err := openService(ctx, &c, stderr)
	if err != nil {
		return err
	}
	defer done()
	client, secret, err := svc.AddOIDCClient(ctx, spec)
	if err != nil {
		return cliError(err)
	}
	if *asJSON {
		return printIssued(stdout, client.ID, secret)
	}
	if client.Public {
		fmt.Fprintf(stdout, "Registered %q, a public client: it has no secret and must use PKCE.\n\n", client.Name)
		fmt.Fprintf(stdout, "  Client ID:      %s\n", client.ID)
	} else {
		fmt.Fprintf(stdout, "Registered %q, a confidential client.\n\n", client.Name)
		fmt.Fprintf(stdout, "  Client ID:      %s\n  Client secret:  %s\n", client.ID, secret)
	}
	for _, u := range client.RedirectURIs {
		fmt.Fprintf(stdout, "  Redirect URI:   %s\n", u)
	}
	for _, u := range client.PostLogoutURIs {
		fmt.Fprintf(stdout, "  After logout:   %s\n", u)
	}
	if client.Require2FA {
		fmt.Fprintln(stdout, "  Every sign-in to this app passes a second factor.")
	}
	if !client.Public {
		fmt.Fprintf(stdout, "\nThe secret is shown only now: put it in the app's configuration. twofa keeps only a hash of it;\n"+
			"if it is lost, give the app a new one with: twofa oidc client rotate-secret %s\n", client.ID)
	}
	return nil
}

func oidcClientList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var asJSON bool
	svc, _, done, err := openAdmin(ctx, "oidc client list", false, args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print a JSON array")
	})
	if err != nil {
		return err
	}
	defer done()
	clients, err := svc.OIDCClients(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]listedClient, 0, len(clients))
		for _, cl := range clients {
			out = append(out, listedClient{ClientID: cl.ID, Name: cl.Name, Public: cl.Public, Require2FA: cl.Require2FA,
				RedirectURIs: nonNil(cl.RedirectURIs), PostLogoutURIs: nonNil(cl.PostLogoutURIs), CreatedAt: cl.CreatedAt.UTC()})
		}
		return printJSON(stdout, out)
	}
	if len(clients) == 0 {
		fmt.Fprintln(stdout, "No apps are registered. Register one with: twofa oidc client add --name NAME --redirect-uri URI")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLIENT ID\tNAME\tTYPE\tREQUIRE 2FA\tCREATED\tREDIRECT URIS")
	for _, cl := range clients {
		kind, twoFA := "confidential", "no"
		if cl.Public {
			kind = "public"
		}
		if cl.Require2FA {
			twoFA = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cl.ID, cl.Name, kind, twoFA,
			cl.CreatedAt.UTC().Format(time.RFC3339), strings.Join(cl.RedirectURIs, " "))
	}
	return tw.Flush()
}

func oidcClientRemove(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	svc, id, done, err := openAdmin(ctx, "oidc client remove", true, args, getenv, stderr, noFlags)
	if err != nil {
		return err
	}
	defer done()
	if err := svc.RemoveOIDCClient(ctx, id); err != nil {
		return cliError(err)
	}
	fmt.Fprintf(stdout, "Removed client %s: it can sign no one in, and the tokens it held no longer work.\n", id)
	return nil
}

func oidcClientRotateSecret(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var asJSON bool
	svc, id, done, err := openAdmin(ctx, "oidc client rotate-secret", true, args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, `print only {"clientId": ..., "clientSecret": ...}`)
	})
	if err != nil {
		return err
	}
	defer done()
	secret, err := svc.RotateOIDCClientSecret(ctx, id)
	if err != nil {
		return cliError(err)
	}
	if asJSON {
		return printIssued(stdout, id, secret)
	}
	fmt.Fprintf(stdout, "New secret of client %s:\n\n  Client secret:  %s\n\n", id, secret)
	fmt.Fprintln(stdout, "The old secret no longer works: put the new one in the app's configuration now. It is shown only now;\ntwofa keeps only a hash of it.")
	return nil
}

// printIssued prints what --json shows of a new client or secret: one
// line, {"clientId": "...", "clientSecret": "..."}, the secret "" for a
// public client.
func printIssued(w io.Writer, id, secret string) error {
	jid, err := json.Marshal(id)
	if err != nil {
		return err
	}
	jsecret, err := json.Marshal(secret)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "{\"clientId\": %s, \"clientSecret\": %s}\n", jid, jsecret)
	return err
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// nonNil makes an empty list print as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
