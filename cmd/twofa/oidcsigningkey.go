package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// oidcRotateSigningKey runs "twofa oidc rotate-signing-key": a new pair of
// keys signs ID tokens from now on, and the old keys stay published until
// the tokens they signed have expired, so apps notice nothing.
func oidcRotateSigningKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	svc, _, done, err := openAdmin(ctx, "oidc rotate-signing-key", false, args, getenv, stderr, noFlags)
	if err != nil {
		return err
	}
	defer done()
	ids, err := svc.RotateOIDCSigningKeys(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "New signing keys: %s.\n", strings.Join(ids, ", "))
	fmt.Fprintln(stdout, "Running instances sign ID tokens with them within a minute. The old keys stay published until every token they signed has expired.")
	return nil
}
