package privacy

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestPseudonym(t *testing.T) {
	const r = Receipt("0123456789012345")
	got := Pseudonym(testPepper, "consultation-1", r)

	m := hmac.New(sha256.New, testPepper)
	m.Write([]byte("pseudonym\x00consultation-1\x00" + string(r)))
	if want := hex.EncodeToString(m.Sum(nil))[:20]; got != want {
		t.Fatalf("Pseudonym = %s, want %s", got, want)
	}
	tests := []struct {
		name   string
		pepper []byte
		cid    string
		r      Receipt
		same   bool
	}{
		{"Stable", testPepper, "consultation-1", r, true},
		{"OtherConsultation", testPepper, "consultation-2", r, false},
		{"OtherReceipt", testPepper, "consultation-1", "0123456789012346", false},
		{"OtherPepper", bytes.Repeat([]byte{8}, 32), "consultation-1", r, false},
		// The separator keeps the consultation id and the digits apart.
		{"NoConcatenation", testPepper, "consultation-10", "123456789012345", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p := Pseudonym(tt.pepper, tt.cid, tt.r); (p == got) != tt.same {
				t.Fatalf("Pseudonym = %s; same as %s: %v, want %v", p, got, p == got, tt.same)
			}
		})
	}
	// Pseudonyms and lookup keys are separate domains under one pepper.
	if strings.HasPrefix(mustReceiptHasher(t, testPepper).Lookup(r), got) {
		t.Fatal("pseudonym is a prefix of the receipt lookup key")
	}
}

func TestRandomPseudonym(t *testing.T) {
	seen := make(map[string]bool)
	for range 100 {
		p := RandomPseudonym()
		if len(p) != 20 || strings.Trim(p, "0123456789abcdef") != "" {
			t.Fatalf("RandomPseudonym = %q", p)
		}
		if seen[p] {
			t.Fatalf("%s drawn twice", p)
		}
		seen[p] = true
	}
}
