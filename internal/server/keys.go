package server

import (
	"context"
	"fmt"

	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// RotateKeys re-seals every sealed value under the key ring's active key: free
// text answers and channel messages, masked texts, the moderators' terms,
// staff TOTP secrets and saved drafts. It returns how many
// values it re-sealed; values already under the active key stay as they are.
func RotateKeys(ctx context.Context, st *store.Store, kr *privacy.Keyring) (int, error) {
	return st.ResealAll(ctx, func(s store.Sealed) (string, error) {
		if !kr.NeedsRotation(s.Value) {
			return s.Value, nil
		}
		var aad []byte
		switch s.Table {
		case "answers":
			aad = answerAAD(s.Keys[0], s.Keys[1])
		case "staff_users":
			aad = totpAAD(s.Keys[0])
		case "saved_drafts":
			aad = privacy.DraftAAD(s.Keys[1])
		case "channel_messages":
			aad = messageAAD(s.Keys[0])
		case "moderation_items":
			aad = store.MaskedAAD(s.Keys[0])
		case "mask_terms":
			aad = store.MaskTermAAD(s.Keys[0])
		default:
			return "", fmt.Errorf("no associated data for table %s", s.Table)
		}
		v, err := kr.Reseal(s.Value, aad)
		if err != nil {
			return "", fmt.Errorf("%s %v: %w", s.Table, s.Keys, err)
		}
		return v, nil
	})
}
