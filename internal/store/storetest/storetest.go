// Package storetest is the contract every core.Store implementation must
// meet. A backend's test calls Run with a function that opens a fresh, empty
// store; the same suite then proves the same behaviour on every backend,
// including that a code sent by many concurrent requests is accepted once.
//
// All times the suite passes in are UTC and whole microseconds, the finest
// resolution PostgreSQL keeps; stores must hand them back equal (time.Equal).
package storetest

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// Run runs the contract suite, one subtest per behaviour. open must return a
// fresh, empty store for each subtest and arrange (with t.Cleanup) for it to
// be closed. Subtests do not run in parallel with each other.
func Run(t *testing.T, open func(t *testing.T) core.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s core.Store)
	}{
		{"CreateUser", testCreateUser},
		{"CreateUserAllFields", testCreateUserAllFields},
		{"UserConflicts", testUserConflicts},
		{"UserNotFound", testUserNotFound},
		{"SetPassword", testSetPassword},
		{"ReplacePasswordHash", testReplacePasswordHash},
		{"SetEmail", testSetEmail},
		{"SetEmail2FA", testSetEmail2FA},
		{"EmailVerified", testEmailVerified},
		{"Roles", testRoles},
		{"Disabled", testDisabled},
		{"ThrottlesByPrefix", testThrottlesByPrefix},
		{"SearchUsers", testSearchUsers},
		{"CountSecondFactors", testCountSecondFactors},
		{"CountEventsByDay", testCountEventsByDay},
		{"LatestEvent", testLatestEvent},
		{"TOTPPending", testTOTPPending},
		{"EnableTOTP", testEnableTOTP},
		{"DisableTOTP", testDisableTOTP},
		{"UseTOTPStep", testUseTOTPStep},
		{"TOTPDrift", testTOTPDrift},
		{"ClockDriftAccounts", testClockDriftAccounts},
		{"ResealSecrets", testResealSecrets},
		{"ResealSecretsRollback", testResealSecretsRollback},
		{"RecoveryCodes", testRecoveryCodes},
		{"Sessions", testSessions},
		{"DeleteUserSessions", testDeleteUserSessions},
		{"UserSessions", testUserSessions},
		{"SessionView", testSessionView},
		{"Challenges", testChallenges},
		{"ConsumeChallengeExpiry", testConsumeChallengeExpiry},
		{"EmailCodeReplaces", testEmailCodeReplaces},
		{"ConsumeEmailCode", testConsumeEmailCode},
		{"TrustedDevices", testTrustedDevices},
		{"DeleteTrustedDevices", testDeleteTrustedDevices},
		{"KnownDevices", testKnownDevices},
		{"Throttles", testThrottles},
		{"DeleteIdleThrottles", testDeleteIdleThrottles},
		{"ResetThrottle", testResetThrottle},
		{"Events", testEvents},
		{"EventPages", testEventPages},
		{"EventRun", testEventRun},
		{"DeleteEventsBefore", testDeleteEventsBefore},
		{"Settings", testSettings},
		{"DeleteExpired", testDeleteExpired},
		{"Ping", testPing},
		{"InTxCommits", testInTxCommits},
		{"InTxRollsBack", testInTxRollsBack},
		{"InTxPanic", testInTxPanic},
		{"EmailUndo", testEmailUndo},
		{"PasswordResets", testPasswordResets},
		{"DeleteUserChallenges", testDeleteUserChallenges},
		{"MissingUser", testMissingUser},
		{"ZeroUseTime", testZeroUseTime},
		{"OutboxEnqueue", testOutboxEnqueue},
		{"OutboxClaim", testOutboxClaim},
		{"MailLease", testMailLease},
		{"ResealMail", testResealMail},
		{"OIDCClients", testOIDCClients},
		{"OIDCClientCascade", testOIDCClientCascade},
		{"OIDCAuthRequests", testOIDCAuthRequests},
		{"CompleteOIDCAuthRequest", testCompleteOIDCAuthRequest},
		{"SetOIDCAuthCode", testSetOIDCAuthCode},
		{"RedeemOIDCAuthCode", testRedeemOIDCAuthCode},
		{"OIDCAccessTokens", testOIDCAccessTokens},
		{"OIDCRefreshTokens", testOIDCRefreshTokens},
		{"DeleteOIDCRefreshToken", testDeleteOIDCRefreshToken},
		{"RevokeOIDC", testRevokeOIDC},
		{"OIDCConsents", testOIDCConsents},
		{"OIDCSigningKeys", testOIDCSigningKeys},
		{"ResealOIDCSigningKeys", testResealOIDCSigningKeys},
		{"DeleteExpiredOIDC", testDeleteExpiredOIDC},
		{"DeleteUser", testDeleteUser},
		{"DeleteUserOIDC", testDeleteUserOIDC},
		{"KnownDeviceIDs", testKnownDeviceIDs},
		{"DeleteUserEvents", testDeleteUserEvents},
		{"DeleteThrottles", testDeleteThrottles},
		{"DeleteMailTo", testDeleteMailTo},
		{"WebAuthnCredentials", testWebAuthnCredentials},
		{"WebAuthnCeremonies", testWebAuthnCeremonies},
		{"ConcurrentUseWebAuthnCeremony", testConcurrentUseWebAuthnCeremony},
		{"ConcurrentUseWebAuthnCredential", testConcurrentUseWebAuthnCredential},
		{"WebAuthnKeyCount", testWebAuthnKeyCount},
		{"Language", testLanguage},
		{"ConcurrentWebAuthnKeyCount", testConcurrentWebAuthnKeyCount},

		{"ConcurrentUseTOTPStep", testConcurrentUseTOTPStep},
		{"ConcurrentUseTOTPStepDrift", testConcurrentUseTOTPStepDrift},
		{"ConcurrentEnableTOTP", testConcurrentEnableTOTP},
		{"ConcurrentUseRecoveryCode", testConcurrentUseRecoveryCode},
		{"ConcurrentConsumeEmailCode", testConcurrentConsumeEmailCode},
		{"ConcurrentConsumeChallenge", testConcurrentConsumeChallenge},
		{"ConcurrentChallengeAttempts", testConcurrentChallengeAttempts},
		{"ConcurrentSwapThrottle", testConcurrentSwapThrottle},
		{"ConcurrentHoldThrottle", testConcurrentHoldThrottle},
		{"ConcurrentPutSetting", testConcurrentPutSetting},
		{"ConcurrentClaimMail", testConcurrentClaimMail},
		{"ConcurrentRedeemOIDCAuthCode", testConcurrentRedeemOIDCAuthCode},
		{"ConcurrentUseOIDCRefreshToken", testConcurrentUseOIDCRefreshToken},
		{"ConcurrentCompleteOIDCAuthRequest", testConcurrentCompleteOIDCAuthRequest},
		{"ConcurrentSetOIDCAuthCode", testConcurrentSetOIDCAuthCode},
		{"ConcurrentUsePasswordReset", testConcurrentUsePasswordReset},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}

// base is the suite's "now": UTC, whole microseconds.
var base = time.Date(2026, time.March, 14, 15, 9, 26, 535897000, time.UTC).UTC().Truncate(time.Microsecond)

// at returns base shifted by d.
func at(d time.Duration) time.Time { return base.Add(d) }

// newUser creates a user with the given id, email id@example.com and no
// second factor but email, and returns it.
func newUser(t *testing.T, s core.Store, id string) *core.User {
	t.Helper()
	u := &core.User{
		ID:           id,
		Email:        id + "@example.com",
		Name:         "User " + id,
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA",
		CreatedAt:    at(-24 * time.Hour),
		Email2FA:     true,
	}
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatalf("CreateUser(%s): %v", id, err)
	}
	return u
}

// getUser returns the stored user or fails the test.
func getUser(t *testing.T, s core.Store, id string) *core.User {
	t.Helper()
	u, err := s.UserByID(t.Context(), id)
	if err != nil {
		t.Fatalf("UserByID(%s): %v", id, err)
	}
	return u
}

// enableTOTP gives the user an active TOTP secret with last step step.
func enableTOTP(t *testing.T, s core.Store, userID string, secret []byte, step int64) {
	t.Helper()
	ctx := t.Context()
	if err := s.SetTOTPPending(ctx, userID, secret); err != nil {
		t.Fatalf("SetTOTPPending: %v", err)
	}
	ok, err := s.EnableTOTP(ctx, userID, secret, secret, step, nil, at(0))
	if err != nil || !ok {
		t.Fatalf("EnableTOTP = %v, %v; want true, nil", ok, err)
	}
}

// wantErr fails the test unless err is target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want %v", what, err, target)
	}
}

// wantOK fails the test now if err is not nil.
func wantOK(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantBool fails the test unless the call returned want and no error.
func wantBool(t *testing.T, what string, got bool, err error, want bool) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// wantInt fails the test unless the call returned want and no error.
func wantInt[N ~int | ~int64](t *testing.T, what string, got N, err error, want N) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got != want {
		t.Errorf("%s = %d, want %d", what, got, want)
	}
}

// sameTime fails the test unless got and want are the same instant (or
// both zero).
func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if got.IsZero() != want.IsZero() || !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// sameBytes fails the test unless got equals want (nil and empty are equal).
func sameBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// same fails the test unless got == want.
func same[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
