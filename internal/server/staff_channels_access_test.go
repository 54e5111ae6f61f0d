package server

// accessChannels declares who may use each feedback channel route.
var accessChannels = map[string][]string{
	"GET /:lang/c/:slug":               {"public"},
	"POST /:lang/c/:slug":              {"public"},
	"GET /staff/channels":              {"admin"},
	"POST /staff/channels":             {"admin"},
	"POST /staff/channels/:slug/open":  {"admin"},
	"POST /staff/channels/:slug/close": {"admin"},
}
