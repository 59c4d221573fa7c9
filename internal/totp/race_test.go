//go:build race

package totp_test

// raceEnabled reports whether the tests run under the race detector, which
// makes the QR decoder about ten times slower.
const raceEnabled = true
