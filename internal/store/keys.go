package store

import (
	"context"

	"gorm.io/gorm"
)

// Sealed is one sealed value and what identifies its row.
type Sealed struct {
	Table string // "answers", "staff_users", "saved_drafts", "channel_messages", "moderation_items" or "mask_terms"
	Keys  []string
	Value string
}

// ResealAll passes every sealed value to reseal and stores what it returns,
// one table at a time, each in one transaction. reseal returns the value
// unchanged when it is already under the active key.
func (s *Store) ResealAll(ctx context.Context, reseal func(Sealed) (string, error)) (int, error) {
	n := 0
	steps := []struct {
		table, query, update string
	}{
		{"answers", "SELECT response_id, question_id, sealed FROM answers WHERE sealed <> ''",
			"UPDATE answers SET sealed = ? WHERE response_id = ? AND question_id = ?"},
		{"staff_users", "SELECT id, '', totp_secret FROM staff_users WHERE totp_secret <> ''",
			"UPDATE staff_users SET totp_secret = ? WHERE id = ?"},
		{"saved_drafts", "SELECT receipt_id, survey_id, sealed FROM saved_drafts",
			"UPDATE saved_drafts SET sealed = ? WHERE receipt_id = ?"},
		{"channel_messages", "SELECT id, '', sealed FROM channel_messages WHERE sealed <> ''",
			"UPDATE channel_messages SET sealed = ? WHERE id = ?"},
		{"moderation_items", "SELECT id, '', masked FROM moderation_items WHERE masked <> ''",
			"UPDATE moderation_items SET masked = ? WHERE id = ?"},
		{"mask_terms", "SELECT id, '', sealed FROM mask_terms",
			"UPDATE mask_terms SET sealed = ? WHERE id = ?"},
	}
	for _, st := range steps {
		err := s.tx(ctx, func(tx *gorm.DB) error {
			rows, err := tx.Raw(st.query).Rows()
			if err != nil {
				return err
			}
			var todo []Sealed
			for rows.Next() {
				var a, b, v string
				if err := rows.Scan(&a, &b, &v); err != nil {
					rows.Close()
					return err
				}
				todo = append(todo, Sealed{Table: st.table, Keys: []string{a, b}, Value: v})
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, sv := range todo {
				nv, err := reseal(sv)
				if err != nil {
					return err
				}
				if nv == sv.Value {
					continue
				}
				args := []any{nv, sv.Keys[0]}
				if st.table == "answers" {
					args = append(args, sv.Keys[1])
				}
				if err := tx.Exec(st.update, args...).Error; err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
