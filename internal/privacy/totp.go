package privacy

import (
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings every authenticator app understands (RFC 6238 defaults).
const (
	totpPeriod     = 30 // seconds
	totpDigits     = 6
	totpSecretSize = 20 // bytes, the HMAC-SHA1 block-friendly size of RFC 4226
	totpSkew       = 1  // steps accepted either side of now
	totpMinSecret  = 16 // bytes; RFC 4226 requires at least 128 bits
)

// NewTOTPKey makes a staff member's second-factor secret: SHA-1, 6 digits,
// 30-second steps, 20 random bytes. It returns the secret in unpadded base32,
// to be sealed and stored, and the otpauth:// URL to show as a QR code.
func NewTOTPKey(issuer, account string) (secret, otpauthURL string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", fmt.Errorf("privacy: generate TOTP key: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// VerifyTOTP checks a code against the time steps just before, at and after
// now, to allow for clock skew, and returns the step it matched. Spaces in
// the code are ignored; anything but six digits is refused.
//
// A code is good once: it is refused if it matches no step later than
// lastStep. The caller stores the returned step as the next lastStep (0 for a
// factor never used), so an observed code cannot be replayed.
func VerifyTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code)
	if len(code) != totpDigits || strings.Trim(code, "0123456789") != "" {
		return 0, false
	}
	secret, valid := normalizeSecret(secret)
	if !valid {
		return 0, false
	}
	opts := totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
	current := now.Unix() / totpPeriod
	// Compare with every step, not stopping at the first match, so that
	// timing does not tell which step matched. The latest match wins.
	for s := current - totpSkew; s <= current+totpSkew; s++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), opts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > lastStep {
			step, ok = s, true
		}
	}
	return step, ok
}

// normalizeSecret returns secret in upper case without spaces or padding, and
// whether it is base32 of at least totpMinSecret bytes. An empty or short
// secret would make codes guessable, so it never verifies.
func normalizeSecret(secret string) (string, bool) {
	secret = strings.ToUpper(strings.TrimRight(strings.ReplaceAll(secret, " ", ""), "="))
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	return secret, err == nil && len(key) >= totpMinSecret
}

// FormatSecret groups a base32 secret in blocks of four for people who type
// it in by hand: "JBSW Y3DP EHPK 3PXP".
func FormatSecret(secret string) string {
	var b strings.Builder
	for i, r := range []rune(strings.ToUpper(strings.ReplaceAll(secret, " ", ""))) {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
