package model

import "testing"

func TestRoleCan(t *testing.T) {
	cases := []struct {
		role Role
		a    Action
		want bool
	}{
		{RoleAdmin, ActionManageStaff, true},
		{RoleModerator, ActionManageStaff, false},
		{RoleCouncil, ActionReadAudit, true},
		{RoleCoChair, ActionReadAudit, false},
		{RoleCoChair, ActionModerate, false},
		{RoleModerator, ActionModerate, true},
		{RoleAdmin, ActionModerate, false}, // admins do not read submissions unless also moderators
		{RoleCoChair, ActionReadReports, true},
		{Role("root"), ActionDashboard, false},
	}
	for _, c := range cases {
		if got := c.role.Can(c.a); got != c.want {
			t.Errorf("%s.Can(%s) = %v, want %v", c.role, c.a, got, c.want)
		}
	}
	if !(Roles{RoleModerator, RoleAdmin}).Can(ActionManageStaff) {
		t.Error("a set of roles does not combine permissions")
	}
}

func TestParseRoles(t *testing.T) {
	rs, err := ParseRoles(" Moderator, admin,moderator ")
	if err != nil || rs.String() != "admin,moderator" {
		t.Fatalf("got %v, %v", rs, err)
	}
	for _, bad := range []string{"", ",", "root", "admin,root"} {
		if _, err := ParseRoles(bad); err == nil {
			t.Errorf("ParseRoles(%q) accepted", bad)
		}
	}
}

func TestSessionExpired(t *testing.T) {
	start := NewFixedClock(SystemClock{}.Now()).Now()
	s := Session{CreatedAt: start, LastSeenAt: start}
	if s.Expired(start.Add(SessionIdle - 1)) {
		t.Error("expired before the idle limit")
	}
	if !s.Expired(start.Add(SessionIdle)) {
		t.Error("alive at the idle limit")
	}
	s.LastSeenAt = start.Add(SessionAbsolute - 1)
	if !s.Expired(start.Add(SessionAbsolute)) {
		t.Error("alive at the absolute limit")
	}
}

func TestNormalizeEmail(t *testing.T) {
	if e, err := NormalizeEmail("  Ana.Silva@Example.ORG "); err != nil || e != "ana.silva@example.org" {
		t.Fatalf("got %q, %v", e, err)
	}
	for _, bad := range []string{"", "ana", "Ana <ana@example.org>", "a@b@c"} {
		if _, err := NormalizeEmail(bad); err == nil {
			t.Errorf("NormalizeEmail(%q) accepted", bad)
		}
	}
}
