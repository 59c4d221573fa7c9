package totp_test

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/twofa-dev/twofa/internal/totp"
)

// testURI is a realistic enrolment URI with escaped characters in it.
var testURI = totp.KeyURI("ACME Co", "josé+2fa@example.com", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")

func TestQRPNGDecodesWithGozxing(t *testing.T) {
	data, err := totp.QRPNG(testURI)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Errorf("image is %dx%d, want 256x256", b.Dx(), b.Dy())
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("gozxing cannot read the QR code: %v", err)
	}
	if res.GetText() != testURI {
		t.Errorf("decoded %q, want %q", res.GetText(), testURI)
	}
}

func TestQRPNGDecodesWithZbarimg(t *testing.T) {
	zbarimg := needTool(t, "zbarimg", "zbar-tools")
	data, err := totp.QRPNG(testURI)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbarimg, "--raw", "-q", file).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if got := strings.TrimRight(string(out), "\r\n"); got != testURI {
		t.Errorf("zbarimg decoded %q, want %q", got, testURI)
	}
}

func TestDataURL(t *testing.T) {
	data, err := totp.QRPNG(testURI)
	if err != nil {
		t.Fatal(err)
	}
	u := totp.DataURL(data)
	const prefix = "data:image/png;base64,"
	if !strings.HasPrefix(u, prefix) {
		t.Fatalf("DataURL starts %q", u[:min(len(u), 40)])
	}
	back, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(u, prefix))
	if err != nil || !bytes.Equal(back, data) {
		t.Errorf("DataURL does not round-trip: %v", err)
	}
}
