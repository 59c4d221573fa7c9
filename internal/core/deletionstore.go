package core

import (
	"context"
	"time"
)

// DeletionStore deletes an account and what it leaves behind outside its
// own rows. It is part of Store; the Service calls it inside one
// transaction (see Service.DeleteUser).
type DeletionStore interface {
	// DeleteUser deletes the account and returns it as it was. Every row
	// that names the account by a foreign key goes with it, in the same
	// statement: recovery codes, sessions, login challenges, mailed
	// codes, trusted and known devices, email undo links, and OpenID
	// Connect authorization requests, tokens and consents. Events, limit
	// records and mail name no account by a foreign key and stay (see the
	// other methods). ErrNotFound if there is no such account.
	DeleteUser(ctx context.Context, userID string) (*User, error)
	// KnownDeviceIDs lists the ids of the user's known devices, idle or
	// not, in no particular order.
	KnownDeviceIDs(ctx context.Context, userID string) ([]string, error)
	// DeleteUserEvents deletes every event of the user from the audit
	// trail but those whose type is one of keep, and returns how many
	// went.
	DeleteUserEvents(ctx context.Context, userID string, keep []string) (int64, error)
	// DeleteMailTo deletes the messages to recipient (delivered, given up
	// or waiting) except those a sender holds at now (claimed, with a
	// claim that runs after now): such a message is being handed to the
	// mail server and finishes as it would have. It returns how many
	// went.
	DeleteMailTo(ctx context.Context, recipient string, now time.Time) (int64, error)
}
