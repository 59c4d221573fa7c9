package totp

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sort"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// QRSize is the width and height in pixels of the PNG that QRPNG draws.
const QRSize = 256

// qrQuietZone is the white margin around the symbol, in modules: the four
// that ISO/IEC 18004 asks for. The image may add more to fill QRSize.
const qrQuietZone = 4

// qrMasks is the number of data mask patterns a QR code can use.
const qrMasks = 8

// QRPNG draws uri as a QR code with medium error correction in a PNG image
// of QRSize by QRSize pixels. Every module is the same whole number of
// pixels, with at least four modules of white around the symbol.
//
// Of the eight mask patterns, the standard's penalty score alone can pick one
// that leaves a finder-like square (dark, light, 3 dark, light, dark both
// across and down) in the data. Decoders of the ZXing family stop looking
// once they hold three such squares, so they take the false one for a corner
// of the symbol and fail; ZBar, which looks differently, still reads it. That
// happened to about one secret in a hundred. QRPNG therefore tries the masks
// from the lowest penalty up and keeps the first whose image ZXing's decoder
// reads back as uri; should none do (not seen in practice), it keeps the
// lowest-penalty image.
func QRPNG(uri string) ([]byte, error) {
	// ZXing's encoder picks the mask of lowest penalty; that nearly always reads.
	best, err := encodeQR(uri, nil)
	if err != nil {
		return nil, err
	}
	img := drawQR(best.GetMatrix())
	if readsAs(img, uri) {
		return encodePNG(img)
	}
	// Otherwise try the other masks from the lowest penalty up.
	type candidate struct {
		code    *encoder.QRCode
		penalty int
	}
	var cands []candidate
	for mask := 0; mask < qrMasks; mask++ {
		if mask == best.GetMaskPattern() {
			continue
		}
		code, err := encodeQR(uri, map[gozxing.EncodeHintType]interface{}{gozxing.EncodeHintType_QR_MASK_PATTERN: mask})
		if err != nil {
			return nil, err
		}
		cands = append(cands, candidate{code, maskPenalty(code.GetMatrix())})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].penalty < cands[j].penalty })
	for _, c := range cands {
		if other := drawQR(c.code.GetMatrix()); readsAs(other, uri) {
			return encodePNG(other)
		}
	}
	return encodePNG(img)
}

// encodeQR encodes uri at medium error correction.
func encodeQR(uri string, hints map[gozxing.EncodeHintType]interface{}) (*encoder.QRCode, error) {
	code, err := encoder.Encoder_encode(uri, decoder.ErrorCorrectionLevel_M, hints)
	if err != nil {
		return nil, fmt.Errorf("totp: drawing QR code of a %d-byte URI: %w", len(uri), err)
	}
	return code, nil
}

// maskPenalty is the penalty score of ISO/IEC 18004 section 7.8.3 for a
// masked symbol, as ZXing's encoder computes it.
func maskPenalty(m *encoder.ByteMatrix) int {
	return encoder.MaskUtil_applyMaskPenaltyRule1(m) + encoder.MaskUtil_applyMaskPenaltyRule2(m) +
		encoder.MaskUtil_applyMaskPenaltyRule3(m) + encoder.MaskUtil_applyMaskPenaltyRule4(m)
}

// drawQR draws the symbol m centred in a white QRSize by QRSize image, each
// module a square of the largest whole number of pixels that leaves
// qrQuietZone modules of margin (at least one pixel a module). Palette
// index 0 is white and 1 is black.
func drawQR(m *encoder.ByteMatrix) *image.Paletted {
	n := m.GetWidth()
	scale := max(QRSize/(n+2*qrQuietZone), 1)
	size := max(QRSize, (n+2*qrQuietZone)*scale)
	offset := (size - n*scale) / 2
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if m.Get(x, y) != 1 {
				continue
			}
			for dy := 0; dy < scale; dy++ {
				row := img.Pix[(offset+y*scale+dy)*img.Stride:]
				for dx := 0; dx < scale; dx++ {
					row[offset+x*scale+dx] = 1
				}
			}
		}
	}
	return img
}

// readsAs reports whether ZXing's QR decoder reads img, drawn by drawQR, as
// want.
func readsAs(img *image.Paletted, want string) bool {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	lum := make([]byte, w*h)
	for y := 0; y < h; y++ {
		for x, idx := range img.Pix[y*img.Stride : y*img.Stride+w] {
			if idx == 0 {
				lum[y*w+x] = 0xff
			}
		}
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(lum, w, h, 0, 0, w, h, false)
	if err != nil {
		return false
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return false
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	return err == nil && res.GetText() == want
}

// encodePNG encodes img as a PNG.
func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("totp: encoding QR code PNG: %w", err)
	}
	return b.Bytes(), nil
}

// DataURL returns png as a data: URL for an <img> src attribute.
func DataURL(png []byte) string {
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
}
