package model

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
)

// Role is a staff role. A staff account may hold several.
type Role string

const (
	RoleAdmin     Role = "admin"
	RoleModerator Role = "moderator"
	RoleCouncil   Role = "council"
	RoleCoChair   Role = "cochair"
)

// AllRoles lists every role in display order.
var AllRoles = []Role{RoleAdmin, RoleModerator, RoleCouncil, RoleCoChair}

// Action is something a staff member may be allowed to do. Routes declare the
// action they need; object-level checks live with the objects.
type Action string

const (
	ActionDashboard     Action = "dashboard.view"  // the staff dashboard and own account
	ActionManageStaff   Action = "staff.manage"    // list, create, change and disable staff accounts
	ActionReadAudit     Action = "audit.read"      // the audit log
	ActionModerate      Action = "moderation.work" // the moderation queue
	ActionCode          Action = "council.code"    // codebook, coding, summary drafts
	ActionReadReports   Action = "reports.read"    // published summaries and aggregates
	ActionManageSurveys Action = "surveys.manage"  // consultations, surveys, translations, support directory
	ActionSafeguarding  Action = "safeguarding"    // the list of items flagged for safeguarding
)

// permissions is the one declared table of who may do what (ARCHITECTURE.md §1).
var permissions = map[Action][]Role{
	ActionDashboard:     {RoleAdmin, RoleModerator, RoleCouncil, RoleCoChair},
	ActionManageStaff:   {RoleAdmin},
	ActionReadAudit:     {RoleAdmin, RoleCouncil},
	ActionModerate:      {RoleModerator},
	ActionCode:          {RoleCouncil},
	ActionReadReports:   {RoleCouncil, RoleCoChair},
	ActionManageSurveys: {RoleAdmin},
	ActionSafeguarding:  {RoleAdmin},
}

// Can reports whether the role may perform the action.
func (r Role) Can(a Action) bool { return slices.Contains(permissions[a], r) }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// MessageKey is the go-i18n id of the role's display name.
func (r Role) MessageKey() string { return "Role_" + string(r) }

// Roles is the set of roles one account holds, stored as a comma-separated
// list in the database.
type Roles []Role

// Can reports whether any of the roles may perform the action.
func (rs Roles) Can(a Action) bool {
	return slices.ContainsFunc(rs, func(r Role) bool { return r.Can(a) })
}

// Has reports whether the set holds r.
func (rs Roles) Has(r Role) bool { return slices.Contains(rs, r) }

// ParseRoles reads "admin,moderator", refusing unknown or empty sets.
// The result is sorted in AllRoles order without duplicates.
func ParseRoles(s string) (Roles, error) {
	var rs Roles
	for _, part := range strings.Split(s, ",") {
		r := Role(strings.ToLower(strings.TrimSpace(part)))
		if r == "" {
			continue
		}
		if !r.Valid() {
			return nil, Errorf(CodeInvalid, "ErrorUnknownRole").WithData(map[string]any{"Role": string(r)})
		}
		rs = append(rs, r)
	}
	return NormalizeRoles(rs)
}

// NormalizeRoles sorts roles in AllRoles order, drops duplicates and refuses
// an empty or unknown set.
func NormalizeRoles(in []Role) (Roles, error) {
	var out Roles
	for _, r := range AllRoles {
		if slices.Contains(in, r) {
			out = append(out, r)
		}
	}
	for _, r := range in {
		if !r.Valid() {
			return nil, Errorf(CodeInvalid, "ErrorUnknownRole").WithData(map[string]any{"Role": string(r)})
		}
	}
	if len(out) == 0 {
		return nil, Errorf(CodeUnprocessable, "ErrorNoRole")
	}
	return out, nil
}

func (rs Roles) String() string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

// Value stores the roles as text.
func (rs Roles) Value() (driver.Value, error) { return rs.String(), nil }

// Scan reads the roles from text.
func (rs *Roles) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	case nil:
		*rs = nil
		return nil
	default:
		return fmt.Errorf("roles: cannot scan %T", src)
	}
	parsed, err := ParseRoles(s)
	if err != nil {
		return err
	}
	*rs = parsed
	return nil
}
