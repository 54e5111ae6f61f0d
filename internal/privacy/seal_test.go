package privacy

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Fixed test keys: 32 bytes each, in standard base64.
var (
	testKey1 = base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))
	testKey2 = base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{2}, 32))
)

func mustKeyring(t *testing.T, s string) *Keyring {
	t.Helper()
	k, err := ParseKeyring(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestParseKeyring(t *testing.T) {
	short := base64.StdEncoding.EncodeToString(make([]byte, 16))
	tests := []struct {
		name    string
		in      string
		active  string
		keys    int
		wantErr string // substring of the error; "" for success
	}{
		{"OK", "k1:" + testKey1, "k1", 1, ""},
		{"OKTwo", "k2:" + testKey2 + ",k1:" + testKey1, "k2", 2, ""},
		{"OKSpaces", " k2:" + testKey2 + " , k1:" + testKey1 + " ", "k2", 2, ""},
		{"OKLongID", strings.Repeat("a", 32) + ":" + testKey1, strings.Repeat("a", 32), 1, ""},
		{"ErrEmpty", "", "", 0, "empty"},
		{"ErrNoColon", "k1" + testKey1, "", 0, "entry 1"},
		{"ErrUpperID", "K1:" + testKey1, "", 0, "id must be"},
		{"ErrLongID", strings.Repeat("a", 33) + ":" + testKey1, "", 0, "id must be"},
		{"ErrEmptyID", ":" + testKey1, "", 0, "id must be"},
		{"ErrDuplicate", "k1:" + testKey1 + ",k1:" + testKey2, "", 0, "twice"},
		{"ErrBase64", "k1:" + testKey1[:10] + "!" + testKey1[11:], "", 0, "base64"},
		{"ErrURLBase64", "k1:" + strings.NewReplacer("+", "-", "/", "_").Replace(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 32))), "", 0, "base64"},
		{"ErrShortKey", "k1:" + testKey1 + ",k2:" + short, "", 0, "entry 2 (id \"k2\"): key is 16 bytes"},
		{"ErrTrailingComma", "k1:" + testKey1 + ",", "", 0, "entry 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseKeyring(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				for _, secret := range []string{testKey1, testKey2, short, testKey1[:10]} {
					if strings.Contains(err.Error(), secret) {
						t.Fatalf("error shows key material: %v", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.Active() != tt.active || len(k.ids) != tt.keys {
				t.Fatalf("got %v", k)
			}
			if again := mustKeyring(t, k.Encode()); again.Encode() != k.Encode() {
				t.Fatal("Encode does not round-trip")
			}
		})
	}
}

func TestSealOpen(t *testing.T) {
	k := mustKeyring(t, "k2:"+testKey2+",k1:"+testKey1)
	aad := []byte("submission_answer/text/7f1c0a2e-5b7e-4a51-9d0e-3a8c6b1f2d44")
	plain := []byte("Free text, with ünïcödé and \x00 bytes.")

	sealed, err := k.Seal(plain, aad)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sealed, "k2:") || strings.ContainsAny(sealed[3:], "+/=") {
		t.Fatalf("sealed = %q, want k2: and base64url without padding", sealed)
	}

	t.Run("OK", func(t *testing.T) {
		got, err := k.Open(sealed, aad)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Open = %q, %v", got, err)
		}
	})
	t.Run("OKEmpty", func(t *testing.T) {
		s, err := k.Seal(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := k.Open(s, nil)
		if err != nil || len(got) != 0 {
			t.Fatalf("Open = %q, %v", got, err)
		}
	})
	t.Run("FreshNonce", func(t *testing.T) {
		again, _ := k.Seal(plain, aad)
		if again == sealed {
			t.Fatal("two seals of one value are equal")
		}
	})

	tampered := []byte(sealed)
	tampered[len(tampered)/2] ^= 1
	if tampered[len(tampered)/2] == ':' {
		tampered[len(tampered)/2+1] ^= 1
	}
	other := mustKeyring(t, "k2:"+testKey1) // same id, other key
	errTests := []struct {
		name   string
		ring   *Keyring
		sealed string
		aad    []byte
		want   error
	}{
		{"ErrWrongAAD", k, sealed, []byte("submission_answer/text/another-row"), ErrSealed},
		{"ErrNoAAD", k, sealed, nil, ErrSealed},
		{"ErrTampered", k, string(tampered), aad, ErrSealed},
		{"ErrTruncated", k, sealed[:len(sealed)-4], aad, ErrSealed},
		{"ErrShort", k, "k2:AAAA", aad, ErrSealed},
		{"ErrNoKeyID", k, sealed[3:], aad, ErrSealed},
		{"ErrBadBase64", k, "k2:" + sealed[3:10] + "+" + sealed[11:], aad, ErrSealed},
		{"ErrUnknownKeyID", k, "k9" + sealed[2:], aad, ErrUnknownKey},
		{"ErrSwappedKeyID", k, "k1" + sealed[2:], aad, ErrSealed},
		{"ErrOtherKeyring", other, sealed, aad, ErrSealed},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.ring.Open(tt.sealed, tt.aad)
			if !errors.Is(err, tt.want) || got != nil {
				t.Fatalf("Open = %q, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestRotation(t *testing.T) {
	old := mustKeyring(t, "k1:"+testKey1)
	aad := []byte("consultation/summary/42")
	sealed, err := old.Seal([]byte("before rotation"), aad)
	if err != nil {
		t.Fatal(err)
	}

	rotated, enc, err := old.WithNewActiveKey()
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Active() == "k1" || !strings.HasPrefix(rotated.Active(), "k") || len(rotated.Active()) != 9 {
		t.Fatalf("new active id = %q", rotated.Active())
	}
	if !strings.HasPrefix(enc, rotated.Active()+":") || !strings.HasSuffix(enc, ",k1:"+testKey1) {
		t.Fatalf("encoded = %s..., want new key first and k1 kept", enc[:12])
	}
	if mustKeyring(t, enc).Encode() != enc {
		t.Fatal("encoded form does not parse back")
	}
	if old.Active() != "k1" || len(old.ids) != 1 {
		t.Fatal("rotation changed the old keyring")
	}

	if !rotated.NeedsRotation(sealed) || old.NeedsRotation(sealed) {
		t.Fatal("NeedsRotation wrong")
	}
	if KeyID(sealed) != "k1" || KeyID("garbage") != "" || KeyID("UP:x") != "" {
		t.Fatal("KeyID wrong")
	}
	resealed, err := rotated.Reseal(sealed, aad)
	if err != nil {
		t.Fatal(err)
	}
	if KeyID(resealed) != rotated.Active() || rotated.NeedsRotation(resealed) {
		t.Fatalf("resealed with %q", KeyID(resealed))
	}
	got, err := rotated.Open(resealed, aad)
	if err != nil || string(got) != "before rotation" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := old.Open(resealed, aad); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("old ring opened a value sealed with the new key: %v", err)
	}
	if _, err := rotated.Reseal(sealed, []byte("wrong")); !errors.Is(err, ErrSealed) {
		t.Fatalf("Reseal with wrong aad: %v", err)
	}
}

func TestGenerateKeyring(t *testing.T) {
	a, err := GenerateKeyring()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := GenerateKeyring()
	if a == b {
		t.Fatal("two generated keyrings are equal")
	}
	k := mustKeyring(t, a)
	if len(k.ids) != 1 || len(k.Active()) != 9 || k.Active()[0] != 'k' {
		t.Fatalf("generated %v", k)
	}
	if _, err := k.Seal([]byte("x"), nil); err != nil {
		t.Fatal(err)
	}
}

func TestKeyringPrintsNoKeys(t *testing.T) {
	k := mustKeyring(t, "k2:"+testKey2+",k1:"+testKey1)
	want := "keyring(active=k2, keys=2)"
	if k.String() != want {
		t.Fatalf("String() = %q", k.String())
	}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("loaded", "keys", k, "value", *k)
	outputs := []string{
		fmt.Sprint(k), fmt.Sprint(*k),
		fmt.Sprintf("%v %+v %#v %s %q %x %X %d", k, k, k, k, k, k, k, k),
		fmt.Sprintf("%v %+v %#v %s %q %x %X %d", *k, *k, *k, *k, *k, *k, *k, *k),
		fmt.Sprintf("%v", []*Keyring{k}), fmt.Sprintf("%+v", struct{ K Keyring }{*k}),
		logged.String(),
	}
	raw1, raw2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	for _, out := range outputs {
		for _, leak := range []string{testKey1, testKey2, testKey1[:8], testKey2[:8], string(raw1), string(raw2),
			"[1 1 1 1", "[2 2 2 2", "0101010101", "0202020202", "\\x01\\x01", "\\x02\\x02"} {
			if strings.Contains(out, leak) {
				t.Fatalf("output %q shows key material %q", out, leak)
			}
		}
	}
	var zero Keyring
	if zero.String() != "keyring(active=, keys=0)" {
		t.Fatalf("zero String() = %q", zero.String())
	}
	if _, err := zero.Seal([]byte("x"), nil); err == nil {
		t.Fatal("zero keyring sealed")
	}
}

func FuzzOpen(f *testing.F) {
	k, _ := ParseKeyring("k1:" + testKey1)
	s, _ := k.Seal([]byte("hello"), []byte("aad"))
	f.Add(s)
	f.Add("k1:")
	f.Add(":::")
	f.Fuzz(func(t *testing.T, sealed string) {
		if got, err := k.Open(sealed, []byte("aad")); err == nil && string(got) != "hello" {
			t.Fatalf("forged value opened: %q", got)
		}
		_ = KeyID(sealed)
	})
}
