// Package secret protects data at rest: a Keyring encrypts values such as
// TOTP secrets with AES-256-GCM under keys kept outside the database, and a
// MAC computes keyed hashes for values that are looked up but never read
// back, such as recovery codes and email codes.
//
// A sealed value is
//
//	version (1 byte, 1) || key id (4 bytes) || nonce (12 bytes) || ciphertext and tag
//
// where the key id is the first four bytes of SHA-256 of the key. The header
// and the caller's additional data (for example the owning user's id) are
// authenticated, so a value copied to another row does not open.
//
// Keys live in a key file, one per line as 64 hexadecimal characters (the
// output of `openssl rand -hex 32`). The first key seals; every key opens.
// Rotation prepends a new key; instances that loaded the file earlier pick it
// up the first time they meet a value sealed under it.
package secret
