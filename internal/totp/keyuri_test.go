package totp_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/twofa-dev/twofa/internal/totp"
)

func TestKeyURIExact(t *testing.T) {
	got := totp.KeyURI("twofa", "alice@example.com", "gezd gnbv gy3t qojq gezd gnbv gy3t qojq")
	want := "otpauth://totp/twofa:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=twofa&algorithm=SHA1&digits=6&period=30"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got = totp.KeyURI("ACME Co", "bob smith", "JBSWY3DPEHPK3PXP")
	want = "otpauth://totp/ACME%20Co:bob%20smith?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestKeyURINoIssuer(t *testing.T) {
	got := totp.KeyURI("", "alice@example.com", "JBSWY3DPEHPK3PXP")
	want := "otpauth://totp/alice@example.com?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// keyURICases are issuer and account names with characters that need
// escaping in a path or a query.
var keyURICases = []struct{ issuer, account string }{
	{"twofa", "alice@example.com"},
	{"ACME Co & Sons", "bob+tag@example.com"},
	{"Zürich Bank", "josé.müller@example.ch"},
	{"a/b?c#d", "x%y=z;w,v"},
	{"Plus+Sign", "100% sure"},
}

func TestKeyURIRoundTripNetURL(t *testing.T) {
	secret := "JBSWY3DPEHPK3PXP"
	for _, tc := range append(keyURICases, struct{ issuer, account string }{"Colon: Inc", "user:name"}) {
		uri := totp.KeyURI(tc.issuer, tc.account, secret)
		// A space is %20 everywhere; a '+' in the query would read as a space.
		_, query, _ := strings.Cut(uri, "?")
		if strings.Contains(uri, " ") || strings.Contains(query, "+") {
			t.Errorf("%s: unescaped space or '+' in the query", uri)
		}
		u, err := url.Parse(uri)
		if err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		if u.Scheme != "otpauth" || u.Host != "totp" {
			t.Errorf("%s: scheme %q host %q", uri, u.Scheme, u.Host)
		}
		// The label's separator is the only literal colon in the escaped path.
		label := strings.TrimPrefix(u.EscapedPath(), "/")
		parts := strings.Split(label, ":")
		if len(parts) != 2 {
			t.Fatalf("%s: label %q does not have exactly one separator", uri, label)
		}
		issuer, err1 := url.PathUnescape(parts[0])
		account, err2 := url.PathUnescape(parts[1])
		if err1 != nil || err2 != nil || issuer != tc.issuer || account != tc.account {
			t.Errorf("%s: label gives %q, %q (%v, %v)", uri, issuer, account, err1, err2)
		}
		q := u.Query()
		for k, want := range map[string]string{
			"secret": secret, "issuer": tc.issuer, "algorithm": "SHA1", "digits": "6", "period": "30",
		} {
			if got := q.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", uri, k, got, want)
			}
		}
	}
}

func TestKeyURIRoundTripPquerna(t *testing.T) {
	secret := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	for _, tc := range keyURICases {
		uri := totp.KeyURI(tc.issuer, tc.account, secret)
		key, err := otp.NewKeyFromURL(uri)
		if err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		if key.Type() != "totp" || key.Issuer() != tc.issuer || key.AccountName() != tc.account ||
			key.Secret() != secret || key.Period() != 30 || key.Digits() != otp.DigitsSix ||
			key.Algorithm() != otp.AlgorithmSHA1 {
			t.Errorf("%s: parsed as type %q issuer %q account %q secret %q period %d digits %d algorithm %v",
				uri, key.Type(), key.Issuer(), key.AccountName(), key.Secret(), key.Period(), key.Digits(), key.Algorithm())
		}
		// An app enrolled from the URI produces codes Match accepts.
		now := time.Unix(1_700_000_000, 0)
		code, err := totp.CodeAt(key.Secret(), totp.Step(now), totp.Default)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := totp.Match(secret, code, now, 0); !ok || err != nil {
			t.Errorf("%s: code from the parsed key refused (%v)", uri, err)
		}
	}
}
