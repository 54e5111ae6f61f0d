package privacy

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

func TestNewTOTPKey(t *testing.T) {
	secret, url, err := NewTOTPKey("Survivor Voice", "maria@example.org")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil || len(raw) != 20 || strings.Contains(secret, "=") {
		t.Fatalf("secret %d chars, %d bytes, err %v", len(secret), len(raw), err)
	}
	key, err := otp.NewKeyFromURL(url)
	if err != nil {
		t.Fatal(err)
	}
	if key.Type() != "totp" || key.Issuer() != "Survivor Voice" || key.AccountName() != "maria@example.org" ||
		key.Secret() != secret || key.Period() != 30 || key.Digits() != otp.DigitsSix || key.Algorithm() != otp.AlgorithmSHA1 {
		t.Fatalf("URL %s", url)
	}
	other, _, _ := NewTOTPKey("Survivor Voice", "maria@example.org")
	if other == secret {
		t.Fatal("two secrets are equal")
	}
}

// RFC 6238 appendix B, SHA-1, last six digits.
func TestVerifyTOTPRFC6238(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	for unix, code := range map[int64]string{59: "287082", 1111111109: "081804", 1234567890: "005924", 2000000000: "279037"} {
		step, ok := VerifyTOTP(secret, code, time.Unix(unix, 0), 0)
		if !ok || step != unix/30 {
			t.Errorf("t=%d: step %d, ok %v", unix, step, ok)
		}
	}
}

func TestVerifyTOTP(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" // fixed, so the table is deterministic
	now := time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)
	step := now.Unix() / 30
	code := func(offset int64) string {
		c, err := totp.GenerateCodeCustom(secret, time.Unix((step+offset)*30, 0),
			totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	wrong := func(c string) string { // a six-digit code that is not c
		return string(rune('0'+(c[0]-'0'+1)%10)) + c[1:]
	}
	short := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("0123456789"))

	tests := []struct {
		name     string
		secret   string
		code     string
		lastStep int64
		wantStep int64 // relative to step
		wantOK   bool
	}{
		{"OK", secret, code(0), 0, 0, true},
		{"OKPreviousStep", secret, code(-1), 0, -1, true},
		{"OKNextStep", secret, code(1), 0, 1, true},
		{"OKSpaces", secret, code(0)[:3] + " " + code(0)[3:], 0, 0, true},
		{"OKPaddedSpaces", secret, "  " + code(0) + "\t", 0, 0, true},
		{"OKAfterPreviousUse", secret, code(0), step - 1, 0, true},
		{"OKLowercaseSecret", strings.ToLower(secret), code(0), 0, 0, true},
		{"OKFormattedSecret", FormatSecret(secret), code(0), 0, 0, true},
		{"ErrReplay", secret, code(0), step, 0, false},
		{"ErrOlderThanLastUse", secret, code(-1), step, 0, false},
		{"ErrTwoStepsBack", secret, code(-2), 0, 0, false},
		{"ErrTwoStepsAhead", secret, code(2), 0, 0, false},
		{"ErrWrongCode", secret, wrong(code(0)), 0, 0, false},
		{"ErrFiveDigits", secret, code(0)[:5], 0, 0, false},
		{"ErrSevenDigits", secret, code(0) + "0", 0, 0, false},
		{"ErrLetters", secret, "12a456", 0, 0, false},
		{"ErrSign", secret, "+12345", 0, 0, false},
		{"ErrFullwidthDigits", secret, "１２３４５６", 0, 0, false},
		{"ErrEmpty", secret, "", 0, 0, false},
		{"ErrBadSecret", "not base32!", code(0), 0, 0, false},
		{"ErrEmptySecret", "", code(0), 0, 0, false},
		{"ErrShortSecret", short, code(0), 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := VerifyTOTP(tt.secret, tt.code, now, tt.lastStep)
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if ok && got != step+tt.wantStep {
				t.Fatalf("step = %d, want %d", got, step+tt.wantStep)
			}
			if !ok && got != 0 {
				t.Fatalf("refused with step %d", got)
			}
		})
	}

	t.Run("AcceptedOnce", func(t *testing.T) {
		first, ok := VerifyTOTP(secret, code(0), now, 0)
		if !ok {
			t.Fatal("first use refused")
		}
		if _, ok := VerifyTOTP(secret, code(0), now.Add(10*time.Second), first); ok {
			t.Fatal("same code accepted twice")
		}
		if _, ok := VerifyTOTP(secret, code(1), now.Add(30*time.Second), first); !ok {
			t.Fatal("next code refused")
		}
	})
}

func TestFormatSecret(t *testing.T) {
	tests := map[string]string{
		"":                                 "",
		"abc":                              "ABC",
		"JBSWY3DP":                         "JBSW Y3DP",
		"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP": "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP",
		"JBSW Y3DP E":                      "JBSW Y3DP E",
	}
	for in, want := range tests {
		if got := FormatSecret(in); got != want {
			t.Errorf("FormatSecret(%q) = %q, want %q", in, got, want)
		}
	}
}
