package privacy

import (
	"crypto/rand"
	"encoding/hex"
)

// pseudonymLen is the length of a pseudonym in hex characters (80 bits).
const pseudonymLen = 20

// Pseudonym names a respondent to the council within one consultation:
// 20 hex characters of HMAC-SHA256(pepper, "pseudonym\x00" + consultationID +
// "\x00" + digits). The same receipt gives the same pseudonym throughout a
// consultation, so the council can see that several submissions come from
// one person; a different consultation gives an unrelated pseudonym, so
// nobody can join a person's submissions across consultations. Without the
// pepper a pseudonym cannot be traced back to its receipt.
func Pseudonym(pepper []byte, consultationID string, receipt Receipt) string {
	return hex.EncodeToString(hmacSum(pepper, "pseudonym\x00", consultationID, "\x00", string(receipt)))[:pseudonymLen]
}

// RandomPseudonym returns a pseudonym that links to nothing, for a
// respondent who finishes without keeping a receipt. It has the form of
// Pseudonym's, so the two cannot be told apart.
func RandomPseudonym() string {
	var b [pseudonymLen / 2]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	return hex.EncodeToString(b[:])
}
