package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestUnreachableIsUnavailable: failures to reach the server (at open, on
// connecting, a connection dropped mid-query, the server ending
// connections) are core.ErrUnavailable; a refused statement is not.
func TestUnreachableIsUnavailable(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", Options{})
	if !errors.Is(err, core.ErrUnavailable) {
		t.Errorf("open on a closed port: %v, want core.ErrUnavailable", err)
	}
	_, err = pgx.Connect(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	for _, c := range []struct {
		err  error
		want bool
	}{
		{err, true},
		{fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true},
		{&pgconn.PgError{Code: "57P01"}, true}, // admin_shutdown
		{&pgconn.PgError{Code: "08006"}, true}, // connection_failure
		{&pgconn.PgError{Code: "42P01"}, false},
		{&pgconn.PgError{Code: uniqueViolation}, false},
		{pgx.ErrNoRows, false},
		{errors.New("something else"), false},
	} {
		if got := errors.Is(wrap("op", c.err), core.ErrUnavailable); got != c.want {
			t.Errorf("wrap(%v): unavailable %v, want %v", c.err, got, c.want)
		}
	}
}
