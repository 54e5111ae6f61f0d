package model

import "testing"

// Outcomes in the expected table: a next state written out as its stored
// value, or one of these.
const (
	modForbidden = "FORBIDDEN" // CodeForbidden, ModerationForbidden
	modRefused   = "REFUSED"   // CodeUnprocessable, ModerationRefused
)

// moderationRoleSets are the callers of the table below, in column order.
var moderationRoleSets = []struct {
	name  string
	roles Roles
}{
	{"admin", Roles{RoleAdmin}},
	{"moderator", Roles{RoleModerator}},
	{"council", Roles{RoleCouncil}},
	{"cochair", Roles{RoleCoChair}},
	{"none", nil},
	{"admin+moderator", Roles{RoleAdmin, RoleModerator}},
}

// moderationExpected is written out by hand from the moderation issue and
// ARCHITECTURE.md §2, independently of moderationTransitions: every state ×
// every action, one column per role set.
var moderationExpected = []struct {
	state, action                                      string
	admin, moderator, council, cochair, none, adminMod string
}{
	{"pending", "approve", modForbidden, "approved", modForbidden, modForbidden, modForbidden, "approved"},
	{"pending", "reject", modForbidden, "rejected", modForbidden, modForbidden, modForbidden, "rejected"},
	{"pending", "flag", modForbidden, "safeguarding", modForbidden, modForbidden, modForbidden, "safeguarding"},
	{"pending", "mask", modForbidden, "pending", modForbidden, modForbidden, modForbidden, "pending"},
	{"pending", "reply", modForbidden, "pending", modForbidden, modForbidden, modForbidden, "pending"},
	{"pending", "reopen", modRefused, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"pending", "resolve_safeguarding", modRefused, modForbidden, modForbidden, modForbidden, modForbidden, modRefused},

	{"approved", "approve", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"approved", "reject", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"approved", "flag", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"approved", "mask", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"approved", "reply", modForbidden, "approved", modForbidden, modForbidden, modForbidden, "approved"},
	{"approved", "reopen", modRefused, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"approved", "resolve_safeguarding", modRefused, modForbidden, modForbidden, modForbidden, modForbidden, modRefused},

	{"rejected", "approve", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"rejected", "reject", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"rejected", "flag", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"rejected", "mask", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"rejected", "reply", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"rejected", "reopen", "pending", "pending", modForbidden, modForbidden, modForbidden, "pending"},
	{"rejected", "resolve_safeguarding", modRefused, modForbidden, modForbidden, modForbidden, modForbidden, modRefused},

	{"safeguarding", "approve", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"safeguarding", "reject", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"safeguarding", "flag", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"safeguarding", "mask", modForbidden, modRefused, modForbidden, modForbidden, modForbidden, modRefused},
	{"safeguarding", "reply", modForbidden, "safeguarding", modForbidden, modForbidden, modForbidden, "safeguarding"},
	{"safeguarding", "reopen", "pending", modRefused, modForbidden, modForbidden, modForbidden, "pending"},
	{"safeguarding", "resolve_safeguarding", "pending", modForbidden, modForbidden, modForbidden, modForbidden, "pending"},
}

func TestModerationConstants(t *testing.T) {
	states := []string{"pending", "approved", "rejected", "safeguarding"}
	if len(ModerationStates) != len(states) {
		t.Fatalf("ModerationStates = %v, want %v", ModerationStates, states)
	}
	for i, s := range states {
		if string(ModerationStates[i]) != s {
			t.Errorf("ModerationStates[%d] = %q, want %q", i, ModerationStates[i], s)
		}
	}
	actions := []string{"approve", "reject", "flag", "mask", "reply", "reopen", "resolve_safeguarding"}
	if len(ModerationActions) != len(actions) {
		t.Fatalf("ModerationActions = %v, want %v", ModerationActions, actions)
	}
	for i, a := range actions {
		if string(ModerationActions[i]) != a {
			t.Errorf("ModerationActions[%d] = %q, want %q", i, ModerationActions[i], a)
		}
	}
}

func TestModerateTable(t *testing.T) {
	// The expected table covers every state × action exactly once.
	seen := map[[2]string]bool{}
	for _, row := range moderationExpected {
		k := [2]string{row.state, row.action}
		if seen[k] {
			t.Errorf("expected table repeats %v", k)
		}
		seen[k] = true
	}
	for _, s := range ModerationStates {
		for _, a := range ModerationActions {
			if !seen[[2]string{string(s), string(a)}] {
				t.Errorf("expected table misses (%s, %s)", s, a)
			}
		}
	}
	if len(moderationExpected) != 4*7 {
		t.Errorf("expected table has %d rows, want 28", len(moderationExpected))
	}

	for _, row := range moderationExpected {
		wants := []string{row.admin, row.moderator, row.council, row.cochair, row.none, row.adminMod}
		for i, rs := range moderationRoleSets {
			state := ModerationState(row.state)
			got, err := Moderate(state, ModerationAction(row.action), rs.roles, RejectSpam)
			var outcome string
			switch {
			case err == nil:
				outcome = string(got)
			case err.Code == CodeForbidden && err.Key == "ModerationForbidden":
				outcome = modForbidden
			case err.Code == CodeUnprocessable && err.Key == "ModerationRefused":
				outcome = modRefused
			default:
				outcome = err.Error()
			}
			if outcome != wants[i] {
				t.Errorf("Moderate(%s, %s, %s) = %s, want %s", row.state, row.action, rs.name, outcome, wants[i])
			}
			if err != nil && got != state {
				t.Errorf("Moderate(%s, %s, %s) failed but moved to %s", row.state, row.action, rs.name, got)
			}
		}
	}
}

func TestModerateRejectReason(t *testing.T) {
	mod := Roles{RoleModerator}
	for _, r := range []string{"spam", "abuse", "off_topic", "other"} {
		if !ValidRejectReason(RejectReason(r)) {
			t.Errorf("ValidRejectReason(%q) = false", r)
		}
		if got, err := Moderate(ModPending, ModReject, mod, RejectReason(r)); err != nil || got != ModRejected {
			t.Errorf("reject with %q: got %s, %v", r, got, err)
		}
	}
	for _, r := range []string{"", "Spam", "offtopic", "harassment"} {
		if ValidRejectReason(RejectReason(r)) {
			t.Errorf("ValidRejectReason(%q) = true", r)
		}
		got, err := Moderate(ModPending, ModReject, mod, RejectReason(r))
		if err == nil || err.Code != CodeUnprocessable || err.Key != "ModerationReasonRequired" || got != ModPending {
			t.Errorf("reject with %q: got %s, %v; want ModerationReasonRequired", r, got, err)
		}
	}
	// A missing reason does not hide a worse problem.
	if _, err := Moderate(ModPending, ModReject, Roles{RoleCouncil}, ""); err == nil || err.Key != "ModerationForbidden" {
		t.Errorf("council reject without reason: %v, want ModerationForbidden", err)
	}
	if _, err := Moderate(ModApproved, ModReject, mod, ""); err == nil || err.Key != "ModerationRefused" {
		t.Errorf("reject an approved item without reason: %v, want ModerationRefused", err)
	}
	// Other actions ignore the reason.
	if got, err := Moderate(ModPending, ModApprove, mod, ""); err != nil || got != ModApproved {
		t.Errorf("approve without reason: got %s, %v", got, err)
	}
}

func TestModerateUnknown(t *testing.T) {
	mod := Roles{RoleAdmin, RoleModerator}
	if _, err := Moderate(ModPending, ModerationAction("publish"), mod, ""); err == nil || err.Code != CodeForbidden {
		t.Errorf("unknown action: %v, want forbidden", err)
	}
	if _, err := Moderate(ModerationState("deleted"), ModApprove, mod, ""); err == nil || err.Key != "ModerationRefused" {
		t.Errorf("unknown state: %v, want refused", err)
	}
	if _, err := Moderate(ModPending, ModApprove, Roles{Role("root")}, ""); err == nil || err.Code != CodeForbidden {
		t.Errorf("unknown role: %v, want forbidden", err)
	}
}

func TestModerationVisibleTo(t *testing.T) {
	cases := []struct {
		state                                              string
		admin, moderator, council, cochair, none, adminMod bool
	}{
		{"pending", false, true, false, false, false, true},
		{"approved", false, true, true, false, false, true},
		{"rejected", false, true, false, false, false, true},
		{"safeguarding", true, true, false, false, false, true},
		{"deleted", false, false, false, false, false, false},
	}
	for _, c := range cases {
		wants := []bool{c.admin, c.moderator, c.council, c.cochair, c.none, c.adminMod}
		for i, rs := range moderationRoleSets {
			if got := ModerationState(c.state).VisibleTo(rs.roles); got != wants[i] {
				t.Errorf("%s.VisibleTo(%s) = %v, want %v", c.state, rs.name, got, wants[i])
			}
		}
	}
	// Roles combine: the council never sees a safeguarding item through the
	// council role, but an admin who also sits on the council does.
	if ModSafeguarding.VisibleTo(Roles{RoleCouncil, RoleCoChair}) {
		t.Error("council+cochair sees a safeguarding item")
	}
	if !ModSafeguarding.VisibleTo(Roles{RoleAdmin, RoleCouncil}) {
		t.Error("admin+council does not see a safeguarding item")
	}
	if !ModApproved.VisibleTo(Roles{RoleCoChair, RoleCouncil}) {
		t.Error("cochair+council does not see an approved item")
	}
}
