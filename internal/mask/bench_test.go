package mask

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkFind scans 2,000-character messages in several scripts against
// a list of 200 terms: one full of contact details, one of plain words.
func BenchmarkFind(b *testing.B) {
	var terms []string
	for i := range 100 {
		terms = append(terms, fmt.Sprintf("Farm Number %d", i), fmt.Sprintf("مزرعة %d", i))
	}
	d := New(terms)
	for _, c := range []struct{ name, part string }{
		{"details", "The shelter helped me; call +44 7700 900123 or write to ana.k@example.org. رقمي ٠٥٥٥ ١٢٣ ٤٥٦. Мой ник @natasha_m. 我的电话是 138 0013 8000。 "},
		{"plain", "The shelter helped me for two years, and the lawyer came late. أريد أن يسمع صوتي. Приюту не хватает мест. 希望有更多法律援助。 "},
	} {
		text := string([]rune(strings.Repeat(c.part, 2000/len([]rune(c.part))+1))[:2000])
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				d.Find(text)
			}
		})
	}
}
