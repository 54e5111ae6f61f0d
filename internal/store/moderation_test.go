package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// pendingItem posts a channel message and returns its moderation item.
func pendingItem(t *testing.T, st *store.Store, lang string) store.ModerationItem {
	t.Helper()
	ctx := context.Background()
	c := &model.Consultation{Slug: "c-" + uuid.NewString()[:8], Name: model.Text{"en": "c"}, StartsOn: "2026-01-01", Languages: []string{lang}}
	if err := st.CreateConsultation(ctx, nil, c); err != nil {
		t.Fatal(err)
	}
	ch := &model.Channel{ConsultationID: c.ID, Slug: "ch-" + uuid.NewString()[:8], Title: model.Text{lang: "T"}, Languages: []string{lang}}
	if err := st.CreateChannel(ctx, nil, ch); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PostMessage(ctx, &store.ChannelPost{ID: uuid.NewString(), ChannelID: ch.ID, Pseudonym: "p", Language: lang,
		Consent: store.ConsentAggregate, Sealed: "s"}); err != nil {
		t.Fatal(err)
	}
	items, err := st.ModerationQueue(ctx, store.QueueQuery{Languages: model.Languages{lang}})
	if err != nil || len(items) != 1 {
		t.Fatalf("queue: %d items, %v", len(items), err)
	}
	return items[0]
}

func moderatorOf(t *testing.T, st *store.Store, email string, langs ...string) *model.StaffUser {
	t.Helper()
	u, _, err := st.CreateStaff(context.Background(), nil, email, model.Roles{model.RoleModerator}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetModeratorLanguages(context.Background(), nil, u.ID, langs); err != nil {
		t.Fatal(err)
	}
	u.Languages = langs
	return u
}

// Two moderators act on one item at once, each from the version they saw:
// exactly one wins, the other is told it changed.
func TestModerateConcurrently(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	a, b := moderatorOf(t, st, "a@example.org", "en"), moderatorOf(t, st, "b@example.org", "en")
	for round := range 5 {
		it := pendingItem(t, st, "en")
		changes := []store.ItemChange{
			{Action: model.ModApprove, Masks: []model.MaskSpan{}, Masked: "sealed-masked"},
			{Action: model.ModReject, Reason: model.RejectSpam},
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, u := range []*model.StaffUser{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = st.Moderate(ctx, u, it.ID, it.Version, changes[i])
			}()
		}
		wg.Wait()
		won, changed := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case model.AsError(err).Key == "ModerationChanged":
				changed++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won != 1 || changed != 1 {
			t.Fatalf("round %d: %d won, %d told it changed", round, won, changed)
		}
		now, err := st.ModerationItemByID(ctx, it.ID)
		if err != nil || now.Version != it.Version+1 || (now.State != model.ModApproved && now.State != model.ModRejected) {
			t.Fatalf("round %d: after the race: %+v %v", round, now, err)
		}
		evs, _ := st.ItemHistory(ctx, it.ID)
		winner := a.Email
		if errs[0] != nil {
			winner = b.Email
		}
		for _, ev := range evs {
			if ev.ActorEmail != winner {
				t.Fatalf("round %d: the loser %s wrote %q to the audit log", round, ev.ActorEmail, ev.Action)
			}
		}
		if len(evs) == 0 {
			t.Fatalf("round %d: the winner's action is not in the audit log", round)
		}
	}
}

func TestModerateRules(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	it := pendingItem(t, st, "es")
	en := moderatorOf(t, st, "en@example.org", "en")
	if _, err := st.Moderate(ctx, en, it.ID, it.Version, store.ItemChange{Action: model.ModApprove, Masked: "m"}); model.AsError(err).Code != model.CodeNotFound {
		t.Fatalf("a moderator of another language: %v", err)
	}
	council, _, err := st.CreateStaff(ctx, nil, "c@example.org", model.Roles{model.RoleCouncil}, "en")
	if err != nil {
		t.Fatal(err)
	}
	council.Languages = model.Languages{"es"}
	if _, err := st.Moderate(ctx, council, it.ID, it.Version, store.ItemChange{Action: model.ModApprove, Masked: "m"}); model.AsError(err).Code != model.CodeNotFound {
		t.Fatalf("the council approving: %v", err)
	}
	es := moderatorOf(t, st, "es@example.org", "es")
	if _, err := st.Moderate(ctx, es, it.ID, it.Version, store.ItemChange{Action: model.ModApprove}); model.AsError(err).Code != model.CodeInvalid {
		t.Fatalf("approving without the masked text: %v", err)
	}
	if _, err := st.Moderate(ctx, es, it.ID, it.Version, store.ItemChange{Action: model.ModReject}); model.AsError(err).Key != "ModerationReasonRequired" {
		t.Fatalf("rejecting without a reason: %v", err)
	}
	done, err := st.Moderate(ctx, es, it.ID, it.Version, store.ItemChange{Action: model.ModFlag})
	if err != nil || done.State != model.ModSafeguarding {
		t.Fatalf("flag: %+v %v", done, err)
	}
	if _, err := st.Moderate(ctx, es, it.ID, done.Version, store.ItemChange{Action: model.ModApprove, Masked: "m"}); model.AsError(err).Key != "ModerationRefused" {
		t.Fatalf("approving a flagged item: %v", err)
	}
	admin, _, err := st.CreateStaff(ctx, nil, "adm@example.org", model.Roles{model.RoleAdmin}, "en")
	if err != nil {
		t.Fatal(err)
	}
	back, err := st.Moderate(ctx, admin, it.ID, done.Version, store.ItemChange{Action: model.ModResolveSafeguarding})
	if err != nil || back.State != model.ModPending {
		t.Fatalf("resolve: %+v %v", back, err)
	}
	if _, err := st.Moderate(ctx, admin, it.ID, back.Version, store.ItemChange{Action: model.ModApprove, Masked: "m"}); model.AsError(err).Code != model.CodeNotFound {
		t.Fatalf("an admin approving a pending item: %v", err)
	}
	counts, err := st.PendingByLanguage(ctx)
	if err != nil || counts["es"] != 1 || len(counts) != 1 {
		t.Fatalf("pending counts: %v %v", counts, err)
	}
}
