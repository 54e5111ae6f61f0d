package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/storetest"
)

func newStore(t *testing.T) (*store.Store, *model.FixedClock) { return storetest.OpenFixed(t) }

func TestLastAdminStays(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	a, _, err := st.CreateStaff(ctx, nil, "a@example.org", model.Roles{model.RoleAdmin}, "en")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ErrRemoveLastAdminRole", func(t *testing.T) {
		err := st.SetRoles(ctx, a, a.ID, model.Roles{model.RoleCouncil})
		if model.AsError(err).Key != "ErrorLastAdmin" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrDisableLastAdmin", func(t *testing.T) {
		err := st.SetDisabled(ctx, a, a.ID, true)
		if model.AsError(err).Key != "ErrorLastAdmin" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("OKWithSecondAdmin", func(t *testing.T) {
		if _, _, err := st.CreateStaff(ctx, a, "b@example.org", model.Roles{model.RoleAdmin}, "en"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetRoles(ctx, a, a.ID, model.Roles{model.RoleCouncil}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrNoRole", func(t *testing.T) {
		if err := st.SetRoles(ctx, a, a.ID, nil); model.ErrorCode(err) != model.CodeUnprocessable {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrUnknownID", func(t *testing.T) {
		if err := st.SetRoles(ctx, a, "not-a-uuid", model.Roles{model.RoleCouncil}); model.ErrorCode(err) != model.CodeNotFound {
			t.Fatalf("got %v", err)
		}
	})
}

// Two requests racing to use one sign-in link: exactly one sets the account up.
func TestSetupLinkWorksOnce(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	_, token, err := st.CreateStaff(ctx, nil, "a@example.org", model.Roles{model.RoleAdmin}, "en")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { errs[i] = st.CompleteSetup(ctx, token, "hash", "sealed", 100) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch model.ErrorCode(err) {
		case model.CodeNotFound:
		default:
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
		}
		if err == nil {
			ok++
		}
	}
	if ok != 1 {
		t.Fatalf("%d set-ups succeeded, want exactly 1", ok)
	}
}

// Two sign-ins racing with the same TOTP step: exactly one gets a session.
func TestTOTPStepAcceptedOnce(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	u, token, err := st.CreateStaff(ctx, nil, "a@example.org", model.Roles{model.RoleAdmin}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CompleteSetup(ctx, token, "hash", "sealed", 100); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Go(func() { ids[i], _ = st.CompleteSignIn(ctx, u, 101, "", "key") })
	}
	wg.Wait()
	n := 0
	for _, id := range ids {
		if id != "" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d sign-ins with one TOTP step, want 1", n)
	}
	if _, err := st.CompleteSignIn(ctx, u, 100, "", "key"); model.ErrorCode(err) != model.CodeUnprocessable {
		t.Fatalf("an older step was accepted: %v", err)
	}
}

func TestGlobalSignInThrottle(t *testing.T) {
	st, clock := newStore(t)
	ctx := context.Background()
	for i := range 100 {
		if err := st.RecordSignInFailure(ctx, "key-"+string(rune('a'+i%26))+string(rune('a'+i/26)), nil, "unknown_account"); err != nil {
			t.Fatal(err)
		}
	}
	wait, err := st.SignInWait(ctx, "a-fresh-key")
	if err != nil {
		t.Fatal(err)
	}
	if wait <= 0 || wait > time.Minute {
		t.Fatalf("after 100 failures in a minute, a fresh address waits %v", wait)
	}
	clock.Advance(time.Minute)
	if wait, _ := st.SignInWait(ctx, "a-fresh-key"); wait != 0 {
		t.Fatalf("after the window, still waits %v", wait)
	}
}

func TestSessionHashedAtRest(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	u, token, _ := st.CreateStaff(ctx, nil, "a@example.org", model.Roles{model.RoleAdmin}, "en")
	if err := st.CompleteSetup(ctx, token, "hash", "sealed", 1); err != nil {
		t.Fatal(err)
	}
	id, err := st.CompleteSignIn(ctx, u, 2, "", "k")
	if err != nil {
		t.Fatal(err)
	}
	if _, sess, err := st.SessionUser(ctx, id); err != nil || sess.IDHash == id || sess.IDHash != store.HashToken(id) {
		t.Fatalf("session not kept as a hash: %v", err)
	}
}
