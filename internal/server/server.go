// Package server is the web interface of Survivor Voice: one Echo router, one
// route table, middleware for privacy and security, and a handler file per
// resource.
package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// Config is what the server needs beyond the store and the catalog.
type Config struct {
	PublicURL string // e.g. https://voice.example.org; empty: taken from the listen address
	ExitURL   string // the neutral page of the quick exit
	MaxBody   int64  // request body cap in bytes
	Argon2    privacy.Argon2Params
	Pepper    []byte // server secret for keyed hashes
	Keyring   *privacy.Keyring
	Logger    *slog.Logger
	Clock     model.Clock
	Metrics   prometheus.Registerer // nil: no metrics

	ReceiptArgon2 privacy.Argon2Params // cost of the receipts' slow hash
	DraftDays     int                  // how long a saved draft is kept (default 30)
	SurveyTTL     time.Duration        // how long respondent pages may use a survey's state unchecked; 0: check every time
	Limits        Limits
}

// Limits are the respondent rate limits (ARCHITECTURE.md §3.12): per client
// (a keyed hash of the address with a daily salt, in memory only) and global,
// which binds where addresses mean nothing (Tor).
type Limits struct {
	Submit, SubmitGlobal   privacy.Rate // survey and channel form posts
	Receipt, ReceiptGlobal privacy.Rate // receipt look-ups: guessing
}

// DefaultLimits suit one server; every figure can be changed in configuration.
var DefaultLimits = Limits{
	Submit:        privacy.Rate{Events: 120, Per: 10 * time.Minute},
	SubmitGlobal:  privacy.Rate{Events: 6000, Per: time.Minute},
	Receipt:       privacy.Rate{Events: 10, Per: 10 * time.Minute},
	ReceiptGlobal: privacy.Rate{Events: 300, Per: time.Minute},
}

// DefaultReceiptArgon2 is the cost of a receipt's slow hash. A receipt has
// 16 random digits (53 bits), far more than a password, and its lookup
// bucket leaves about 6·10^8 candidates per stored receipt even to someone
// holding the database and the pepper; each candidate costs this hash. So a
// lighter cost than DefaultArgon2 keeps guessing out of reach while
// submissions stay fast (about 2.5 ms on one core).
var DefaultReceiptArgon2 = privacy.Argon2Params{Memory: 4096, Time: 1, Threads: 1}

// slowHash runs a slow hash when a core is free: the work is CPU-bound, so
// queueing keeps throughput and bounds the hashes' memory under load.
func (s *Server) slowHash(fn func()) {
	s.hashSlots <- struct{}{}
	defer func() { <-s.hashSlots }()
	fn()
}

// Server holds the concrete dependencies of every handler.
type Server struct {
	cfg     Config
	store   *store.Store
	cat     *i18n.Catalog
	log     *slog.Logger
	clock   model.Clock
	assets  *assets
	tmpl    *templates
	metrics *metrics
	echo    *echo.Echo
	https   bool

	routeSet       map[string]bool // "METHOD pattern" of every route, for logs and metrics
	hashSlots      chan struct{}   // at most one slow hash per core at a time
	surveys        *surveyCache
	receipts       *privacy.ReceiptHasher
	submitLimiter  *privacy.Limiter
	receiptLimiter *privacy.Limiter
	masks          detectors // the masking detector and the moderators' terms
}

// New builds the server and its route table.
func New(st *store.Store, cat *i18n.Catalog, cfg Config) (*Server, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	t, err := parseTemplates(a)
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = model.SystemClock{}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.ExitURL == "" {
		cfg.ExitURL = DefaultExitURL
	}
	if cfg.DraftDays <= 0 {
		cfg.DraftDays = 30
	}
	if cfg.ReceiptArgon2 == (privacy.Argon2Params{}) {
		cfg.ReceiptArgon2 = DefaultReceiptArgon2
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	s := &Server{cfg: cfg, store: st, cat: cat, log: cfg.Logger, clock: cfg.Clock, assets: a, tmpl: t, surveys: newSurveyCache(),
		masks: detectors{ttl: 10 * time.Second}}
	s.hashSlots = make(chan struct{}, runtime.GOMAXPROCS(0))
	if s.receipts, err = privacy.NewReceiptHasher(cfg.Pepper, cfg.ReceiptArgon2); err != nil {
		return nil, err
	}
	now := cfg.Clock.Now
	s.submitLimiter = privacy.NewLimiter(privacy.LimiterConfig{PerClient: cfg.Limits.Submit, Global: cfg.Limits.SubmitGlobal}, now)
	s.receiptLimiter = privacy.NewLimiter(privacy.LimiterConfig{PerClient: cfg.Limits.Receipt, Global: cfg.Limits.ReceiptGlobal}, now)
	if u, err := url.Parse(cfg.PublicURL); err == nil && u.Scheme == "https" {
		s.https = true
	}
	if cfg.Metrics != nil {
		if s.metrics, err = newMetrics(cfg.Metrics, st); err != nil {
			return nil, err
		}
	}
	s.echo = s.routes()
	s.routeSet = map[string]bool{}
	for _, r := range s.echo.Routes() {
		s.routeSet[r.Method+" "+r.Path] = true
	}
	return s, nil
}

// NewLogger writes JSON lines without a time field: a line's time could date
// a respondent's visit (ARCHITECTURE.md §3.1).
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}}))
}

// DefaultExitURL is where the quick exit goes unless VOICE_EXIT_URL says
// otherwise: a busy, neutral site.
const DefaultExitURL = "https://www.wikipedia.org/"

// Handler is the HTTP handler of the whole platform.
func (s *Server) Handler() http.Handler { return s.echo }

// Routes lists every registered route as "METHOD path", for tests and docs.
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }

// NewHTTPServer wraps a handler with every timeout set.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(slog.DiscardHandler, slog.LevelError), // net/http logs can name client addresses
	}
}

// Serve runs srv on ln until ctx is done, then shuts down gracefully.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
