package mask

import (
	"strings"
	"testing"
)

// FuzzFind feeds the detectors arbitrary text: they must not panic, and
// their findings must be sorted, non-overlapping spans on rune boundaries
// that Mask removes from the text.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"llámame al +52 55 1234 5678",
		"رقمي ٠٥٠١٢٣٤٥٦٧ وبالقاهرة",
		"пишите на ivan.petrov@mail.ru, из Москвы",
		"我的电话是13800138000，深圳",
		"(11) 98765-4321 le 14/03/2025 1.500 reais",
		"ES91 2100 0418 4502 0005 1332 AB1234567 @x_y www.a.com",
		"+((( 1-2-3 \u200f۰۹۱۲\xff ０９",
	} {
		f.Add(s)
	}
	d := New([]string{"José Pérez", "القاهرة", "Москва", "深圳", "a"})
	f.Fuzz(func(t *testing.T, text string) {
		fs := d.Find(text)
		bounds := boundaries(text)
		end := 0
		for _, x := range fs {
			if x.Start < end || x.End <= x.Start || x.End > len(text) {
				t.Fatalf("finding %+v out of order or range (previous end %d)", x, end)
			}
			if !bounds[x.Start] || !bounds[x.End] {
				t.Fatalf("finding %+v not on rune boundaries", x)
			}
			if x.Text != text[x.Start:x.End] {
				t.Fatalf("finding %+v: text does not match span", x)
			}
			end = x.End
		}
		// Markers hold letters a term may match, so they are cut out first.
		masked := markers.Replace(Mask(text, fs))
		for _, x := range fs {
			// A finding's text may also occur elsewhere, unflagged; only a
			// unique one is sure to be gone.
			if strings.Count(text, x.Text) == 1 && strings.Contains(masked, x.Text) {
				t.Fatalf("Mask(%q) = %q still holds %q", text, masked, x.Text)
			}
		}
	})
}

// markers cuts every marker out of masked text.
var markers = strings.NewReplacer("[email]", "\x00", "[phone]", "\x00", "[url]", "\x00", "[handle]", "\x00", "[id]", "\x00", "[term]", "\x00")

// boundaries returns the offsets where a range loop over s starts a rune
// (a byte of invalid UTF-8 counts as one), and len(s).
func boundaries(s string) map[int]bool {
	b := map[int]bool{len(s): true}
	for i := range s {
		b[i] = true
	}
	return b
}
