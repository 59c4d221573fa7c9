// Package password hashes and verifies passwords with argon2id (RFC 9106),
// stored as PHC strings:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
//
// where salt and hash are unpadded standard base64. Verification reads its
// parameters from the stored string, so hashes made under older parameters
// keep working and can be upgraded when NeedsRehash says so.
//
// Each argon2id computation holds its memory (19 MiB with OWASP parameters)
// for its whole duration, so a Hasher bounds how many run at once: a flood of
// login attempts queues instead of exhausting memory.
package password
