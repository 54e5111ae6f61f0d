package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

func TestChannelThreads(t *testing.T) {
	st, clock := newStore(t)
	ctx := context.Background()
	c := &model.Consultation{Slug: "c1", Name: model.Text{"en": "c"}, StartsOn: "2026-01-01", Languages: []string{"en"}}
	if err := st.CreateConsultation(ctx, nil, c); err != nil {
		t.Fatal(err)
	}
	ch := &model.Channel{ConsultationID: c.ID, Slug: "talk", Title: model.Text{"en": "Talk"}, Languages: []string{"en"}}
	if err := st.CreateChannel(ctx, nil, ch); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateChannel(ctx, nil, &model.Channel{ConsultationID: c.ID, Slug: "talk", Languages: []string{"en"}}); model.ErrorCode(err) != model.CodeConflict {
		t.Fatalf("slug taken: %v", err)
	}
	if open, _ := st.Channels(ctx, true); len(open) != 0 {
		t.Fatal("a new channel is open")
	}
	if err := st.SetChannelOpen(ctx, nil, "talk", true); err != nil {
		t.Fatal(err)
	}
	if open, _ := st.Channels(ctx, true); len(open) != 1 || open[0].Title.In("en") != "Talk" {
		t.Fatalf("open channels: %+v", open)
	}

	first := &store.ChannelPost{ID: uuid.NewString(), ChannelID: ch.ID, Receipt: &store.NewReceipt{Lookup: "abcdef", Hash: "h"},
		Pseudonym: "p", Language: "en", Consent: store.ConsentQuote, Sealed: "s1"}
	if dup, err := st.PostMessage(ctx, first); err != nil || dup {
		t.Fatalf("post: %v %v", dup, err)
	}
	recs, _ := st.ReceiptsByLookup(ctx, "abcdef")
	if len(recs) != 1 {
		t.Fatalf("%d receipts", len(recs))
	}
	again := *first
	again.Receipt = &store.NewReceipt{ID: recs[0].ID}
	if dup, err := st.PostMessage(ctx, &again); err != nil || !dup {
		t.Fatalf("retry: duplicate=%v %v", dup, err)
	}
	// The next day: a reply and a follow-up, in the thread.
	clock.Advance(24 * time.Hour)
	reply := &store.ChannelPost{ID: uuid.NewString(), ThreadID: first.ID, Pseudonym: "m", Language: "en", Sealed: "s2", Author: model.AuthorModerator}
	follow := &store.ChannelPost{ID: uuid.NewString(), ThreadID: first.ID, Receipt: &store.NewReceipt{ID: recs[0].ID}, Language: "en", Sealed: "s3"}
	for _, p := range []*store.ChannelPost{reply, follow} {
		if _, err := st.PostMessage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	// Another receipt cannot add to this thread.
	other := &store.ChannelPost{ID: uuid.NewString(), ThreadID: first.ID, Receipt: &store.NewReceipt{Lookup: "bbbbbb", Hash: "h2"}, Language: "en", Sealed: "x"}
	if _, err := st.PostMessage(ctx, other); model.ErrorCode(err) != model.CodeNotFound {
		t.Fatalf("follow-up under another receipt: %v", err)
	}
	msgs, err := st.ThreadsOfReceipt(ctx, recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 {
		t.Fatalf("%d messages", len(msgs))
	}
	for i, want := range []string{"s1", "s2", "s3"} {
		m := msgs[i]
		if m.Sealed != want || m.ThreadID != first.ID || m.Seq != i+1 || m.ChannelID != ch.ID {
			t.Errorf("message %d: %+v", i, m)
		}
	}
	if msgs[0].SubmittedOn != "2026-05-01" || msgs[2].SubmittedOn != "2026-05-02" {
		t.Errorf("days: %s %s", msgs[0].SubmittedOn, msgs[2].SubmittedOn)
	}
	if !msgs[0].Mine || msgs[1].Mine || msgs[1].Author != model.AuthorModerator {
		t.Errorf("authors: %+v", msgs)
	}
}

// Purging expired drafts keeps a receipt that holds only channel messages:
// the writer must still reach their threads.
func TestPurgeKeepsChannelReceipts(t *testing.T) {
	st, clock := newStore(t)
	ctx := context.Background()
	c := &model.Consultation{Slug: "c1", Name: model.Text{"en": "c"}, StartsOn: "2026-01-01", Languages: []string{"en"}}
	if err := st.CreateConsultation(ctx, nil, c); err != nil {
		t.Fatal(err)
	}
	ch := &model.Channel{ConsultationID: c.ID, Slug: "talk", Title: model.Text{"en": "Talk"}, Languages: []string{"en"}}
	if err := st.CreateChannel(ctx, nil, ch); err != nil {
		t.Fatal(err)
	}
	post := &store.ChannelPost{ID: uuid.NewString(), ChannelID: ch.ID, Receipt: &store.NewReceipt{Lookup: "123abc", Hash: "h"},
		Pseudonym: "p", Language: "en", Consent: store.ConsentAggregate, Sealed: "s"}
	if _, err := st.PostMessage(ctx, post); err != nil {
		t.Fatal(err)
	}
	clock.Advance(90 * 24 * time.Hour)
	if _, err := st.PurgeExpiredDrafts(ctx); err != nil {
		t.Fatal(err)
	}
	recs, _ := st.ReceiptsByLookup(ctx, "123abc")
	if len(recs) != 1 {
		t.Fatal("the purge deleted a receipt that holds channel messages")
	}
	if msgs, err := st.ThreadsOfReceipt(ctx, recs[0].ID); err != nil || len(msgs) != 1 {
		t.Fatalf("threads after the purge: %d, %v", len(msgs), err)
	}
}
