package totp

import (
	"net/url"
	"strconv"
	"strings"
)

// KeyURI returns the otpauth:// URI of Google's Key Uri Format that
// authenticator apps enrol from:
//
//	otpauth://totp/Issuer:account?secret=...&issuer=Issuer&algorithm=SHA1&digits=6&period=30
//
// Issuer and account are percent-encoded in the label (a space becomes %20,
// and a colon inside either becomes %3A so it cannot be mistaken for the
// separator); the issuer is repeated as a query parameter, which is what
// current apps read. With an empty issuer the label is the account alone and
// the issuer parameter is omitted. The secret is written upper case without
// padding or spaces.
func KeyURI(issuer, account, secret string) string {
	label := escapeLabel(account)
	if issuer != "" {
		label = escapeLabel(issuer) + ":" + label
	}
	s, err := normalizeSecret(secret)
	if err != nil {
		s = secret // still produce a URI; the app will report the bad secret
	}
	var b strings.Builder
	b.WriteString("otpauth://totp/")
	b.WriteString(label)
	b.WriteString("?secret=")
	b.WriteString(escapeQuery(s))
	if issuer != "" {
		b.WriteString("&issuer=")
		b.WriteString(escapeQuery(issuer))
	}
	b.WriteString("&algorithm=")
	b.WriteString(Default.Algorithm)
	b.WriteString("&digits=")
	b.WriteString(strconv.Itoa(Default.Digits))
	b.WriteString("&period=")
	b.WriteString(strconv.Itoa(Default.Period))
	return b.String()
}

// escapeLabel percent-encodes one half of the label, colons included.
func escapeLabel(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

// escapeQuery percent-encodes a query value, writing a space as %20 rather
// than "+" as the Key Uri Format asks.
func escapeQuery(s string) string {
	// QueryEscape turns a literal '+' into %2B, so every '+' left is a space.
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
