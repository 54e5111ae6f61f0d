package privacy

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
)

// Sealing errors. Neither says anything about the key or the plaintext.
var (
	ErrUnknownKey = errors.New("privacy: sealed with an unknown key id")
	ErrSealed     = errors.New("privacy: sealed value is malformed or has been tampered with")
)

const (
	dataKeyLen = 32 // AES-256
	nonceLen   = 12 // GCM standard nonce
	tagLen     = 16
	maxIDLen   = 32
)

// Keyring holds the data keys that seal free text at rest (ARCHITECTURE
// §3.8). The first key is active: it seals. Every key opens, so that values
// sealed before a rotation stay readable until they are re-sealed.
//
// A Keyring never changes after it is made; rotation returns a new one. It
// prints as "keyring(active=k1, keys=2)" with every verb, so a stray log line
// cannot leak key material.
type Keyring struct {
	ids  []string          // in order; ids[0] is active
	keys map[string][]byte // id -> 32-byte key
}

// ParseKeyring reads "id1:base64key,id2:base64key" (standard base64 of 32
// bytes, ids of 1 to 32 characters from [a-z0-9-]). The first entry is the
// active key. Errors name the entry and id but never show key material.
func ParseKeyring(s string) (*Keyring, error) {
	k := &Keyring{keys: make(map[string][]byte)}
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("privacy: keyring is empty")
	}
	for i, entry := range strings.Split(s, ",") {
		id, b64, ok := strings.Cut(strings.TrimSpace(entry), ":")
		if !ok {
			return nil, fmt.Errorf("privacy: keyring entry %d: want id:base64key", i+1)
		}
		if !validKeyID(id) {
			return nil, fmt.Errorf("privacy: keyring entry %d: id must be 1 to %d characters of a-z, 0-9 and -", i+1, maxIDLen)
		}
		if _, dup := k.keys[id]; dup {
			return nil, fmt.Errorf("privacy: keyring entry %d: id %q appears twice", i+1, id)
		}
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, fmt.Errorf("privacy: keyring entry %d (id %q): key is not standard base64", i+1, id)
		}
		if len(key) != dataKeyLen {
			return nil, fmt.Errorf("privacy: keyring entry %d (id %q): key is %d bytes, want %d", i+1, id, len(key), dataKeyLen)
		}
		k.ids = append(k.ids, id)
		k.keys[id] = key
	}
	return k, nil
}

func validKeyID(id string) bool {
	if len(id) < 1 || len(id) > maxIDLen {
		return false
	}
	for _, c := range id {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// GenerateKeyring returns the encoded form of a new keyring with one random
// key, for a first install.
func GenerateKeyring() (string, error) {
	_, enc, err := (&Keyring{}).WithNewActiveKey()
	return enc, err
}

// WithNewActiveKey returns a copy of k with a new random key in front, so it
// seals from now on, and every old key kept for opening; and its encoded
// form, to be stored where the old one was.
func (k *Keyring) WithNewActiveKey() (*Keyring, string, error) {
	key := make([]byte, dataKeyLen)
	if _, err := io.ReadFull(rand.Reader, key); err != nil {
		return nil, "", fmt.Errorf("privacy: read key: %w", err)
	}
	var id string
	for {
		var b [4]byte
		if _, err := io.ReadFull(rand.Reader, b[:]); err != nil {
			return nil, "", fmt.Errorf("privacy: read key id: %w", err)
		}
		id = "k" + hex.EncodeToString(b[:])
		if _, taken := k.keys[id]; !taken {
			break
		}
	}
	n := &Keyring{ids: append([]string{id}, k.ids...), keys: maps.Clone(k.keys)}
	if n.keys == nil {
		n.keys = make(map[string][]byte)
	}
	n.keys[id] = key
	return n, n.Encode(), nil
}

// Active returns the id of the key that seals; "" for a zero Keyring, which
// has no keys and cannot seal.
func (k Keyring) Active() string {
	if len(k.ids) == 0 {
		return ""
	}
	return k.ids[0]
}

// Encode returns the form ParseKeyring reads. It contains the keys: store it
// as a secret, never log it.
func (k *Keyring) Encode() string {
	var b strings.Builder
	for i, id := range k.ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(id)
		b.WriteByte(':')
		b.WriteString(base64.StdEncoding.EncodeToString(k.keys[id]))
	}
	return b.String()
}

// String describes the keyring without its keys. Active, String, GoString
// and Format have value receivers so that printing a Keyring value, not only
// a pointer, is safe too.
func (k Keyring) String() string {
	return fmt.Sprintf("keyring(active=%s, keys=%d)", k.Active(), len(k.ids))
}

// GoString keeps %#v from printing the fields.
func (k Keyring) GoString() string { return k.String() }

// Format prints String for every verb (%v, %+v, %x, ...).
func (k Keyring) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// Seal encrypts plaintext with the active key (AES-256-GCM, random nonce) and
// returns "<keyid>:" + base64url(nonce || ciphertext). The aad is not stored
// but must be given again to Open: pass what identifies the place the value
// lives (table, column, row id) so a sealed value cannot be moved to another
// row or column.
func (k *Keyring) Seal(plaintext, aad []byte) (string, error) {
	id := k.Active()
	if id == "" {
		return "", errors.New("privacy: keyring has no keys")
	}
	aead, err := newAEAD(k.keys[id])
	if err != nil {
		return "", err
	}
	out := make([]byte, nonceLen, nonceLen+len(plaintext)+tagLen)
	if _, err := io.ReadFull(rand.Reader, out); err != nil {
		return "", fmt.Errorf("privacy: read nonce: %w", err)
	}
	out = aead.Seal(out, out, plaintext, aad)
	return id + ":" + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts a value made by Seal with any key of the ring. It fails with
// ErrUnknownKey if the key id is not in the ring, and with ErrSealed if the
// value is malformed, was tampered with, or is opened with another aad.
func (k *Keyring) Open(sealed string, aad []byte) ([]byte, error) {
	id, body, ok := strings.Cut(sealed, ":")
	if !ok || !validKeyID(id) {
		return nil, ErrSealed
	}
	key, ok := k.keys[id]
	if !ok {
		return nil, ErrUnknownKey
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil || len(raw) < nonceLen+tagLen {
		return nil, ErrSealed
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, raw[:nonceLen], raw[nonceLen:], aad)
	if err != nil {
		return nil, ErrSealed
	}
	return plain, nil
}

// Reseal opens a value and seals it again with the active key; it is what
// "voice keys rotate" does to each sealed value that NeedsRotation.
func (k *Keyring) Reseal(sealed string, aad []byte) (string, error) {
	plain, err := k.Open(sealed, aad)
	if err != nil {
		return "", err
	}
	return k.Seal(plain, aad)
}

// KeyID returns the id of the key a value was sealed with, or "" if sealed
// does not look like a sealed value.
func KeyID(sealed string) string {
	id, _, ok := strings.Cut(sealed, ":")
	if !ok || !validKeyID(id) {
		return ""
	}
	return id
}

// NeedsRotation reports whether sealed was made with a key other than the
// active one.
func (k *Keyring) NeedsRotation(sealed string) bool {
	return KeyID(sealed) != k.Active()
}

// newAEAD is made per call: it costs well under a microsecond and leaves no
// question about sharing cipher state between goroutines.
func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("privacy: %w", err)
	}
	return cipher.NewGCM(block)
}
