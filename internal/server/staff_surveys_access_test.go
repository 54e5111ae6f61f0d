package server

// accessSurveys declares who may use each consultation and survey route.
var accessSurveys = map[string][]string{
	"GET /staff/surveys":                           {"admin"},
	"POST /staff/consultations":                    {"admin"},
	"POST /staff/surveys":                          {"admin"},
	"GET /staff/surveys/:slug":                     {"admin"},
	"GET /staff/surveys/:slug/preview/:lang":       {"admin"},
	"POST /staff/surveys/:slug/settings":           {"admin"},
	"POST /staff/surveys/:slug/texts":              {"admin"},
	"POST /staff/surveys/:slug/sections":           {"admin"},
	"POST /staff/surveys/:slug/sections/remove":    {"admin"},
	"POST /staff/surveys/:slug/sections/move":      {"admin"},
	"POST /staff/surveys/:slug/questions":          {"admin"},
	"POST /staff/surveys/:slug/questions/remove":   {"admin"},
	"POST /staff/surveys/:slug/questions/move":     {"admin"},
	"POST /staff/surveys/:slug/questions/settings": {"admin"},
	"POST /staff/surveys/:slug/choices":            {"admin"},
	"POST /staff/surveys/:slug/choices/remove":     {"admin"},
	"POST /staff/surveys/:slug/choices/move":       {"admin"},
	"POST /staff/surveys/:slug/conditions":         {"admin"},
	"POST /staff/surveys/:slug/conditions/remove":  {"admin"},
	"POST /staff/surveys/:slug/publish":            {"admin"},
	"POST /staff/surveys/:slug/close":              {"admin"},
	"POST /staff/surveys/:slug/reopen":             {"admin"},
	"POST /staff/surveys/:slug/archive":            {"admin"},
}
