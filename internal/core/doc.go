// Package core holds the rules of twofa: sign-up, the two-step login, the
// second-factor methods (TOTP, email codes, recovery codes), step-up proof for
// sensitive changes, guessing limits, trusted devices and the audit trail.
//
// The core imports no HTTP and no SQL. It talks to the outside world through
// the Store and Mailer interfaces defined here, and takes its clock and its
// source of randomness from Deps, so every rule can be tested without sleeping.
package core
