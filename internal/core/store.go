package core

import (
	"context"
	"errors"
	"time"
)

// Errors a Store returns. Implementations wrap nothing else in ErrNotFound
// and ErrConflict.
var (
	// ErrNotFound means the row asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a unique value (such as an email address) is taken.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable means the database cannot be reached: it refused or
	// dropped the connection, no connection could be had, or (SQLite) the
	// file cannot be opened or stayed locked past the busy timeout.
	// Nothing is known to have been written; the request may be tried
	// again later. Stores wrap it together with the driver's error.
	ErrUnavailable = errors.New("the database cannot be reached")
)

// Store keeps everything twofa knows. Every method that consumes something
// (a TOTP step, a recovery code, an email code, a challenge, an OIDC
// authorization code or refresh token) does its check and its write in one
// atomic database statement, so the same code sent in many concurrent
// requests, to one instance or several, is accepted once.
//
// All times are passed in by the caller; a Store never reads a clock.
type Store interface {
	// InTx runs fn with a Store whose every method runs in one database
	// transaction: committed when fn returns nil, rolled back when fn
	// returns an error or panics, so a change that writes several rows is
	// made whole or not at all. fn's error is returned as it is. Calls to
	// InTx on the Store handed to fn join the same transaction (there are
	// no savepoints), so fn must return, never swallow, an error from a
	// call inside: PostgreSQL aborts the whole transaction after a failed
	// statement, where SQLite would commit the rest. fn must not
	// use the Store from other goroutines, nor the outer Store (on SQLite
	// that would wait for the transaction's own write lock).
	InTx(ctx context.Context, fn func(tx Store) error) error

	// CreateUser inserts u. ErrConflict if the email is taken.
	CreateUser(ctx context.Context, u *User) error
	// UserByID returns the user or ErrNotFound.
	UserByID(ctx context.Context, id string) (*User, error)
	// UserByEmail returns the user with that (lower-cased) email or
	// ErrNotFound, also for a string no email column can hold (a NUL, or
	// bytes that are not UTF-8).
	UserByEmail(ctx context.Context, email string) (*User, error)
	// SetPassword replaces the password hash and sets PasswordChangedAt.
	SetPassword(ctx context.Context, userID, hash string, at time.Time) error
	// ReplacePasswordHash sets the password hash to newHash, provided it
	// still equals oldHash, and reports whether it did (false also for an
	// unknown user). It is for rehashing the same password under other
	// parameters: PasswordChangedAt and everything else stay as they are.
	ReplacePasswordHash(ctx context.Context, userID, oldHash, newHash string) (bool, error)
	// SetEmail changes the address, clearing EmailVerifiedAt unless the
	// address stays the same. ErrConflict if another account has it.
	SetEmail(ctx context.Context, userID, email string) error
	// SetEmailVerified sets EmailVerifiedAt to at, provided the user's
	// address is still email; it reports whether it did.
	SetEmailVerified(ctx context.Context, userID, email string, at time.Time) (bool, error)
	// SetEmail2FA turns email codes as a second factor on or off.
	SetEmail2FA(ctx context.Context, userID string, on bool) error
	// SetRole sets the user's role (RoleUser or RoleAdmin); ErrNotFound if
	// there is no such user.
	SetRole(ctx context.Context, userID, role string) error
	// SetLanguage stores the user's language code ("" to follow the
	// browser); ErrNotFound if there is no such user.
	SetLanguage(ctx context.Context, userID, language string) error
	// UsersByRole lists the users with that role, by email.
	UsersByRole(ctx context.Context, role string) ([]User, error)
	// SetDisabled sets DisabledAt (the zero time enables the account);
	// ErrNotFound if there is no such user.
	SetDisabled(ctx context.Context, userID string, at time.Time) error

	// SearchUsers returns the accounts q selects, by email in byte order:
	// an index range of the addresses, never a scan of them all.
	SearchUsers(ctx context.Context, q UserSearch) ([]User, error)
	// CountSecondFactors counts every account by its second factors, in
	// one pass.
	CountSecondFactors(ctx context.Context) (SecondFactorCounts, error)
	// CountEventsByDay counts the events of type typ at or after since
	// (and, when details is not empty, whose detail is one of details)
	// per UTC day, oldest first; days with none are left out.
	CountEventsByDay(ctx context.Context, typ string, details []string, since time.Time) ([]DayCount, error)
	// LatestEvent returns the user's newest event whose type is one of
	// types, or ErrNotFound.
	LatestEvent(ctx context.Context, userID string, types []string) (*Event, error)

	// SetTOTPPending stores the sealed secret of a setup in progress
	// (nil clears it).
	SetTOTPPending(ctx context.Context, userID string, sealed []byte) error
	// EnableTOTP makes active the active secret, provided the pending
	// secret still equals pending and TOTP is not already active: it sets
	// TOTPSecret to active, clears TOTPPending and TOTPDrift, sets TOTPLastStep to step and replaces all recovery codes
	// with codeHashes, in one transaction. It returns false (and changes
	// nothing) when the condition does not hold.
	EnableTOTP(ctx context.Context, userID string, pending, active []byte, step int64, codeHashes [][]byte, at time.Time) (bool, error)
	// DisableTOTP clears the secret, the pending secret, the last step
	// and TOTPDrift.
	// Recovery codes are left alone (they still guard email 2FA).
	DisableTOTP(ctx context.Context, userID string) error
	// UseTOTPStep records step as used, atomically, only if TOTP is active
	// and step is greater than TOTPLastStep. It reports whether it did.
	UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error)
	// UseTOTPStepDrift is UseTOTPStep that, in the same statement, also
	// sets TOTPDrift to next, provided TOTPDrift.Recent still equals seen
	// (otherwise another accepted code changed it meanwhile, and the
	// drift is left as that one set it; the step is used all the same).
	UseTOTPStepDrift(ctx context.Context, userID string, step int64, seen string, next TOTPDrift) (bool, error)
	// ClockDriftAccounts lists the accounts whose TOTPDrift.Seconds is
	// not 0, most recently found (TOTPDrift.Since) first, at most limit.
	ClockDriftAccounts(ctx context.Context, limit int) ([]DriftAccount, error)
	// ResealSecrets rewrites every sealed TOTP secret (active and pending)
	// through fn, in one transaction, for key rotation. It returns how many
	// secrets it rewrote; an error from fn rolls everything back.
	ResealSecrets(ctx context.Context, fn func(userID string, sealed []byte) ([]byte, error)) (int, error)

	// ReplaceRecoveryCodes deletes the user's recovery codes and stores
	// these hashes, in one transaction; ErrNotFound if there is no such
	// user.
	ReplaceRecoveryCodes(ctx context.Context, userID string, codeHashes [][]byte, at time.Time) error
	// UseRecoveryCode marks the unused code with this hash as used, atomically,
	// and reports whether there was one. A zero at is an error (it would
	// read back as never used), as for the other Consume methods.
	UseRecoveryCode(ctx context.Context, userID string, codeHash []byte, at time.Time) (bool, error)
	// RecoveryCodesLeft counts the user's unused recovery codes.
	RecoveryCodesLeft(ctx context.Context, userID string) (int, error)

	// CreateSession stores s; ErrNotFound if s.UserID names no user.
	CreateSession(ctx context.Context, s *Session) error
	// SessionByHash returns an unexpired session (expires after now) or ErrNotFound.
	SessionByHash(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	// SessionViewByHash returns the session SessionByHash would return,
	// with its user and the user's count of unused recovery codes, all read
	// by one statement (one snapshot); ErrNotFound when there is no such
	// unexpired session (expiring after now) or its user is gone.
	SessionViewByHash(ctx context.Context, tokenHash string, now time.Time) (*SessionView, error)
	// TouchSession updates LastSeen.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// MarkSecondFactor sets SecondFactorAt of the session.
	MarkSecondFactor(ctx context.Context, tokenHash string, at time.Time) error
	// DeleteSession removes one session; no error if it is already gone.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions removes every session of the user except keep
	// (which may be empty).
	DeleteUserSessions(ctx context.Context, userID, keep string) error
	// UserSessions lists the user's unexpired sessions (expiring after
	// now), most recently seen first.
	UserSessions(ctx context.Context, userID string, now time.Time) ([]Session, error)
	// DeleteUserSession removes the session with this public id, provided
	// it belongs to the user; ErrNotFound if the user has no session with
	// that id.
	DeleteUserSession(ctx context.Context, userID, id string) error

	// CreateChallenge stores c.
	CreateChallenge(ctx context.Context, c *Challenge) error
	// ChallengeByHash returns the challenge, used or not, or ErrNotFound.
	ChallengeByHash(ctx context.Context, tokenHash string) (*Challenge, error)
	// AddChallengeAttempt adds one to Attempts, atomically, and returns the
	// new count.
	AddChallengeAttempt(ctx context.Context, tokenHash string) (int, error)
	// ConsumeChallenge sets UsedAt, atomically, only if it is unset and the
	// challenge expires after at. It reports whether it did.
	ConsumeChallenge(ctx context.Context, tokenHash string, at time.Time) (bool, error)

	// DeleteUserChallenges removes every login challenge of the user and
	// the codes mailed for them.
	DeleteUserChallenges(ctx context.Context, userID string) error

	// CreateEmailCode stores c (Sealed included) and deletes any earlier code of the same
	// user and purpose, in one transaction.
	CreateEmailCode(ctx context.Context, c *EmailCode) error
	// LatestEmailCode returns the newest code for the user and purpose, used
	// or not, or ErrNotFound.
	LatestEmailCode(ctx context.Context, userID, purpose string) (*EmailCode, error)
	// AddEmailCodeAttempt adds one to Attempts of the code, atomically, and
	// returns the new count.
	AddEmailCodeAttempt(ctx context.Context, id string) (int, error)
	// ConsumeEmailCode sets UsedAt of the code with this id, atomically, only
	// if its hash equals codeHash, it is unused, it expires after at and its
	// Attempts are below maxAttempts. It reports whether it did.
	ConsumeEmailCode(ctx context.Context, id string, codeHash []byte, maxAttempts int, at time.Time) (bool, error)

	// DeleteUserEmailCodes removes every mailed code of the user.
	DeleteUserEmailCodes(ctx context.Context, userID string) error

	// CreateEmailUndo stores u; ErrNotFound if u.UserID names no user.
	CreateEmailUndo(ctx context.Context, u *EmailUndo) error
	// UseEmailUndo marks the undo link with this hash used, atomically,
	// only if it is unused and expires after at, and returns it; ErrNotFound
	// otherwise.
	UseEmailUndo(ctx context.Context, tokenHash string, at time.Time) (*EmailUndo, error)
	// EmailUndoOpen reports whether the user has an unused undo link that
	// expires after now.
	EmailUndoOpen(ctx context.Context, userID string, now time.Time) (bool, error)
	// EmailUndoHolder returns the user whose unused undo link, expiring
	// after now, would put email back, or "" when there is none.
	EmailUndoHolder(ctx context.Context, email string, now time.Time) (string, error)
	// CloseEmailUndos marks every unused undo link of the user created at
	// or after from used at at.
	CloseEmailUndos(ctx context.Context, userID string, from, at time.Time) error

	// CreatePasswordReset stores r and marks every other unused reset link
	// of r.UserID used at r.CreatedAt, in one transaction, so an account
	// has one open link at most; ErrNotFound if r.UserID names no user.
	// DeleteExpired removes links that expired.
	CreatePasswordReset(ctx context.Context, r *PasswordReset) error
	// PasswordResetByHash returns the unused link with this hash that
	// expires after now, or ErrNotFound.
	PasswordResetByHash(ctx context.Context, tokenHash string, now time.Time) (*PasswordReset, error)
	// UsePasswordReset marks the link with this hash used, atomically,
	// only if it is unused and expires after at, and returns it;
	// ErrNotFound otherwise. A zero at is an error.
	UsePasswordReset(ctx context.Context, tokenHash string, at time.Time) (*PasswordReset, error)
	// ClosePasswordResets marks every unused reset link of the user used
	// at at.
	ClosePasswordResets(ctx context.Context, userID string, at time.Time) error

	// CreateTrustedDevice stores d.
	CreateTrustedDevice(ctx context.Context, d *TrustedDevice) error
	// TrustedDeviceByHash returns an unexpired device (expires after now) or ErrNotFound.
	TrustedDeviceByHash(ctx context.Context, tokenHash string, now time.Time) (*TrustedDevice, error)
	// TouchTrustedDevice updates LastUsed, IP and UserAgent.
	TouchTrustedDevice(ctx context.Context, id string, at time.Time, ip, userAgent string) error
	// TrustedDevices lists the user's unexpired devices, newest first.
	TrustedDevices(ctx context.Context, userID string, now time.Time) ([]TrustedDevice, error)
	// DeleteTrustedDevice removes one device of the user; ErrNotFound if the
	// user has no device with that id.
	DeleteTrustedDevice(ctx context.Context, userID, id string) error
	// DeleteTrustedDevices removes all devices of the user.
	DeleteTrustedDevices(ctx context.Context, userID string) error

	// CreateKnownDevice stores d; ErrNotFound if d.UserID names no user,
	// ErrConflict if its id or token hash is taken.
	CreateKnownDevice(ctx context.Context, d *KnownDevice) error
	// KnownDeviceByHash returns the device with that token hash or
	// ErrNotFound.
	KnownDeviceByHash(ctx context.Context, tokenHash string) (*KnownDevice, error)
	// TouchKnownDevice sets LastUsed; ErrNotFound if the device is gone.
	TouchKnownDevice(ctx context.Context, id string, at time.Time) error
	// DeleteIdleKnownDevices deletes the devices last used before
	// idleBefore and returns how many went.
	DeleteIdleKnownDevices(ctx context.Context, idleBefore time.Time) (int64, error)

	// Throttle returns the record for key, or a zero Throttle with that Key
	// (Version 0) when there is none.
	Throttle(ctx context.Context, key string) (Throttle, error)
	// SwapThrottle writes next if the stored record still has old.Version
	// (old.Version 0: no record yet), storing version old.Version+1 (the
	// Version field of next is ignored). It reports whether the swap
	// happened.
	SwapThrottle(ctx context.Context, old Throttle, next Throttle) (bool, error)
	// ResetThrottle deletes the record for key.
	ResetThrottle(ctx context.Context, key string) error
	// HoldThrottle returns the record for key, as Throttle does, and keeps
	// every other transaction from holding the same key until this one
	// ends, so that a read, a check and a write of the record within one
	// transaction are never interleaved with another's. It must be called
	// on a Store that InTx handed out; elsewhere it fails.
	HoldThrottle(ctx context.Context, key string) (Throttle, error)
	// ThrottlesByPrefix returns the records whose key starts with one of
	// prefixes (compared byte for byte), by key.
	ThrottlesByPrefix(ctx context.Context, prefixes []string) ([]Throttle, error)
	// DeleteThrottles deletes the records whose key starts with one of
	// prefixes, and returns how many went.
	DeleteThrottles(ctx context.Context, prefixes []string) (int64, error)
	// DeleteIdleThrottles deletes the records whose key starts with prefix,
	// whose last failure was before idleBefore and which are not locked at
	// now. It returns how many went.
	DeleteIdleThrottles(ctx context.Context, prefix string, idleBefore, now time.Time) (int64, error)

	// AddEvent appends e to the audit trail.
	AddEvent(ctx context.Context, e *Event) error
	// Events returns the user's events older than before (the zero cursor:
	// from the newest), at most limit, newest first (by At, then by ID).
	Events(ctx context.Context, userID string, before EventCursor, limit int) ([]Event, error)
	// EventRun sums up the run of the user's events that starts at the
	// event at from (inclusive) and goes back in time while every event's
	// type is one of types. ErrNotFound if the user has no event at from
	// or its type is not one of types.
	EventRun(ctx context.Context, userID string, types []string, from EventCursor) (*EventRun, error)
	// DeleteEventsBefore removes every event (of every account, and those
	// of none) older than before, and returns how many went.
	DeleteEventsBefore(ctx context.Context, before time.Time) (int64, error)

	// Setting returns a server-wide value or ErrNotFound.
	Setting(ctx context.Context, name string) ([]byte, error)
	// PutSettingIfAbsent stores value under name unless a value is already
	// there, and returns the value now stored (so instances racing to create
	// it agree on one).
	PutSettingIfAbsent(ctx context.Context, name string, value []byte) ([]byte, error)
	// ReplaceSetting overwrites a server-wide value.
	ReplaceSetting(ctx context.Context, name string, value []byte) error

	// DeleteExpired removes sessions, challenges, email codes, trusted
	// devices, email undo links, OIDC authorization requests and OIDC
	// access and refresh tokens that expired before now. It returns how
	// many rows went.
	DeleteExpired(ctx context.Context, now time.Time) (int64, error)

	// EnqueueMail stores m as a new undelivered message (Attempts 0, no
	// claim, not delivered). ErrConflict if m.ID is taken.
	EnqueueMail(ctx context.Context, m *OutboxMessage) error
	// ClaimMail claims, in one atomic statement, up to limit messages that
	// are neither delivered nor given up and whose NextAttemptAt is at or
	// before now, oldest due first: it sets their Claim to claim and their
	// NextAttemptAt to until, and returns them as they are after the claim.
	// A message is claimed by one caller only, however many race (on one
	// database, from any number of instances); it becomes claimable again
	// at until if its claimant never reports back.
	ClaimMail(ctx context.Context, claim string, now, until time.Time, limit int) ([]OutboxMessage, error)
	// MarkMailSent records the delivery of the message id held under claim:
	// it sets DeliveredAt to at, adds one to Attempts, clears the claim and
	// empties the body. It reports false (and changes nothing) when the
	// message is not held under claim (any more).
	MarkMailSent(ctx context.Context, id, claim string, at time.Time) (bool, error)
	// RetryMail records a failed attempt on the message id held under
	// claim: it adds one to Attempts, sets LastError and NextAttemptAt to
	// next, and clears the claim. It reports false (and changes nothing)
	// when the message is not held under claim.
	RetryMail(ctx context.Context, id, claim string, next time.Time, lastErr string) (bool, error)
	// GiveUpMail stops trying the message id held under claim: it sets
	// GaveUpAt to at and LastError, adds attempted (0 or 1) to Attempts,
	// clears the claim and empties the body. It reports false (and changes
	// nothing) when the message is not held under claim, so that one
	// message is given up once.
	GiveUpMail(ctx context.Context, id, claim string, at time.Time, attempted int, lastErr string) (bool, error)
	// OutboxMessage returns the message or ErrNotFound.
	OutboxMessage(ctx context.Context, id string) (*OutboxMessage, error)
	// MailBacklog counts the messages neither delivered nor given up, and
	// finds the oldest of them.
	MailBacklog(ctx context.Context) (MailBacklog, error)
	// DeleteFinishedMail deletes the messages delivered or given up before
	// before. It returns how many went.
	DeleteFinishedMail(ctx context.Context, before time.Time) (int64, error)
	// ResealMail rewrites the sealed body of every message neither
	// delivered nor given up through fn, in one transaction, for key
	// rotation. It returns how many bodies it rewrote; an error from fn
	// rolls everything back.
	ResealMail(ctx context.Context, fn func(id string, sealed []byte) ([]byte, error)) (int, error)
	// TakeMailLease makes holder the one mail sender of the deployment
	// until until, in one conditional statement, if no other holder has a
	// lease that runs after now; a holder renews its own lease the same
	// way. It reports whether holder now has the lease.
	TakeMailLease(ctx context.Context, holder string, now, until time.Time) (bool, error)
	// ReleaseMailLease ends holder's lease, if it has it, so that another
	// sender can take over at once.
	ReleaseMailLease(ctx context.Context, holder string) error

	// OIDCStore keeps the OpenID Connect provider's clients, codes, tokens, consents and keys.
	OIDCStore

	// DeletionStore deletes an account and what it leaves behind.
	DeletionStore

	// WebAuthnStore keeps security keys, passkeys and their ceremonies.
	WebAuthnStore

	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}
