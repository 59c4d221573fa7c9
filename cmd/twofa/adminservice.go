package main

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
	"github.com/twofa-dev/twofa/internal/password"
)

// openService builds a core.Service on the database and key file that c
// names, as serve does, for a command that makes one change and exits. It
// runs no mail sender and no cleanup, so it works beside running servers.
// done releases the service and the database.
func openService(ctx context.Context, c *config, stderr io.Writer) (svc *core.Service, done func(), err error) {
	if _, err := keyFilePath(c); err != nil {
		return nil, nil, err
	}
	// Warnings (such as a new key file) are worth showing; what the
	// service logs of its work is not, beside the command's own output.
	opts := &slog.HandlerOptions{Level: slog.LevelWarn}
	log := slog.New(slog.NewTextHandler(stderr, opts))
	if c.LogFormat == "json" {
		log = slog.New(slog.NewJSONHandler(stderr, opts))
	}
	st, err := openStore(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	keys, _, err := loadKeys(ctx, c, st, log)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	// Nothing these commands do sends mail; a mailer is required all
	// the same.
	svc, err = core.New(ctx, core.Deps{
		Store:  st,
		Mailer: mail.NewLog(log),
		Keys:   keys,
		Hasher: password.NewHasher(password.OWASP, 0, rand.Reader),
		Logger: log,
	}, core.DefaultConfig())
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, func() { svc.Close(); st.Close() }, nil
}
