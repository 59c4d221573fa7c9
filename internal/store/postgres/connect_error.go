package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/twofa-dev/twofa/internal/core"
)

// openError is a failure to connect at open: one line for the operator,
// and the driver's error underneath for errors.Is and errors.As.
type openError struct {
	msg string
	err error
}

func (e *openError) Error() string { return e.msg }
func (e *openError) Unwrap() error { return e.err }

// connectError turns the error of the first connection at open into one
// line naming the address: "cannot reach" when no server answered, "cannot
// connect" when one answered and refused (authentication, unknown
// database). ourTimeout tells that a deadline, if one passed, was the
// connect timeout rather than the caller's.
func connectError(cc *pgx.ConnConfig, err error, ourTimeout bool) error {
	addr := addresses(cc)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return &openError{
			msg: fmt.Sprintf("postgres: cannot connect to %s as user %q, database %q: %s",
				addr, cc.User, cc.Database, oneLine(pgErr.Error())),
			err: err,
		}
	}
	var cause string
	if ourTimeout && errors.Is(err, context.DeadlineExceeded) {
		cause = "no answer within " + cc.ConnectTimeout.String()
	} else {
		cause = strings.Join(leafMessages(err), "; ")
	}
	return &openError{msg: fmt.Sprintf("postgres: cannot reach %s: %s", addr, cause), err: errors.Join(core.ErrUnavailable, err)}
}

// addresses lists the hosts a connection tries, as host:port (or the Unix
// socket path), separated by commas.
func addresses(cc *pgx.ConnConfig) string {
	list := []string{address(cc.Host, cc.Port)}
	for _, fb := range cc.Fallbacks {
		a := address(fb.Host, fb.Port)
		if !slices.Contains(list, a) {
			list = append(list, a)
		}
	}
	return strings.Join(list, ", ")
}

// address renders one host and port.
func address(host string, port uint16) string {
	if network, addr := pgconn.NetworkAddress(host, port); network == "unix" {
		return addr
	}
	return net.JoinHostPort(host, strconv.Itoa(int(port)))
}

// leafMessages walks the tree of wrapped and joined errors and returns the
// distinct messages at its leaves, stopping early at network errors, whose
// message already names the address and the reason ("dial tcp
// 127.0.0.1:1: connect: connection refused"). Each message is one line.
func leafMessages(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range joined.Unwrap() {
				walk(e)
			}
			return
		}
		_, isNet := err.(*net.OpError)
		inner := errors.Unwrap(err)
		if inner == nil || isNet {
			if msg := oneLine(err.Error()); !slices.Contains(out, msg) {
				out = append(out, msg)
			}
			return
		}
		walk(inner)
	}
	walk(err)
	return out
}

// oneLine folds a message onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
