package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSignedCert returns a PEM certificate for 127.0.0.1 with the given
// serial number, its PEM private key and the parsed certificate.
func selfSignedCert(t *testing.T, serial int64) (certPEM, keyPEM []byte, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: "twofa test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), cert
}

// TestTLSServesAndReloads: with --tls-cert and --tls-key, serve answers
// HTTPS with that certificate; when the files are replaced it serves the
// new one without a restart, and while they do not load it keeps the last
// good one and says so in its log.
func TestTLSServesAndReloads(t *testing.T) {
	defer func(d time.Duration) { certCheckEvery = d }(certCheckEvery)
	certCheckEvery = 20 * time.Millisecond
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	write := func(path string, data []byte) {
		t.Helper()
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cert1, key1, parsed1 := selfSignedCert(t, 1)
	cert2, key2, parsed2 := selfSignedCert(t, 2)
	write(certFile, cert1)
	write(keyFile, key1)
	pool := x509.NewCertPool()
	pool.AddCert(parsed1)
	pool.AddCert(parsed2)
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		DisableKeepAlives: true, // each request makes a new handshake
	}}
	served := func(base string) int64 {
		t.Helper()
		resp, err := client.Get(base + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("/healthz = %d", resp.StatusCode)
		}
		return resp.TLS.PeerCertificates[0].SerialNumber.Int64()
	}

	base, log := startServe(t, []string{"--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "twofa.db"),
		"--tls-cert", certFile, "--tls-key", keyFile}, nil)
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("serve says it listens on %s", base)
	}
	if got := served(base); got != 1 {
		t.Fatalf("serves certificate %d, want 1", got)
	}
	// Plain HTTP on the HTTPS port is no way in.
	if resp, err := http.Get("http://" + strings.TrimPrefix(base, "https://") + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Fatal("plain HTTP was answered 200 on the HTTPS port")
		}
	}

	// A bad certificate file: the last good certificate stays, with a warning.
	write(certFile, []byte("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n"))
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), "do not load; still serving the previous certificate") {
		if time.Now().After(deadline) {
			t.Fatalf("no warning about the bad certificate file:\n%s", log)
		}
		if got := served(base); got != 1 {
			t.Fatalf("serves certificate %d with a bad file, want the last good one, 1", got)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// The renewed certificate is served without a restart.
	write(certFile, cert2)
	write(keyFile, key2)
	for served(base) != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the new certificate is never served:\n%s", log)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Info lines reach the log within logbuf's interval.
	for !strings.Contains(log.String(), "loaded the changed TLS certificate") {
		if time.Now().After(deadline) {
			t.Fatalf("the reload is not in the log:\n%s", log)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
