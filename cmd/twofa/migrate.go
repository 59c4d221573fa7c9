package main

import (
	"context"
	"fmt"
	"io"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("migrate", &c, stderr)
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	c.NoMigrate = false
	st, err := openStore(ctx, &c)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintln(stdout, "migrations applied to", redactDSN(c.DB))
	return nil
}
