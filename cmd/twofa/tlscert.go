package main

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// certCheckEvery is the least time between two looks at the files of
// --tls-cert and --tls-key for a change.
var certCheckEvery = 5 * time.Second

// certFiles serves the certificate of --tls-cert and --tls-key, and loads
// it again when either file changes (its modification time or size), so
// that a renewed certificate is served without a restart. A change is
// looked for at most every certCheckEvery, during a TLS handshake. Files
// that do not load (one written and not yet the other, or a bad file)
// leave the last good certificate in use, with a warning in the log.
type certFiles struct {
	certFile, keyFile string
	log               *slog.Logger

	mu      sync.Mutex
	cert    *tls.Certificate
	stamp   [2]fileStamp // of the files the last load read
	checked time.Time
}

// fileStamp tells versions of a file apart without reading it; zero for
// a file that cannot be read.
type fileStamp struct {
	modTime time.Time
	size    int64
}

func stampOf(path string) fileStamp {
	st, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{modTime: st.ModTime(), size: st.Size()}
}

// newCertFiles loads the certificate of --tls-cert and --tls-key.
func newCertFiles(certFile, keyFile string, log *slog.Logger) (*certFiles, error) {
	f := &certFiles{certFile: certFile, keyFile: keyFile, log: log, checked: time.Now()}
	f.stamp = f.stamps()
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert %s, --tls-key %s: %w", certFile, keyFile, err)
	}
	f.cert = &cert
	log.Info("serving HTTPS", "tls_cert", certFile, "not_after", cert.Leaf.NotAfter)
	return f, nil
}

func (f *certFiles) stamps() [2]fileStamp {
	return [2]fileStamp{stampOf(f.certFile), stampOf(f.keyFile)}
}

// tlsConfig is the server configuration that serves f's certificate.
func (f *certFiles) tlsConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: f.getCertificate}
}

// getCertificate is tls.Config.GetCertificate: the current certificate,
// loaded again first if the files changed since the last look.
func (f *certFiles) getCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now := time.Now(); now.Sub(f.checked) >= certCheckEvery {
		f.checked = now
		f.reload()
	}
	return f.cert, nil
}

// reload loads the files if they changed since the last load; f.mu is
// held.
func (f *certFiles) reload() {
	st := f.stamps()
	if st == f.stamp {
		return
	}
	f.stamp = st
	cert, err := tls.LoadX509KeyPair(f.certFile, f.keyFile)
	if err != nil {
		f.log.Warn("the changed --tls-cert and --tls-key files do not load; still serving the previous certificate until they do",
			"tls_cert", f.certFile, "tls_key", f.keyFile, "err", err)
		return
	}
	f.cert = &cert
	f.log.Info("loaded the changed TLS certificate", "tls_cert", f.certFile, "not_after", cert.Leaf.NotAfter)
}
