// Package bench measures the respondent path of the real server on
// PostgreSQL: whole submissions through HTTP beside the same database work
// issued straight to the store, page renders beside a static route, the
// weight of a survey page and the memory of the process under load. It is
// the logic of `voice bench`; the server runs in this process.
package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for the schema set-up

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/server"
	"github.com/survivorvoice/voice/internal/store"
)

// Options set a run.
type Options struct {
	DatabaseURL string        // postgres://…; a fresh schema is made in it and dropped at the end
	Duration    time.Duration // of each measurement (default 10s)
	Concurrency []int         // concurrent respondents (default 8, 64)
	Progress    io.Writer     // one line per measurement as it starts; nil: quiet
	// Labels tags the samples of a CPU profile with the measurement they
	// belong to (label "phase", also on the server's side of each request),
	// for go tool pprof -tagfocus=phase=submit-http-64.
	Labels bool
}

// Measure is one closed-loop measurement: Ops operations completed within
// the duration, at PerSec, with their latencies.
type Measure struct {
	Ops      int
	Errors   int
	PerSec   float64
	P50, P99 time.Duration
	CPU      time.Duration // of this process (server, client, driver) per operation; 0 where not measured
	FirstErr string
}

// SubmitRow compares whole submissions through HTTP with the same database
// work issued straight to the store, at one concurrency.
type SubmitRow struct {
	Concurrency int
	HTTP, DB    Measure
}

// Ratio is HTTP submissions per second over the database's.
func (r SubmitRow) Ratio() float64 { return ratio(r.HTTP.PerSec, r.DB.PerSec) }

// PageRow is one page's render rate.
type PageRow struct {
	Name string
	Measure
}

// WeightRow is the bytes of one survey page and the CSS it links.
type WeightRow struct {
	Name      string
	HTML, CSS int
}

// Total is what a first visit downloads for the page.
func (w WeightRow) Total() int { return w.HTML + w.CSS }

// Result is everything one run measured.
type Result struct {
	Postgres    string // server version
	GoVersion   string
	GOMAXPROCS  int
	NumCPU      int
	Load        [2]string // the machine's 1-minute load average before and after, where /proc/loadavg is
	Duration    time.Duration
	Questions   int // answered per submission
	Requests    int // HTTP requests per submission
	Warnings    []string
	Submissions []SubmitRow
	PageConc    int
	Pages       []PageRow // the static route first
	Weights     []WeightRow
	OtherAssets int // bytes of the other static files a page links (script, icon), not in Weights
	RSSIdle     int64
	RSSMax      int64 // bytes, sampled during the HTTP submissions at RSSConc
	RSSConc     int
}

// Targets of the platform on a small server (README, "Performance").
const (
	TargetSubmitRatio = 0.5   // HTTP submissions / straight-to-database, at the highest concurrency
	TargetPageRatio   = 0.5   // survey page renders / static route
	TargetPageBytes   = 30000 // HTML + CSS of a survey page
)

// ErrNotPostgres is returned for a database URL that is not PostgreSQL.
var ErrNotPostgres = errors.New("voice bench measures PostgreSQL only: give a postgres:// URL with --database, VOICE_BENCH_DATABASE_URL or VOICE_DATABASE_URL")

// Run sets up a fresh schema, a published survey and the real server on
// 127.0.0.1, measures, and removes the schema.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if !strings.HasPrefix(opts.DatabaseURL, "postgres://") && !strings.HasPrefix(opts.DatabaseURL, "postgresql://") {
		scheme, _, ok := strings.Cut(opts.DatabaseURL, ":")
		if !ok || opts.DatabaseURL == "" {
			scheme = "an empty or bare path"
		}
		return nil, fmt.Errorf("%w (got %s)", ErrNotPostgres, scheme)
	}
	if opts.Duration <= 0 {
		opts.Duration = 10 * time.Second
	}
	if len(opts.Concurrency) == 0 {
		opts.Concurrency = []int{8, 64}
	}
	for _, n := range opts.Concurrency {
		if n < 1 {
			return nil, fmt.Errorf("concurrency %d: want at least 1", n)
		}
	}
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	b := &bench{opts: opts, progress: progress,
		res: &Result{GoVersion: runtime.Version(), GOMAXPROCS: runtime.GOMAXPROCS(0), NumCPU: runtime.NumCPU(), Duration: opts.Duration}}
	b.res.Load[0] = loadAverage()
	defer func() { b.res.Load[1] = loadAverage() }()

	schemaURL, drop, err := newSchema(ctx, opts.DatabaseURL)
	if err != nil {
		return nil, err
	}
	defer drop()
	if err := b.setUp(ctx, schemaURL); err != nil {
		b.tearDown()
		return nil, err
	}
	defer b.tearDown()
	if err := b.measure(ctx); err != nil {
		return nil, err
	}
	return b.res, nil
}

// bench is one run's set-up.
type bench struct {
	opts     Options
	progress io.Writer
	res      *Result

	st      *store.Store
	sv      *store.Survey
	def     *model.Definition
	forms   []url.Values
	answers []store.StoredAnswer // for the straight-to-database submissions
	hash    string               // a receipt's slow hash, computed once

	base   string
	client *http.Client
	stop   func()
}

func (b *bench) setUp(ctx context.Context, schemaURL string) error {
	st, err := store.Open(ctx, schemaURL, store.Options{})
	if err != nil {
		return err
	}
	b.st = st
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	if err := st.CheckDurability(ctx); err != nil {
		b.res.Warnings = append(b.res.Warnings, err.Error()+" — the figures are not those of a production set-up")
	}
	var version string
	if err := st.SQLDB().QueryRowContext(ctx, "SHOW server_version").Scan(&version); err == nil {
		b.res.Postgres, _, _ = strings.Cut(version, " ")
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	b.def = Survey()
	if err := publishable(b.def, cat); err != nil {
		return err
	}
	if err := b.publish(ctx); err != nil {
		return err
	}
	b.forms = pageForms(b.def)
	b.res.Requests = 3 + len(b.def.Sections) // intro, start, each page, submit

	pepper := make([]byte, 32)
	rand.Read(pepper)
	keys, err := privacy.GenerateKeyring()
	if err != nil {
		return err
	}
	kr, err := privacy.ParseKeyring(keys)
	if err != nil {
		return err
	}
	// What the database path stores is prepared once: sealed text and a
	// receipt's slow hash, as the server computes them per submission.
	b.answers, err = storedAnswers(b.def, func(text, qid string) (string, error) {
		return kr.Seal([]byte(text), fmt.Appendf(nil, "answers.sealed\x00%s\x00%s", uuid.NewString(), qid))
	})
	if err != nil {
		return err
	}
	b.res.Questions = len(b.answers)
	rh, err := privacy.NewReceiptHasher(pepper, server.DefaultReceiptArgon2)
	if err != nil {
		return err
	}
	r, err := privacy.NewReceipt()
	if err != nil {
		return err
	}
	if b.hash, err = rh.Hash(r); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	b.base = "http://" + ln.Addr().String()
	unlimited := privacy.Rate{Events: 1 << 40, Per: time.Second}
	srv, err := server.New(st, cat, server.Config{
		PublicURL:     b.base,
		Argon2:        privacy.DefaultArgon2,
		ReceiptArgon2: server.DefaultReceiptArgon2,
		SurveyTTL:     time.Second, // as voice serve sets it
		Pepper:        pepper,
		Keyring:       kr,
		Logger:        server.NewLogger(io.Discard, slog.LevelInfo), // as in production: respondent requests are below info
		// Every request comes from 127.0.0.1: limits high enough never to bind.
		Limits: server.Limits{Submit: unlimited, SubmitGlobal: unlimited, Receipt: unlimited, ReceiptGlobal: unlimited},
	})
	if err != nil {
		ln.Close()
		return err
	}
	h := srv.Handler()
	if b.opts.Labels {
		h = labelled(h)
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		server.Serve(sctx, server.NewHTTPServer(h), ln)
	}()
	b.stop = func() { cancel(); <-done }

	most := slices.Max(b.opts.Concurrency)
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        most + 16,
		MaxIdleConnsPerHost: most + 16,
		IdleConnTimeout:     2 * time.Minute,
	}
	b.client = &http.Client{Transport: tr, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return nil
}

// phaseHeader carries a request's measurement to the server, with Labels.
const phaseHeader = "X-Bench-Phase"

// labelled runs each request under the profile label of its measurement.
func labelled(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pprof.Do(r.Context(), pprof.Labels("phase", r.Header.Get(phaseHeader)), func(ctx context.Context) {
			h.ServeHTTP(w, r.WithContext(ctx))
		})
	})
}

// publish opens the benchmark survey with a support directory, as an admin
// would.
func (b *bench) publish(ctx context.Context) error {
	c := &model.Consultation{Slug: "bench-consultation", Name: model.Text{"en": "Benchmark"}, StartsOn: "2026-01-01", Languages: b.def.Languages}
	if err := b.st.CreateConsultation(ctx, nil, c); err != nil {
		return err
	}
	sv, err := b.st.SaveSurvey(ctx, nil, c.ID, b.def)
	if err != nil {
		return err
	}
	if _, err := b.st.Publish(ctx, nil, sv.ID); err != nil {
		return err
	}
	for _, sc := range []store.SupportContact{
		{Country: "", Language: "en", Name: "Survivor support line", Contact: "+1 555 0100", Description: "Free, confidential, every day."},
		{Country: "GB", Language: "en", Name: "Legal advice centre", Contact: "https://legal.example.org", Description: "Free legal advice for survivors."},
	} {
		if err := b.st.AddSupportContact(ctx, nil, &sc); err != nil {
			return err
		}
	}
	b.sv, err = b.st.SurveyBySlug(ctx, Slug)
	return err
}

func (b *bench) tearDown() {
	if b.stop != nil {
		b.stop()
	}
	if b.client != nil {
		b.client.CloseIdleConnections()
	}
	if b.st != nil {
		b.st.Close()
	}
}

func (b *bench) measure(ctx context.Context) error {
	// One respondent first, so that a broken flow fails with its reason
	// instead of as a count of errors.
	if err := b.respondent(ctx); err != nil {
		return fmt.Errorf("a respondent could not finish the survey: %w", err)
	}
	if err := b.weigh(ctx); err != nil {
		return err
	}
	draft, err := b.sectionDraft(ctx)
	if err != nil {
		return err
	}
	runtime.GC()
	b.res.RSSIdle = rss()

	most := slices.Max(b.opts.Concurrency)
	for _, n := range b.opts.Concurrency {
		row := SubmitRow{Concurrency: n}
		fmt.Fprintf(b.progress, "submissions through HTTP, %d respondents…\n", n)
		var sampler *rssSampler
		if n == most && b.res.RSSConc == 0 {
			sampler = &rssSampler{}
			b.res.RSSConc = n
		}
		row.HTTP = b.load(ctx, fmt.Sprintf("submit-http-%d", n), n, b.respondent, sampler)
		if sampler != nil {
			b.res.RSSMax = sampler.max
		}
		fmt.Fprintf(b.progress, "submissions straight to PostgreSQL, %d at once…\n", n)
		row.DB = b.load(ctx, fmt.Sprintf("submit-db-%d", n), n, b.submitDirect, nil)
		b.res.Submissions = append(b.res.Submissions, row)
		if err := ctx.Err(); err != nil {
			return err
		}
	}

	b.res.PageConc = most
	path := "/en/s/" + Slug
	section := url.Values{"draft": {draft}, "nav": {""}}
	for _, p := range []struct {
		name, phase string
		op          func(context.Context) error
	}{
		{"GET /healthz (static route)", "page-static", func(ctx context.Context) error { return b.expect(ctx, http.MethodGet, "/healthz", nil, nil) }},
		{"GET " + path + " (introduction)", "page-intro", func(ctx context.Context) error { return b.expect(ctx, http.MethodGet, path, nil, nil) }},
		{"POST " + path + ` nav="" (section)`, "page-section", func(ctx context.Context) error { return b.expect(ctx, http.MethodPost, path, section, reDraft) }},
	} {
		fmt.Fprintf(b.progress, "renders of %s, %d at once…\n", p.name, most)
		b.res.Pages = append(b.res.Pages, PageRow{Name: p.name, Measure: b.load(ctx, p.phase, most, p.op, nil)})
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

var (
	reDraft   = regexp.MustCompile(`name="draft" value="([^"]+)"`)
	reReceipt = regexp.MustCompile(`<p class="receipt" dir="ltr">(\d{4} \d{4} \d{4} \d{4})</p>`)
	reCSS     = regexp.MustCompile(`<link rel="stylesheet" href="(/static/[^"]+\.css)"`)
	reAsset   = regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`)
)

// do sends one request and reads the whole answer.
func (b *bench) do(ctx context.Context, method, path string, form url.Values) (int, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, body)
	if err != nil {
		return 0, nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin") // as a browser sends it
	if phase, ok := pprof.Label(ctx, "phase"); ok {
		req.Header.Set(phaseHeader, phase)
	}
	res, err := b.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return res.StatusCode, out, err
}

// expect sends a request that must answer 200 and, with want, match it.
func (b *bench) expect(ctx context.Context, method, path string, form url.Values, want *regexp.Regexp) error {
	_, err := b.page(ctx, method, path, form, want)
	return err
}

// page is expect returning want's first group.
func (b *bench) page(ctx context.Context, method, path string, form url.Values, want *regexp.Regexp) (string, error) {
	code, body, err := b.do(ctx, method, path, form)
	if err != nil {
		return "", err
	}
	if code != http.StatusOK {
		return "", fmt.Errorf("%s %s: status %d", method, path, code)
	}
	if want == nil {
		return "", nil
	}
	m := want.FindSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("%s %s: no %s in the page", method, path, want)
	}
	return html.UnescapeString(string(m[1])), nil
}

// respondent answers the whole survey as a browser without JavaScript does:
// the introduction, consent, each page with its answers, then send with a
// receipt kept.
func (b *bench) respondent(ctx context.Context) error {
	path := "/en/s/" + Slug
	if err := b.expect(ctx, http.MethodGet, path, nil, nil); err != nil {
		return err
	}
	draft, err := b.page(ctx, http.MethodPost, path, url.Values{"consent": {store.ConsentAggregate}}, reDraft)
	if err != nil {
		return err
	}
	for _, answers := range b.forms {
		form := url.Values{"draft": {draft}, "nav": {"next"}}
		for k, v := range answers {
			form[k] = v
		}
		if draft, err = b.page(ctx, http.MethodPost, path, form, reDraft); err != nil {
			return err
		}
	}
	_, err = b.page(ctx, http.MethodPost, path, url.Values{"draft": {draft}, "nav": {"submit"}, "keep_receipt": {"yes"}}, reReceipt)
	return err
}

// sectionDraft starts a draft whose page is the first section.
func (b *bench) sectionDraft(ctx context.Context) (string, error) {
	return b.page(ctx, http.MethodPost, "/en/s/"+Slug, url.Values{"consent": {store.ConsentAggregate}}, reDraft)
}

// submitDirect is the database work of one submission, issued straight to
// the store: what the server's submit handler stores, with the text already
// sealed and the receipt already hashed.
func (b *bench) submitDirect(ctx context.Context) error {
	var lookup [3]byte
	rand.Read(lookup[:])
	sub := &store.Submission{ID: uuid.NewString(), SurveyID: b.sv.ID, Version: b.sv.Version,
		Receipt:   &store.NewReceipt{Lookup: hex.EncodeToString(lookup[:]), Hash: b.hash},
		Pseudonym: privacy.RandomPseudonym(), Language: "en", Consent: store.ConsentAggregate,
		Answers: slices.Clone(b.answers)}
	dup, err := b.st.Submit(ctx, sub)
	if err == nil && dup {
		err = errors.New("a fresh submission was taken for a duplicate")
	}
	return err
}

// weigh measures the HTML of the introduction and of a section page, and
// the CSS they link.
func (b *bench) weigh(ctx context.Context) error {
	path := "/en/s/" + Slug
	_, intro, err := b.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	_, section, err := b.do(ctx, http.MethodPost, path, url.Values{"consent": {store.ConsentAggregate}})
	if err != nil {
		return err
	}
	sizes := map[string]int{}
	get := func(p string) (int, error) {
		if n, ok := sizes[p]; ok {
			return n, nil
		}
		code, body, err := b.do(ctx, http.MethodGet, p, nil)
		if err != nil {
			return 0, err
		}
		if code != http.StatusOK {
			return 0, fmt.Errorf("GET %s: status %d", p, code)
		}
		sizes[p] = len(body)
		return len(body), nil
	}
	other := map[string]bool{}
	for _, pg := range []struct {
		name string
		body []byte
	}{{"introduction", intro}, {"section page", section}} {
		w := WeightRow{Name: pg.name, HTML: len(pg.body)}
		css := reCSS.FindAllSubmatch(pg.body, -1)
		if len(css) == 0 {
			return fmt.Errorf("the %s links no stylesheet", pg.name)
		}
		for _, m := range css {
			n, err := get(string(m[1]))
			if err != nil {
				return err
			}
			w.CSS += n
		}
		for _, m := range reAsset.FindAllSubmatch(pg.body, -1) {
			if p := string(m[1]); !strings.HasSuffix(p, ".css") && !other[p] {
				other[p] = true
				n, err := get(p)
				if err != nil {
					return err
				}
				b.res.OtherAssets += n
			}
		}
		b.res.Weights = append(b.res.Weights, w)
	}
	return nil
}

// load runs op from n workers in a closed loop: a warm-up, until every
// worker has finished one operation and at least a fifth of Duration (at
// most 2s) has passed, then Duration. The operations that end within
// Duration count, wherever they started, so that the figures are those of
// the steady state; sampler, if any, runs during Duration.
func (b *bench) load(ctx context.Context, phase string, n int, op func(context.Context) error, sampler *rssSampler) Measure {
	// Each measurement opens its own connections (so that, with Labels, the
	// client's connection goroutines carry its label).
	b.client.CloseIdleConnections()
	d := b.opts.Duration
	var (
		startNs, endNs atomic.Int64 // the window, once known
		warmed         sync.WaitGroup
		cpu0, cpu1     time.Duration
		window         sync.WaitGroup
	)
	warmed.Add(n)
	window.Go(func() {
		all := make(chan struct{})
		go func() { warmed.Wait(); close(all) }()
		minimum := time.After(min(d/5, 2*time.Second))
		limit := time.After(3 * d) // a worker stuck in its first operation does not hold the run
		select {
		case <-minimum:
		case <-ctx.Done():
		}
		select {
		case <-all:
		case <-limit:
		case <-ctx.Done():
		}
		now := time.Now()
		cpu0 = cpuTime()
		stop := func() {}
		if sampler != nil {
			stop = sampler.start(50 * time.Millisecond)
		}
		startNs.Store(now.UnixNano())
		endNs.Store(now.Add(d).UnixNano())
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
		cpu1 = cpuTime()
		stop()
	})
	lat := make([][]time.Duration, n)
	errs := make([]int, n)
	var (
		mu       sync.Mutex
		firstErr string
		wg       sync.WaitGroup
	)
	for w := range n {
		wg.Go(func() {
			work := func(ctx context.Context) {
				first := true
				for ctx.Err() == nil {
					if e := endNs.Load(); e != 0 && time.Now().UnixNano() >= e {
						break
					}
					t0 := time.Now()
					err := op(ctx)
					t1 := time.Now()
					if first {
						first = false
						warmed.Done()
					}
					if s, e := startNs.Load(), endNs.Load(); s == 0 || t1.UnixNano() < s || t1.UnixNano() > e {
						continue // in the warm-up, or after the end: not counted
					}
					if err != nil {
						errs[w]++
						mu.Lock()
						if firstErr == "" {
							firstErr = err.Error()
						}
						mu.Unlock()
						continue
					}
					lat[w] = append(lat[w], t1.Sub(t0))
				}
				if first {
					warmed.Done()
				}
			}
			if b.opts.Labels {
				pprof.Do(ctx, pprof.Labels("phase", phase), work)
			} else {
				work(ctx)
			}
		})
	}
	wg.Wait()
	window.Wait()
	var all []time.Duration
	m := Measure{FirstErr: firstErr}
	for w := range n {
		all = append(all, lat[w]...)
		m.Errors += errs[w]
	}
	slices.Sort(all)
	m.Ops = len(all)
	m.PerSec = float64(m.Ops) / d.Seconds()
	m.P50, m.P99 = percentile(all, 0.50), percentile(all, 0.99)
	if m.Ops > 0 && cpu0 > 0 {
		m.CPU = (cpu1 - cpu0) / time.Duration(m.Ops+m.Errors)
	}
	return m
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// rssSampler keeps the highest resident set size seen.
type rssSampler struct {
	max int64
}

func (s *rssSampler) start(every time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			s.max = max(s.max, rss())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// rss reads this process's resident set size (VmRSS) in bytes; 0 where
// /proc is not there.
func rss() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// loadAverage is the machine's 1-minute load average, or "".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// newSchema creates a schema bench_<random> on the server at base and
// returns a URL whose search_path is that schema, and a function that drops
// it.
func newSchema(ctx context.Context, base string) (string, func(), error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, errors.New("the database URL is not a valid URL")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	name := "bench_" + strings.ToLower(rand.Text())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema %s: %w", name, err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			fmt.Fprintf(os.Stderr, "voice bench: drop schema %s: %v\n", name, err)
		}
		admin.Close()
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// Print writes the result as a plain table.
func (r *Result) Print(w io.Writer) {
	var buf bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&buf, format, a...) }
	p("Survivor Voice benchmark: PostgreSQL %s, %s, GOMAXPROCS %d, %s per measurement\n", r.Postgres, r.GoVersion, r.GOMAXPROCS, r.Duration)
	p("One submission: %d HTTP requests (introduction, consent, %d pages, send with receipt), %d answers stored\n",
		r.Requests, r.Requests-3, r.Questions)
	if r.Load[0] != "" {
		p("Machine: %d CPUs, load average %s before, %s after (other work on the machine lowers every figure)\n", r.NumCPU, r.Load[0], r.Load[1])
	}
	for _, warn := range r.Warnings {
		p("WARNING: %s\n", warn)
	}
	p("\nSubmissions                  respondents   per second   p50        p99        CPU/op*    errors\n")
	for _, s := range r.Submissions {
		p("  through HTTP               %11d   %10.1f   %-9s  %-9s  %-9s  %d\n", s.Concurrency, s.HTTP.PerSec, ms(s.HTTP.P50), ms(s.HTTP.P99), ms(s.HTTP.CPU), s.HTTP.Errors)
		p("  straight to PostgreSQL     %11d   %10.1f   %-9s  %-9s  %-9s  %d\n", s.Concurrency, s.DB.PerSec, ms(s.DB.P50), ms(s.DB.P99), ms(s.DB.CPU), s.DB.Errors)
		p("  HTTP / database            %11d   %9.0f%%\n", s.Concurrency, 100*s.Ratio())
	}
	for _, s := range r.Submissions {
		for _, m := range []struct {
			name string
			m    Measure
		}{{"HTTP", s.HTTP}, {"database", s.DB}} {
			if m.m.Errors > 0 {
				p("  first error (%s, %d respondents): %s\n", m.name, s.Concurrency, m.m.FirstErr)
			}
		}
	}
	p("  * CPU/op: CPU time of this process (server, HTTP client, database driver) per operation; PostgreSQL's own is not counted\n")
	p("\nPage renders (%d at once)                         per second   p50        p99        CPU/op*    vs static\n", r.PageConc)
	var static float64
	for i, pg := range r.Pages {
		if i == 0 {
			static = pg.PerSec
		}
		p("  %-47s %10.1f   %-9s  %-9s  %-9s  %3.0f%%\n", pg.Name, pg.PerSec, ms(pg.P50), ms(pg.P99), ms(pg.CPU), 100*ratio(pg.PerSec, static))
	}
	for _, pg := range r.Pages {
		if pg.Errors > 0 {
			p("  %d errors in %s, the first: %s\n", pg.Errors, pg.Name, pg.FirstErr)
		}
	}
	p("\nSurvey page weight           HTML         CSS          HTML + CSS\n")
	for _, wt := range r.Weights {
		p("  %-26s %-12s %-12s %s\n", wt.Name, kb(wt.HTML), kb(wt.CSS), kb(wt.Total()))
	}
	p("  (also linked, not counted: %s of script and icon, cached for a year like the CSS)\n", kb(r.OtherAssets))
	p("\nMemory (whole process: server, client and pool)\n")
	p("  RSS idle after set-up      %s\n", mib(r.RSSIdle))
	p("  RSS max under load         %s  (sampled every 50 ms, %d respondents through HTTP)\n", mib(r.RSSMax), r.RSSConc)

	p("\nTargets\n")
	if n := len(r.Submissions); n > 0 {
		s := r.Submissions[n-1]
		for _, t := range r.Submissions {
			if t.Concurrency > s.Concurrency {
				s = t
			}
		}
		p("  %-62s %5.0f%%  %s\n", fmt.Sprintf("submissions at %d respondents >= %.0f%% of straight to PostgreSQL", s.Concurrency, 100*TargetSubmitRatio),
			100*s.Ratio(), verdict(s.Ratio() >= TargetSubmitRatio))
	}
	for _, pg := range r.Pages[min(1, len(r.Pages)):] {
		rt := ratio(pg.PerSec, static)
		p("  %-62s %5.0f%%  %s\n", fmt.Sprintf("%s >= %.0f%% of static", shortName(pg.Name), 100*TargetPageRatio), 100*rt, verdict(rt >= TargetPageRatio))
	}
	for _, wt := range r.Weights {
		p("  %-62s %6s  %s\n", fmt.Sprintf("%s < %d bytes (HTML + CSS)", wt.Name, TargetPageBytes), strconv.Itoa(wt.Total()), verdict(wt.Total() < TargetPageBytes))
	}
	w.Write(buf.Bytes())
}

func shortName(s string) string {
	if i := strings.LastIndex(s, "("); i >= 0 {
		return strings.TrimSuffix(s[i+1:], ")") + " page"
	}
	return s
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func ms(d time.Duration) string {
	if d > 0 && d < 100*time.Microsecond {
		return strconv.FormatFloat(float64(d.Nanoseconds())/1e6, 'f', 3, 64) + " ms"
	}
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
}

func kb(n int) string {
	return fmt.Sprintf("%d B", n)
}

func mib(n int64) string {
	if n == 0 {
		return "n/a"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}
