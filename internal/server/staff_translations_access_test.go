package server

// accessTranslations declares who may use each translation, upload and
// support-directory route.
var accessTranslations = map[string][]string{
	"GET /staff/surveys/import":             {"admin"},
	"POST /staff/surveys/import":            {"admin"},
	"GET /staff/surveys/:slug/translations": {"admin"},
	"GET /staff/surveys/:slug/xliff":        {"admin"},
	"POST /staff/surveys/:slug/xliff":       {"admin"},
	"GET /staff/support":                    {"admin"},
	"POST /staff/support":                   {"admin"},
	"POST /staff/support/:id/delete":        {"admin"},
}
