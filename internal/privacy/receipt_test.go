package privacy

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/survivorvoice/voice/internal/model"
)

var testPepper = bytes.Repeat([]byte{7}, 32)

func mustReceiptHasher(t *testing.T, pepper []byte) *ReceiptHasher {
	t.Helper()
	h, err := NewReceiptHasher(pepper, TestArgon2)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestNewReceipt(t *testing.T) {
	seen := make(map[Receipt]bool)
	for range 100 {
		r, err := NewReceipt()
		if err != nil {
			t.Fatal(err)
		}
		if !r.valid() {
			t.Fatalf("receipt %q is not 16 digits", r)
		}
		if seen[r] {
			t.Fatalf("receipt %q drawn twice", r)
		}
		seen[r] = true
	}
}

// TestNewReceiptDistribution is a smoke test, not a statistical proof: over
// 10,000 receipts each digit should lead about 1,000 of them. A modulo bias
// or a fixed digit would push some count far outside the band (the band is
// about eight standard deviations wide, so the test does not flake).
func TestNewReceiptDistribution(t *testing.T) {
	const n = 10000
	var first, last [10]int
	for range n {
		r, err := NewReceipt()
		if err != nil {
			t.Fatal(err)
		}
		first[r[0]-'0']++
		last[r[ReceiptDigits-1]-'0']++
	}
	for d := range 10 {
		for name, counts := range map[string][10]int{"first": first, "last": last} {
			if c := counts[d]; c < 750 || c > 1250 {
				t.Errorf("%s digit %d: %d of %d receipts", name, d, c, n)
			}
		}
	}
}

func TestReceiptFormat(t *testing.T) {
	tests := map[Receipt]string{
		"0123456789012345": "0123 4567 8901 2345",
		"0000000000000000": "0000 0000 0000 0000",
		"":                 "",
		"12345":            "1234 5",
	}
	for r, want := range tests {
		if got := r.Format(); got != want {
			t.Errorf("Format(%q) = %q, want %q", r, got, want)
		}
	}
}

func TestParseReceipt(t *testing.T) {
	const want = Receipt("0123456789012345")
	tests := []struct{ name, in string }{
		{"OK", "0123456789012345"},
		{"OKFormatted", "0123 4567 8901 2345"},
		{"OKDashes", "0123-4567-8901-2345"},
		{"OKDots", "0123.4567.8901.2345"},
		{"OKMixedSeparators", " 0123 - 4567.8901\t2345\n"},
		{"OKNoBreakSpaces", "0123\u00a04567\u202f8901\u20072345"},
		{"OKUnicodeDashes", "0123\u20134567\u20128901\u22122345"},
		{"OKArabicIndic", "٠١٢٣ ٤٥٦٧ ٨٩٠١ ٢٣٤٥"},
		{"OKPersian", "۰۱۲۳ ۴۵۶۷ ۸۹۰۱ ۲۳۴۵"},
		{"OKFullWidth", "０１２３　４５６７　８９０１　２３４５"},
		{"OKFullWidthPunctuation", "０１２３－４５６７．８９０１ ２３４５"},
		{"OKMixedScripts", "01٢٣ ۴۵67 ８９01 2345"},
		{"OKDirectionMarks", "\u200e0123 4567 8901 2345\u200f"},
		{"OKIsolated", "\u20660123 4567 8901 2345\u2069"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseReceipt(tt.in)
			if err != nil || got != want {
				t.Fatalf("ParseReceipt(%q) = %q, %v; want %q", tt.in, got, err, want)
			}
		})
	}

	t.Run("RoundTrip", func(t *testing.T) {
		for range 100 {
			r, err := NewReceipt()
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParseReceipt(r.Format())
			if err != nil || back != r {
				t.Fatalf("ParseReceipt(%q) = %q, %v", r.Format(), back, err)
			}
		}
	})

	malformed := []struct{ name, in string }{
		{"ErrEmpty", ""},
		{"ErrSpacesOnly", "    "},
		{"ErrFifteenDigits", "0123 4567 8901 234"},
		{"ErrSeventeenDigits", "0123 4567 8901 23456"},
		{"ErrLetter", "0123 4567 8901 234O"},
		{"ErrPlus", "+0123 4567 8901 2345"},
		{"ErrParentheses", "(0123) 4567 8901 2345"},
		{"ErrSlash", "0123/4567/8901/2345"},
		{"ErrComma", "0123,4567,8901,2345"},
		{"ErrDevanagari", "०१२३ ४५६७ ८९०१ २३४५"},
		{"ErrSuperscript", "0123 4567 8901 234⁵"},
		{"ErrNUL", "0123 4567 8901 2345\x00"},
		{"ErrInvalidUTF8", "0123 4567 8901 2345\xff"},
		{"ErrTooLong", "0123 4567 8901 2345" + strings.Repeat(" ", 300)},
	}
	for _, tt := range malformed {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseReceipt(tt.in)
			e := model.AsError(err)
			if got != "" || err == nil || e.Code != model.CodeUnprocessable || e.Key != "ReceiptMalformed" {
				t.Fatalf("ParseReceipt(%q) = %q, %v", tt.in, got, err)
			}
		})
	}
}

func FuzzParseReceipt(f *testing.F) {
	for _, s := range []string{"0123 4567 8901 2345", "٠١٢٣-٤٥٦٧-٨٩٠١-٢٣٤٥", "１２", "", "\u200e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReceipt(s)
		if err != nil {
			return
		}
		if !r.valid() {
			t.Fatalf("ParseReceipt(%q) = %q, not 16 ASCII digits", s, r)
		}
		if back, err := ParseReceipt(r.Format()); err != nil || back != r {
			t.Fatalf("round trip of %q: %q, %v", r, back, err)
		}
	})
}

func TestNewReceiptHasher(t *testing.T) {
	if _, err := NewReceiptHasher(make([]byte, 15), TestArgon2); err == nil {
		t.Error("short pepper accepted")
	}
	if _, err := NewReceiptHasher(nil, TestArgon2); err == nil {
		t.Error("no pepper accepted")
	}
	if _, err := NewReceiptHasher(testPepper, Argon2Params{}); err == nil {
		t.Error("zero Argon2 params accepted")
	}
	pepper := bytes.Clone(testPepper)
	h := mustReceiptHasher(t, pepper)
	before := h.Lookup("0123456789012345")
	pepper[0] ^= 1
	if h.Lookup("0123456789012345") != before {
		t.Fatal("changing the caller's pepper changed the hasher")
	}
}

func TestReceiptLookup(t *testing.T) {
	h := mustReceiptHasher(t, testPepper)
	const r = Receipt("0123456789012345")
	got := h.Lookup(r)

	m := hmac.New(sha256.New, testPepper)
	m.Write([]byte("receipt-lookup\x00" + string(r)))
	if want := hex.EncodeToString(m.Sum(nil))[:LookupBits/4]; got != want {
		t.Fatalf("Lookup = %s, want %s", got, want)
	}
	if h.Lookup(r) != got || mustReceiptHasher(t, testPepper).Lookup(r) != got {
		t.Fatal("Lookup is not stable")
	}
	if h.Lookup("0123456789012346") == got {
		t.Fatal("two receipts share a lookup key")
	}
	other := mustReceiptHasher(t, bytes.Repeat([]byte{8}, 32))
	if other.Lookup(r) == got {
		t.Fatal("Lookup does not depend on the pepper")
	}
	if strings.Contains(got, string(r)) {
		t.Fatal("lookup key shows the receipt")
	}
}

func TestReceiptHashVerify(t *testing.T) {
	h := mustReceiptHasher(t, testPepper)
	const r = Receipt("0123456789012345")
	stored, err := h.Hash(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stored, "$argon2id$v=19$m=1024,t=1,p=1$") || strings.Contains(stored, string(r)) {
		t.Fatalf("stored = %q", stored)
	}
	again, _ := h.Hash(r)
	if again == stored {
		t.Fatal("two hashes of one receipt are equal: no fresh salt")
	}

	other := mustReceiptHasher(t, bytes.Repeat([]byte{8}, 32))
	tests := []struct {
		name   string
		h      *ReceiptHasher
		r      Receipt
		stored string
		want   bool
	}{
		{"OK", h, r, stored, true},
		{"OKSecondHash", h, r, again, true},
		{"ErrOtherReceipt", h, "0123456789012346", stored, false},
		{"ErrOtherPepper", other, r, stored, false},
		{"ErrMalformedReceipt", h, "0123 4567 8901 2345", stored, false},
		{"ErrEmptyReceipt", h, "", stored, false},
		{"ErrEmptyStored", h, r, "", false},
		{"ErrGarbageStored", h, r, "$argon2id$garbage", false},
		{"ErrUnpepperedHash", h, r, mustHashPassword(t, string(r)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.h.Verify(tt.r, tt.stored); got != tt.want {
				t.Fatalf("Verify = %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("ErrHashMalformed", func(t *testing.T) {
		for _, bad := range []Receipt{"", "123", "0123 4567 8901 2345", "012345678901234x"} {
			if _, err := h.Hash(bad); err == nil {
				t.Errorf("Hash(%q): no error", bad)
			}
		}
	})
	h.DummyVerify()
}

func mustHashPassword(t *testing.T, s string) string {
	t.Helper()
	enc, err := HashPassword(TestArgon2, s)
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

func TestReceiptHasherPrintsNoPepper(t *testing.T) {
	pepper := []byte("pepper-0123456789-abcdefghijklmn")
	h := mustReceiptHasher(t, pepper)
	out := fmt.Sprintf("%v %+v %#v %s %q %x %d", h, h, h, *h, *h, *h, *h) + fmt.Sprint(h, *h) +
		fmt.Sprintf("%+v", struct{ H ReceiptHasher }{*h})
	for _, leak := range []string{string(pepper), "pepper-", hex.EncodeToString(pepper)[:16], "112 101 112"} {
		if strings.Contains(out, leak) {
			t.Fatalf("output %q shows the pepper", out)
		}
	}
}
