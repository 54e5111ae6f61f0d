package privacy

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/survivorvoice/voice/internal/model"
)

// ReceiptDigits is the length of a receipt: 16 decimal digits, about 53 bits.
const ReceiptDigits = 16

// maxReceiptInput bounds what ParseReceipt looks at: a receipt typed with a
// separator between every digit, each a three-byte rune, is under 100 bytes.
const maxReceiptInput = 256

// minPepperLen is the shortest pepper NewReceiptHasher accepts (128 bits).
const minPepperLen = 16

// receiptSpace is 10^16, the number of receipts.
var receiptSpace = new(big.Int).Exp(big.NewInt(10), big.NewInt(ReceiptDigits), nil)

// Receipt is the respondent's only key back to their submissions
// (ARCHITECTURE §3.7): 16 ASCII digits. It is shown once and never stored;
// the database keeps only ReceiptHasher's lookup key and slow hash.
type Receipt string

// NewReceipt draws a receipt uniformly from the 10^16 possible ones.
// crypto/rand.Int rejects out-of-range draws instead of reducing them modulo
// 10^16, so no receipt is likelier than another.
func NewReceipt() (Receipt, error) {
	n, err := rand.Int(rand.Reader, receiptSpace)
	if err != nil {
		return "", fmt.Errorf("privacy: draw receipt: %w", err)
	}
	return Receipt(fmt.Sprintf("%0*d", ReceiptDigits, n)), nil
}

// Format groups the digits in fours, like a phone number, so the receipt can
// be saved as a contact: "0123 4567 8901 2345".
func (r Receipt) Format() string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(r[i])
	}
	return b.String()
}

// valid reports whether r is exactly ReceiptDigits ASCII digits.
func (r Receipt) valid() bool {
	return len(r) == ReceiptDigits && strings.Trim(string(r), "0123456789") == ""
}

// ParseReceipt reads a receipt as a person types or pastes it. Digits may be
// ASCII, Arabic-Indic (٠-٩), Persian (۰-۹) or full-width (０-９), separated
// by spaces, dashes or dots; invisible direction marks, which phones and
// browsers add around numbers in right-to-left text, are ignored. Anything
// else, or a count of digits other than 16, is ReceiptMalformed.
func ParseReceipt(s string) (Receipt, error) {
	malformed := model.Errorf(model.CodeUnprocessable, "ReceiptMalformed")
	if len(s) > maxReceiptInput {
		return "", malformed
	}
	digits := make([]byte, 0, ReceiptDigits)
	for _, c := range s {
		if d, ok := receiptDigit(c); ok {
			if len(digits) == ReceiptDigits {
				return "", malformed
			}
			digits = append(digits, d)
			continue
		}
		if !receiptSeparator(c) {
			return "", malformed
		}
	}
	if len(digits) != ReceiptDigits {
		return "", malformed
	}
	return Receipt(digits), nil
}

// receiptDigit maps a digit of one of the accepted scripts to ASCII.
func receiptDigit(c rune) (byte, bool) {
	for _, zero := range []rune{'0', '٠', '۰', '０'} {
		if c >= zero && c <= zero+9 {
			return byte('0' + c - zero), true
		}
	}
	return 0, false
}

// receiptSeparator reports the characters ParseReceipt skips: white space
// (including no-break and narrow no-break spaces), dashes, dots, and
// invisible formatting marks.
func receiptSeparator(c rune) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u2007', '\u202f', '\u3000', // spaces
		'-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\uff0d', // dashes
		'.', '\u00b7', '\u2024', '\u3002', '\uff0e', // dots
		'\u200b', '\u200e', '\u200f', '\u061c', '\ufeff', // zero width, direction marks
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', // bidi embeddings
		'\u2066', '\u2067', '\u2068', '\u2069': // bidi isolates
		return true
	}
	return false
}

// ReceiptHasher turns a receipt into the two values stored for it. Both are
// keyed with a pepper, a server secret kept outside the database.
//
//   - Lookup is fast and deterministic: an indexed column that finds the row
//     for a presented receipt without scanning every row and running a slow
//     hash on each.
//   - Hash is slow and salted: Argon2id over an HMAC of the receipt. Verify
//     checks a presented receipt against it after the lookup found the row.
//
// What each protects against, given 10^16 possible receipts:
//
//   - A stolen database without the pepper: neither value can be checked
//     against a guess, because both need the pepper.
//   - A stolen database with the pepper: the lookup column can be checked at
//     HMAC speed (10^16 HMACs, all rows at once, no salt), which a few GPUs
//     finish in days. The slow hash alone would cost 10^16 Argon2id runs per
//     row, but only if the lookup column were not there as a shortcut. Keep
//     the pepper out of the database and its backups; it is the real barrier.
//
// A ReceiptHasher prints as "receipt-hasher" with every verb, so a stray log
// line cannot leak the pepper.
type ReceiptHasher struct {
	pepper []byte
	params Argon2Params
}

// NewReceiptHasher returns a hasher with its own copy of pepper. It refuses a
// pepper shorter than 16 bytes (32 random bytes is the intended size) and
// Argon2 parameters out of range.
func NewReceiptHasher(pepper []byte, p Argon2Params) (*ReceiptHasher, error) {
	if len(pepper) < minPepperLen {
		return nil, fmt.Errorf("privacy: receipt pepper is %d bytes, want at least %d", len(pepper), minPepperLen)
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	return &ReceiptHasher{pepper: append([]byte(nil), pepper...), params: p}, nil
}

// LookupBits is the size of a receipt's lookup bucket.
const LookupBits = 24

// Lookup returns the receipt's lookup bucket: the first 24 bits (6 hex
// characters) of HMAC-SHA256(pepper, "receipt-lookup\x00" + digits). It is
// stored in an indexed column to find the few rows to check with Verify. It
// is short on purpose: with a stolen database and the pepper, a full-length
// key would let a guesser test every receipt at HMAC speed, while a bucket
// matches about 10^16 / 2^24 ≈ 6·10^8 receipts, each needing the slow hash.
func (h *ReceiptHasher) Lookup(r Receipt) string {
	return hex.EncodeToString(hmacSum(h.pepper, "receipt-lookup\x00", string(r)))[:LookupBits/4]
}

// Hash returns the receipt's verifier: Argon2id, with a fresh random salt,
// over HMAC-SHA256(pepper, "receipt\x00" + digits), PHC-encoded like a staff
// password hash.
func (h *ReceiptHasher) Hash(r Receipt) (string, error) {
	if !r.valid() {
		return "", errors.New("privacy: hash of a malformed receipt")
	}
	return HashPassword(h.params, string(hmacSum(h.pepper, "receipt\x00", string(r))))
}

// Verify reports whether r is the receipt stored hashes to. A malformed
// receipt or stored hash never verifies.
func (h *ReceiptHasher) Verify(r Receipt, stored string) bool {
	if !r.valid() {
		return false
	}
	ok, err := VerifyPassword(stored, string(hmacSum(h.pepper, "receipt\x00", string(r))))
	return err == nil && ok
}

// DummyVerify spends as long as Verify and always fails. Call it when Lookup
// finds no row, so that a miss takes as long as a hit.
func (h *ReceiptHasher) DummyVerify() { DummyVerify(h.params) }

// String describes the hasher without its pepper. String, GoString and
// Format have value receivers so that printing a value, not only a pointer,
// is safe too.
func (h ReceiptHasher) String() string { return "receipt-hasher" }

// GoString keeps %#v from printing the fields.
func (h ReceiptHasher) GoString() string { return h.String() }

// Format prints String for every verb.
func (h ReceiptHasher) Format(f fmt.State, _ rune) { io.WriteString(f, h.String()) }

// hmacSum returns HMAC-SHA256(key, parts joined).
func hmacSum(key []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		io.WriteString(m, p)
	}
	return m.Sum(nil)
}
