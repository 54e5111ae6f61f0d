package privacy

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/survivorvoice/voice/internal/model"
)

func TestHashPassword(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		enc, err := HashPassword(TestArgon2, "Correct horse battery staple 9")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(enc, "$argon2id$v=19$m=1024,t=1,p=1$") {
			t.Fatalf("encoded = %q", enc)
		}
		parts := strings.Split(enc, "$")
		salt, err := base64.RawStdEncoding.DecodeString(parts[4])
		if err != nil || len(salt) != 16 {
			t.Fatalf("salt %q: len %d, err %v", parts[4], len(salt), err)
		}
		key, err := base64.RawStdEncoding.DecodeString(parts[5])
		if err != nil || len(key) != 32 {
			t.Fatalf("hash %q: len %d, err %v", parts[5], len(key), err)
		}
		want := argon2.IDKey([]byte("Correct horse battery staple 9"), salt, 1, 1024, 1, 32)
		if string(key) != string(want) {
			t.Fatal("hash does not match argon2.IDKey over the encoded salt")
		}
	})
	t.Run("FreshSalt", func(t *testing.T) {
		a, _ := HashPassword(TestArgon2, "same password here")
		b, _ := HashPassword(TestArgon2, "same password here")
		if a == b {
			t.Fatal("two hashes of one password are equal")
		}
	})
	t.Run("ErrParams", func(t *testing.T) {
		for _, p := range []Argon2Params{
			{Memory: 0, Time: 1, Threads: 1},
			{Memory: 1024, Time: 0, Threads: 1},
			{Memory: 1024, Time: 1, Threads: 0},
			{Memory: 1 << 30, Time: 1, Threads: 1},
		} {
			if _, err := HashPassword(p, "whatever password"); err == nil {
				t.Errorf("%+v: no error", p)
			}
		}
	})
}

func TestVerifyPassword(t *testing.T) {
	enc, err := HashPassword(TestArgon2, "Correct horse battery staple 9")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		encoded  string
		password string
		want     bool
		wantErr  bool
	}{
		{"OK", enc, "Correct horse battery staple 9", true, false},
		{"WrongPassword", enc, "Correct horse battery staple 8", false, false},
		{"Empty", enc, "", false, false},
		{"ErrEmptyHash", "", "x", false, true},
		{"ErrBcrypt", "$2a$10$abcdefghijklmnopqrstuv", "x", false, true},
		{"ErrArgon2i", strings.Replace(enc, "argon2id", "argon2i", 1), "x", false, true},
		{"ErrVersion", strings.Replace(enc, "v=19", "v=16", 1), "x", false, true},
		{"ErrParams", strings.Replace(enc, "m=1024,t=1,p=1", "m=1024,t=1", 1), "x", false, true},
		{"ErrHugeMemory", strings.Replace(enc, "m=1024", "m=99999999", 1), "x", false, true},
		{"ErrLeadingZero", strings.Replace(enc, "t=1", "t=01", 1), "x", false, true},
		{"ErrThreadsOverflow", strings.Replace(enc, "p=1", "p=300", 1), "x", false, true},
		{"ErrSalt", strings.Replace(enc, "$argon2id$v=19$m=1024,t=1,p=1$", "$argon2id$v=19$m=1024,t=1,p=1$!!", 1), "x", false, true},
		{"ErrShortHash", enc[:strings.LastIndex(enc, "$")+1] + "AAAA", "x", false, true},
		{"ErrExtraField", enc + "$", "x", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := VerifyPassword(tt.encoded, tt.password)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			if err != nil && len(tt.encoded) > 40 && strings.Contains(err.Error(), tt.encoded[len(tt.encoded)-20:]) {
				t.Fatalf("error echoes the hash: %v", err)
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	enc, _ := HashPassword(TestArgon2, "Correct horse battery staple 9")
	if NeedsRehash(enc, TestArgon2) {
		t.Error("same params: needs rehash")
	}
	if !NeedsRehash(enc, DefaultArgon2) {
		t.Error("other params: no rehash")
	}
	if !NeedsRehash("garbage", TestArgon2) {
		t.Error("malformed: no rehash")
	}
}

func TestDummyVerify(t *testing.T) {
	DummyVerify(TestArgon2)
	DummyVerify(Argon2Params{}) // invalid params fall back to the default
}

func TestBreachedList(t *testing.T) {
	set := breachedSet()
	if len(set) < 9000 {
		t.Fatalf("breached list has %d entries", len(set))
	}
	for w := range set {
		if w != strings.ToLower(w) || strings.HasPrefix(w, "#") || strings.TrimSpace(w) != w {
			t.Fatalf("bad entry %q", w)
		}
	}
	for _, w := range []string{"123456", "password", "qwerty", "iloveyou", "monkey"} {
		if !isBreached(w) {
			t.Errorf("%q not on the list", w)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	email := []string{"maria.lopez@example.org", "maria.lopez"}
	tests := []struct {
		name     string
		password string
		context  []string
		wantKey  string // "" for accepted
	}{
		{"OK", "Correct horse battery staple 9", email, ""},
		{"OKRandom", "Xk9#mP2$vL7q", email, ""},
		{"OKWords", "violet tram umbrella", nil, ""},
		{"OKDigitsInside", "zebra 42 quantum lantern", nil, ""},
		{"OKExactly12", "tulpe-wander", nil, ""},
		{"OKShortContextIgnored", "bob says hello world", []string{"bob"}, ""},
		{"ErrTooShort", "abcdefghijk", nil, "PasswordTooShort"},
		{"ErrTooShortRunes", strings.Repeat("é", 11), nil, "PasswordTooShort"},
		{"ErrTooLong", strings.Repeat("Xk9#mP2$vL7q", 22), nil, "PasswordTooLong"},
		{"ErrTrailingDigits", "password1234", nil, "PasswordCommon"},
		{"ErrCase", "Password1234!", nil, "PasswordCommon"},
		{"ErrLeadingDigits", "1234567password", nil, "PasswordCommon"},
		{"ErrBothEnds", "!!monkey2024!!", nil, "PasswordCommon"},
		{"ErrSpaces", "I love you 2024", nil, "PasswordCommon"},
		{"ErrRepeatedEntry", "qwertyqwerty", nil, "PasswordCommon"},
		{"ErrRepeatedEntryDigits", "dragondragon7", nil, "PasswordCommon"},
		{"ErrRepeatedWords", "sunshine sunshine", nil, "PasswordCommon"},
		{"ErrRepeatedChar", "aaaaaaaaaaaa", nil, "PasswordCommon"},
		{"ErrRepeatedShortUnit", "abababababab", nil, "PasswordCommon"},
		{"ErrDigitSequence", "123456789012", nil, "PasswordCommon"},
		{"ErrDescending", "987654321098", nil, "PasswordCommon"},
		{"ErrAlphabet", "abcdefghijkl", nil, "PasswordCommon"},
		{"ErrKeyboardRuns", "zxcvbnmasdf93", nil, "PasswordCommon"},
		{"ErrKeyboardDigits", "qwerty123456789", nil, "PasswordCommon"},
		{"ErrZigzag", "1q2w3e4r5t6y7u", nil, "PasswordCommon"},
		{"ErrColumns", "zaq1xsw2cde3", nil, "PasswordCommon"},
		{"ErrCharRuns", "aaaabbbbcccc", nil, "PasswordCommon"},
		{"ErrContainsEmail", "Maria.Lopez@Example.org!", email, "PasswordContainsEmail"},
		{"ErrContainsLocalPart", "my name is MARIA.LOPEZ ok", email, "PasswordContainsEmail"},
		{"ErrContainsLocalPartNoSpaces", "x maria. lopez yz", email, "PasswordContainsEmail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPassword(tt.password, tt.context...)
			if tt.wantKey == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *model.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want domain error %s", err, tt.wantKey)
			}
			if e.Code != model.CodeUnprocessable || e.Key != tt.wantKey {
				t.Fatalf("err = %v, want %s: %s", err, model.CodeUnprocessable, tt.wantKey)
			}
		})
	}
}

func TestRepeatedUnit(t *testing.T) {
	tests := map[string]string{
		"":             "",
		"a":            "a",
		"aaaa":         "a",
		"abab":         "ab",
		"abcabcabc":    "abc",
		"abcab":        "abcab",
		"qwertyqwerty": "qwerty",
	}
	for in, want := range tests {
		if got := string(repeatedUnit([]rune(in))); got != want {
			t.Errorf("repeatedUnit(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	for _, s := range []string{"password1234", "Correct horse battery staple 9", "ü€𝄞", "qwerty🙂qwerty🙂", strings.Repeat("1q", 128)} {
		f.Add(s, "someone@example.org")
	}
	f.Fuzz(func(t *testing.T, password, context string) {
		err := CheckPassword(password, context)
		if err != nil && model.ErrorCode(err) != model.CodeUnprocessable {
			t.Fatalf("unexpected error %v", err)
		}
	})
}

func FuzzVerifyPassword(f *testing.F) {
	enc, _ := HashPassword(TestArgon2, "Correct horse battery staple 9")
	f.Add(enc)
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, encoded string) {
		p, _, _, err := decodeHash(encoded)
		if err != nil {
			return
		}
		if p.Memory > 1<<16 {
			return // valid but too slow to verify in a fuzz loop
		}
		if _, err := VerifyPassword(encoded, "x"); err != nil {
			t.Fatalf("decodes but does not verify: %v", err)
		}
	})
}
