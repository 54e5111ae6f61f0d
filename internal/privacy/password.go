// Package privacy holds the cryptographic building blocks of the privacy
// model (ARCHITECTURE §3): staff password hashing and checking, sealing of free
// text, and the staff second factor.
package privacy

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/survivorvoice/voice/internal/model"
)

// Argon2Params are the cost parameters of Argon2id.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultArgon2 is the OWASP minimum for Argon2id (19 MiB, 2 passes, 1 lane).
var DefaultArgon2 = Argon2Params{Memory: 19456, Time: 2, Threads: 1}

// TestArgon2 is deliberately weak so that tests run fast. Never use it in
// production: a hash made with it falls to an offline attack in no time.
var TestArgon2 = Argon2Params{Memory: 1024, Time: 1, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32

	// Bounds on parameters read back from an encoded hash, so that a corrupt
	// or hostile row cannot make a verification allocate gigabytes.
	maxMemory  = 1 << 20 // 1 GiB in KiB
	maxTime    = 64
	minHashLen = 16
	maxHashLen = 64
	minSaltLen = 8
)

// errHashFormat reports an encoded hash that cannot be parsed; it never
// contains the hash itself.
var errHashFormat = errors.New("privacy: malformed argon2id hash")

func (p Argon2Params) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("privacy: argon2 time %d out of range 1..%d", p.Time, maxTime)
	case p.Threads < 1:
		return errors.New("privacy: argon2 threads must be at least 1")
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("privacy: argon2 memory %d KiB out of range %d..%d", p.Memory, 8*uint32(p.Threads), maxMemory)
	}
	return nil
}

// HashPassword hashes password with Argon2id and a fresh random salt, and
// returns it in PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(p Argon2Params, password string) (string, error) {
	if err := p.validate(); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("privacy: read salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the encoded hash. The cost
// parameters come from the encoded string, so hashes made with older
// parameters keep working (see NeedsRehash). An error means the encoded hash
// is malformed, not that the password is wrong.
func VerifyPassword(encoded, password string) (bool, error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than p,
// so the caller can rehash the password after a successful sign-in.
func NeedsRehash(encoded string, p Argon2Params) bool {
	got, salt, key, err := decodeHash(encoded)
	return err != nil || got != p || len(salt) != saltLen || len(key) != keyLen
}

// DummyVerify spends as long as VerifyPassword on a hash made with p, and
// always fails. Call it when a sign-in names an account that does not exist,
// so that response time does not tell which accounts exist.
func DummyVerify(p Argon2Params) {
	if p.validate() != nil {
		p = DefaultArgon2
	}
	var salt [saltLen]byte
	want := make([]byte, keyLen)
	got := argon2.IDKey([]byte("no such account"), salt[:], p.Time, p.Memory, p.Threads, keyLen)
	subtle.ConstantTimeCompare(got, want)
}

// decodeHash parses $argon2id$v=19$m=..,t=..,p=..$salt$hash.
func decodeHash(encoded string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errHashFormat
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || parts[2] != fmt.Sprintf("v=%d", version) {
		return p, nil, nil, errHashFormat
	}
	if version != argon2.Version {
		return p, nil, nil, fmt.Errorf("privacy: unsupported argon2 version %d", version)
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, p.Threads) {
		return p, nil, nil, errHashFormat
	}
	if err := p.validate(); err != nil {
		return p, nil, nil, err
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen {
		return p, nil, nil, errHashFormat
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < minHashLen || len(key) > maxHashLen {
		return p, nil, nil, errHashFormat
	}
	return p, salt, key, nil
}

// Password length bounds for staff accounts (ARCHITECTURE §3.14).
const (
	MinPasswordRunes = 12
	MaxPasswordBytes = 256

	minContextRunes = 4 // shorter context strings would refuse too much
	minPatternRunes = 6 // shorter cores are judged by the list alone
)

// breachedList is SecLists' top 10,000 passwords, lowercased and deduplicated.
//
//go:embed breached.txt
var breachedList string

// breachedSet is built once, on first use, and never written afterwards.
var breachedSet = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 10000)
	for line := range strings.Lines(breachedList) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[line] = struct{}{}
	}
	return set
})

func isBreached(s string) bool {
	_, ok := breachedSet()[s]
	return ok
}

// CheckPassword refuses a staff password that is too short, too long, built
// around a breached password or a keyboard pattern, or that contains one of
// the context strings (the account's email and its local part).
//
// Most breached passwords are shorter than 12 characters, so the list is also
// checked against the password with leading and trailing digits and
// punctuation removed ("Password1234!" is "password"), and against the unit of
// a repeated password ("monkeymonkey" is "monkey").
func CheckPassword(password string, context ...string) error {
	if utf8.RuneCountInString(password) < MinPasswordRunes {
		return model.Errorf(model.CodeUnprocessable, "PasswordTooShort")
	}
	if len(password) > MaxPasswordBytes {
		return model.Errorf(model.CodeUnprocessable, "PasswordTooLong")
	}
	lower := strings.ToLower(password)
	compact := strings.Join(strings.Fields(lower), "")
	for _, c := range context {
		c = strings.ToLower(strings.TrimSpace(c))
		if utf8.RuneCountInString(c) >= minContextRunes &&
			(strings.Contains(lower, c) || strings.Contains(compact, c)) {
			return model.Errorf(model.CodeUnprocessable, "PasswordContainsEmail")
		}
	}
	for _, c := range candidates(lower, compact) {
		if isWeak(c) {
			return model.Errorf(model.CodeUnprocessable, "PasswordCommon")
		}
	}
	return nil
}

// candidates lists the forms of a lowercased password that are checked: as
// typed, without spaces, and with digits and punctuation stripped from the
// end, the start, or both.
func candidates(lower, compact string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, s := range []string{lower, compact} {
		trail := strings.TrimRightFunc(s, isFiller)
		lead := strings.TrimLeftFunc(s, isFiller)
		both := strings.TrimLeftFunc(trail, isFiller)
		for _, c := range []string{s, trail, lead, both} {
			if c != "" && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// isFiller reports the characters people add around a word to satisfy a
// password rule.
func isFiller(r rune) bool {
	return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
}

// isWeak reports whether s is on the breached list, is a breached password
// repeated, or (when long enough to judge) is a short unit repeated or is
// made only of keyboard, alphabet or digit runs and repeated characters.
func isWeak(s string) bool {
	if isBreached(s) {
		return true
	}
	r := []rune(s)
	unit := repeatedUnit(r)
	if len(unit) < len(r) && isBreached(string(unit)) {
		return true
	}
	if len(r) < minPatternRunes {
		return false
	}
	return len(unit) <= 3 || isSequenceRuns(r)
}

// repeatedUnit returns the shortest u such that r is u repeated; r itself if
// it is not a repetition.
func repeatedUnit(r []rune) []rune {
	n := len(r)
next:
	for size := 1; size <= n/2; size++ {
		if n%size != 0 {
			continue
		}
		for i := size; i < n; i++ {
			if r[i] != r[i-size] {
				continue next
			}
		}
		return r[:size]
	}
	return r
}

// Sequences that passwords are typed along, separated by spaces. Each is also
// read backwards. Digits and the alphabet wrap around ("7890123"); keyboard
// rows (US, German and French layouts, columns and zigzags) do not.
const (
	wrappingSequences = "0123456789 abcdefghijklmnopqrstuvwxyz 02468 13579"
	keyboardSequences = "`1234567890-= ~!@#$%^&*()_+ qwertyuiop[]\\ asdfghjkl;' zxcvbnm,./ " +
		"qwertzuiopü yxcvbnm azertyuiop qsdfghjklm wxcvbn " +
		"qazwsxedcrfvtgbyhnujmikolp 1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/ " +
		"zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0 1q2w3e4r5t6y7u8i9o0p q1w2e3r4t5y6u7i8o9p0"
)

// minRun is the shortest piece of a sequence or repeated character that
// counts as a pattern.
const minRun = 3

// isSequenceRuns reports whether r can be cut into pieces of at least minRun
// runes, each a run of one repeated character or a stretch of a keyboard,
// alphabet or digit sequence ("qwerty123456", "aaaabbbbcccc").
func isSequenceRuns(r []rune) bool {
	n := len(r)
	var seqs []string
	for _, s := range strings.Fields(wrappingSequences) {
		s = strings.Repeat(s, n/len(s)+2)
		seqs = append(seqs, s, reverse(s))
	}
	for _, s := range strings.Fields(keyboardSequences) {
		seqs = append(seqs, s, reverse(s))
	}
	ok := make([]bool, n+1) // ok[i]: r[:i] can be cut so
	ok[0] = true
	for start := 0; start < n; start++ {
		if !ok[start] {
			continue
		}
		// A piece that is no pattern cannot become one by growing, so
		// stop at the first end that fails.
		for end := start + 2; end <= n && isPatternPiece(r[start:end], seqs); end++ {
			if end-start >= minRun {
				ok[end] = true
			}
		}
	}
	return ok[n]
}

func isPatternPiece(piece []rune, seqs []string) bool {
	if len(repeatedUnit(piece)) == 1 {
		return true
	}
	s := string(piece)
	for _, seq := range seqs {
		if strings.Contains(seq, s) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
