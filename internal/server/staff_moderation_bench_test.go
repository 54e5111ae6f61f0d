package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// benchQueue is a server with a channel of n pending messages and a signed-in
// moderator of their language.
func benchQueue(b *testing.B, n int) (*harness, *client, string, func() string) {
	h := newHarness(b)
	ctx := context.Background()
	cn := &model.Consultation{Slug: "bench", Name: model.Text{"en": "Bench"}, StartsOn: "2026-01-01", Languages: []string{"en"}}
	if err := h.st.CreateConsultation(ctx, nil, cn); err != nil {
		b.Fatal(err)
	}
	ch := &model.Channel{ConsultationID: cn.ID, Slug: "bench", Title: model.Text{"en": "Bench"}, Languages: []string{"en"}, Open: true}
	if err := h.st.CreateChannel(ctx, nil, ch); err != nil {
		b.Fatal(err)
	}
	post := func() string {
		id := uuid.NewString()
		text := fmt.Sprintf("Message %s. The shelter in town helped; call +44 7700 900%03d or write to someone@example.org.", id[:8], len(id))
		sealed, err := h.srv.cfg.Keyring.Seal([]byte(text), messageAAD(id))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := h.st.PostMessage(ctx, &store.ChannelPost{ID: id, ChannelID: ch.ID, Pseudonym: "p", Language: "en", Consent: store.ConsentAggregate, Sealed: sealed}); err != nil {
			b.Fatal(err)
		}
		return id
	}
	for range n {
		post()
	}
	m := h.newStaff("bench-mod@example.org", model.RoleModerator)
	if err := h.st.SetModeratorLanguages(ctx, nil, m.user.ID, model.Languages{"en"}); err != nil {
		b.Fatal(err)
	}
	c := h.client()
	csrf := c.signIn(m)
	next := func() string {
		post()
		items, err := h.st.ModerationQueue(ctx, store.QueueQuery{Languages: model.Languages{"en"}, Limit: 1})
		if err != nil || len(items) != 1 {
			b.Fatal("no pending item", err)
		}
		return items[0].ID
	}
	return h, c, csrf, next
}

// BenchmarkModerationQueue renders the queue page with 300 pending items,
// each decrypted and scanned by the detectors.
func BenchmarkModerationQueue(b *testing.B) {
	_, c, _, _ := benchQueue(b, 300)
	var size int
	for b.Loop() {
		res, body := c.get("/staff/moderation")
		if res.StatusCode != http.StatusOK {
			b.Fatalf("queue: %d", res.StatusCode)
		}
		size = len(body)
	}
	b.ReportMetric(float64(size)/1024, "KiB/page")
}

// BenchmarkModerationApprove is one item as a moderator handles it: open
// the item page, approve it as masked.
func BenchmarkModerationApprove(b *testing.B) {
	_, c, csrf, next := benchQueue(b, 0)
	for b.Loop() {
		b.StopTimer()
		id := next()
		b.StartTimer()
		res, body := c.get("/staff/moderation/items/" + id)
		if res.StatusCode != http.StatusOK {
			b.Fatalf("item: %d", res.StatusCode)
		}
		form := url.Values{"csrf": {csrf}, "version": {match(b, reVersion, body)}, "action": {"approve"}}
		for _, m := range reMask.FindAllStringSubmatch(body, -1) {
			if m[2] != "" {
				form.Add("mask", m[1])
			}
		}
		if res, _ := c.post("/staff/moderation/items/"+id, form); res.StatusCode != http.StatusSeeOther {
			b.Fatalf("approve: %d", res.StatusCode)
		}
	}
}
