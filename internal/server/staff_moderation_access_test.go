package server

// accessModeration declares who may use each moderation route. Object-level
// rules (a moderator's languages, which states the council sees) are tested
// in staff_moderation_test.go.
var accessModeration = map[string][]string{
	"GET /staff/moderation":                   {"moderator"},
	"POST /staff/moderation/bulk":             {"moderator"},
	"GET /staff/moderation/items/:id":         {"moderator"},
	"POST /staff/moderation/items/:id":        {"moderator"},
	"POST /staff/moderation/items/:id/reply":  {"moderator"},
	"GET /staff/moderation/terms":             {"moderator"},
	"POST /staff/moderation/terms":            {"moderator"},
	"POST /staff/moderation/terms/:id/delete": {"moderator"},
	"GET /staff/safeguarding":                 {"admin"},
	"POST /staff/safeguarding/:id":            {"admin"},
	"GET /staff/feedback":                     {"council"},
	"POST /staff/admin/users/:id/languages":   {"admin"},
}
