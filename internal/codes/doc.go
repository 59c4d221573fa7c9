// Package codes makes and normalises the one-time codes people type: recovery
// codes, kept in case the authenticator is lost, and the six-digit codes sent
// by email. Normalising turns what a person typed or pasted (any case,
// dashes, spaces, line breaks) into one canonical form for hashing and
// comparison, or rejects it.
package codes
