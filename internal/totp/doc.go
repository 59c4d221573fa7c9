// Package totp implements time-based one-time passwords (RFC 6238) as the
// authenticator apps people already use expect them: SHA1, six digits,
// thirty-second steps, enrolled through Google's Key Uri Format shown as a QR
// code or typed by hand.
//
// The HMAC and truncation come from github.com/pquerna/otp; this package adds
// secret handling, a constant-time window check that reports which step
// matched (so callers can refuse replays), and the enrolment artefacts.
package totp
