package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// Saved drafts stop being offered after their day and are purged, with the
// receipts left holding nothing.
func TestDraftExpiry(t *testing.T) {
	st, clock := newStore(t)
	ctx := context.Background()
	c := &model.Consultation{Slug: "c1", Name: model.Text{"en": "c"}, StartsOn: "2026-01-01", Languages: []string{"en"}}
	if err := st.CreateConsultation(ctx, nil, c); err != nil {
		t.Fatal(err)
	}
	en := func(s string) model.Text { return model.Text{"en": s} }
	sv, err := st.SaveSurvey(ctx, nil, c.ID, &model.Definition{Slug: "s1", Languages: []string{"en"}, Title: en("t"), Purpose: en("p"),
		Sections: []model.Section{{ID: "a", Title: en("a"), Questions: []model.Question{{ID: "q", Type: model.ShortText, Text: en("q")}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveDraft(ctx, &store.NewReceipt{Lookup: "abcdef", Hash: "h"}, sv.ID, "sealed", store.Day(clock.Now().Add(24*time.Hour))); err != nil {
		t.Fatal(err)
	}
	recs, _ := st.ReceiptsByLookup(ctx, "abcdef")
	if len(recs) != 1 {
		t.Fatalf("%d receipts", len(recs))
	}
	if _, sealed, err := st.SavedDraft(ctx, recs[0].ID); err != nil || sealed != "sealed" {
		t.Fatalf("draft before expiry: %v", err)
	}
	clock.Advance(48 * time.Hour)
	if _, _, err := st.SavedDraft(ctx, recs[0].ID); model.ErrorCode(err) != model.CodeNotFound {
		t.Fatalf("expired draft still offered: %v", err)
	}
	if n, err := st.PurgeExpiredDrafts(ctx); err != nil || n != 1 {
		t.Fatalf("purged %d, %v", n, err)
	}
	if recs, _ := st.ReceiptsByLookup(ctx, "abcdef"); len(recs) != 0 {
		t.Fatal("the receipt of a purged draft remains")
	}
}
