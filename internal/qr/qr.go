// Package qr draws QR codes as inline SVG, so a page can show one (the staff
// TOTP set-up) without an image request, a data: URI or any script.
package qr

import (
	"fmt"
	"strings"

	"github.com/skip2/go-qrcode"
)

// SVG returns text as a QR code (medium error correction, with the quiet
// zone) drawn as one SVG path, black on white, one unit per module. It
// scales to its container: width and height are 100%, and the class "qr" lets
// the stylesheet cap its size. It has role="img" but no label, because the
// label belongs to the page's language: give it one from the surrounding
// markup (aria-labelledby on a wrapper, or a visible caption).
func SVG(text string) (string, error) {
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("qr: %w", err)
	}
	code.DisableBorder = false
	bitmap := code.Bitmap()
	size := len(bitmap)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" viewBox="0 0 %d %d" width="100%%" height="100%%" shape-rendering="crispEdges">`, size, size)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, size, size)
	for y, row := range bitmap {
		// One rectangle per horizontal run of dark modules.
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
