package totp

import (
	"encoding/base64"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// QRSize is the width and height in pixels of the PNG that QRPNG draws.
const QRSize = 256

// QRPNG draws uri as a QR code with medium error correction in a PNG image
// of QRSize by QRSize pixels.
func QRPNG(uri string) ([]byte, error) {
	png, err := qrcode.Encode(uri, qrcode.Medium, QRSize)
	if err != nil {
		return nil, fmt.Errorf("totp: drawing QR code: %w", err)
	}
	return png, nil
}

// DataURL returns png as a data: URL for an <img> src attribute.
func DataURL(png []byte) string {
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
}
