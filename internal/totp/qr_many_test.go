package totp_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/twofa-dev/twofa/internal/totp"
)

// qrSample is how many setup QR codes TestQRPNGReadableEverywhere draws. A
// decoder of the ZXing family used to miss about one in a hundred, so a
// sample this size catches that with near certainty (0.99^2000 < 1e-8).
const qrSample = 2000

// qrSampleRace is the sample under the race detector, which slows drawing
// and decoding about tenfold; it still catches a one-in-a-hundred fault
// with probability 1-0.99^300 > 0.95, and the full sample runs without -race.
const qrSampleRace = 300

// qrAccounts are email addresses of different lengths, so that the sample
// spans several QR versions.
var qrAccounts = []string{
	"al@example.com",
	"alice@example.com",
	"josé+2fa@example.com",
	"first.second-name.third@mail.example.org",
	strings.Repeat("a", 64) + "@" + strings.Repeat("sub.", 20) + "example.com",
}

// qrIssuers are the default issuer and one that needs escaping.
var qrIssuers = []string{"twofa", "ACME Co: Staff"}

// qrCase is one drawn setup QR code.
type qrCase struct {
	uri  string
	file string
}

// TestQRPNGReadableEverywhere draws setup QR codes for random secrets, as
// core does (KeyURI, then QRPNG), and checks that every one reads back with
// ZXing's decoder (gozxing, the family phone apps use) and with ZBar
// (zbarimg). Each failure names its URI so that it can be drawn again.
func TestQRPNGReadableEverywhere(t *testing.T) {
	n := qrSample
	if raceEnabled {
		n = qrSampleRace
	}
	dir := t.TempDir()
	cases := make([]qrCase, n)
	for i := range cases {
		secret, err := totp.NewSecret(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		cases[i] = qrCase{
			uri:  totp.KeyURI(qrIssuers[i%len(qrIssuers)], qrAccounts[i%len(qrAccounts)], secret),
			file: filepath.Join(dir, fmt.Sprintf("%05d.png", i)),
		}
	}

	// Draw and read with gozxing in parallel.
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var unread []string
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := drawAndRead(cases[i]); err != nil {
					mu.Lock()
					unread = append(unread, err.Error())
					mu.Unlock()
				}
			}
		}()
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, msg := range unread {
		t.Error(msg)
	}
	if t.Failed() {
		t.FailNow()
	}

	// Read them all with zbarimg, many files a run.
	zbarimg := needTool(t, "zbarimg", "zbar-tools")
	read := make(map[string]bool, len(cases))
	const batch = 500
	for start := 0; start < len(cases); start += batch {
		args := []string{"--raw", "-q", "-Sdisable", "-Sqrcode.enable"}
		for _, c := range cases[start:min(start+batch, len(cases))] {
			args = append(args, c.file)
		}
		var stderr bytes.Buffer
		cmd := exec.Command(zbarimg, args...)
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		// zbarimg exits 4 when some image held no code; those are found missing below.
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 4) {
			t.Fatalf("zbarimg: %v: %s", err, stderr.String())
		}
		for _, line := range strings.Split(string(out), "\n") {
			read[strings.TrimRight(line, "\r")] = true
		}
	}
	for _, c := range cases {
		if !read[c.uri] {
			t.Errorf("zbarimg cannot read the QR code of %s", c.uri)
		}
	}
}

// drawAndRead draws c.uri, writes the PNG to c.file and reads it with gozxing.
func drawAndRead(c qrCase) error {
	data, err := totp.QRPNG(c.uri)
	if err != nil {
		return fmt.Errorf("QRPNG(%s): %v", c.uri, err)
	}
	if err := os.WriteFile(c.file, data, 0o600); err != nil {
		return err
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("QR code of %s is not a PNG: %v", c.uri, err)
	}
	if b := img.Bounds(); b.Dx() != totp.QRSize || b.Dy() != totp.QRSize {
		return fmt.Errorf("QR code of %s is %dx%d, want %dx%d", c.uri, b.Dx(), b.Dy(), totp.QRSize, totp.QRSize)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return err
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return fmt.Errorf("gozxing cannot read the QR code of %s: %v", c.uri, err)
	}
	if res.GetText() != c.uri {
		return fmt.Errorf("gozxing reads %q from the QR code of %s", res.GetText(), c.uri)
	}
	return nil
}
