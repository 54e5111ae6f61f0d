package qr

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"
)

func TestSVG(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"OTPAuth", "otpauth://totp/Survivor%20Voice:maria%40example.org?algorithm=SHA1&digits=6&issuer=Survivor+Voice&period=30&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"},
		{"Short", "hello"},
		{"Markup", `<script>alert("x")</script> & http://evil.example/`},
		{"Unicode", "Überlebende – voz – صوت"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := SVG(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") {
				t.Fatalf("not an svg element: %.60q", svg)
			}
			rest := strings.Replace(svg, `xmlns="http://www.w3.org/2000/svg"`, "", 1)
			for _, bad := range []string{"script", "http", "data:", "href", "<image", "<foreignObject", "style=", " on"} {
				if strings.Contains(strings.ToLower(rest), bad) {
					t.Fatalf("svg contains %q", bad)
				}
			}
			for _, want := range []string{`class="qr"`, `role="img"`, `shape-rendering="crispEdges"`, `width="100%"`, `height="100%"`, `fill="#fff"`, `fill="#000"`} {
				if !strings.Contains(svg, want) {
					t.Fatalf("svg lacks %s", want)
				}
			}
			if n := strings.Count(svg, "<path"); n != 1 {
				t.Fatalf("%d paths, want 1", n)
			}
			if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
				t.Fatalf("not well-formed XML: %v", err)
			}
			checkDrawsBitmap(t, svg, tt.text)
		})
	}
}

func TestSVGTooLong(t *testing.T) {
	if _, err := SVG(strings.Repeat("x", 5000)); err == nil {
		t.Fatal("no error for text too long for a QR code")
	}
}

// checkDrawsBitmap redraws the path onto a grid and compares it with the
// library's bitmap, module by module, including the quiet zone.
func checkDrawsBitmap(t *testing.T, svg, text string) {
	t.Helper()
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	want := code.Bitmap()
	size := len(want)
	if !strings.Contains(svg, fmt.Sprintf(`viewBox="0 0 %d %d"`, size, size)) {
		t.Fatalf("viewBox is not %d modules", size)
	}
	d := regexp.MustCompile(` d="([^"]*)"`).FindStringSubmatch(svg)[1]
	got := make([][]bool, size)
	for i := range got {
		got[i] = make([]bool, size)
	}
	runs := regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`).FindAllStringSubmatch(d, -1)
	if strings.Join(flatten(runs), "") != d {
		t.Fatalf("path has commands other than runs")
	}
	for _, r := range runs {
		var x, y, w, back int
		fmt.Sscan(r[1]+" "+r[2]+" "+r[3]+" "+r[4], &x, &y, &w, &back)
		if w != back || w < 1 || x+w > size || y >= size {
			t.Fatalf("bad run %s", r[0])
		}
		for i := x; i < x+w; i++ {
			if got[y][i] {
				t.Fatalf("run %s overlaps another", r[0])
			}
			got[y][i] = true
		}
	}
	for y := range want {
		for x := range want[y] {
			if got[y][x] != want[y][x] {
				t.Fatalf("module (%d,%d) = %v, want %v", x, y, got[y][x], want[y][x])
			}
		}
	}
	for i := 0; i < 4; i++ { // the quiet zone is light
		if got[i][i] || got[size-1-i][size-1-i] {
			t.Fatal("no quiet zone")
		}
	}
}

func flatten(runs [][]string) []string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = r[0]
	}
	return out
}
