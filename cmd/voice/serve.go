package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"github.com/survivorvoice/voice/internal/config"
	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/jobs"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/server"
	"github.com/survivorvoice/voice/internal/store"
)

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready func(string)) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	migrate := fs.Bool("migrate", true, "apply pending migrations before serving; with false, refuse to serve a schema that is behind")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: voice serve [--migrate=true|false]\n\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nEnvironment:")
		for _, v := range config.Vars() {
			fmt.Fprintf(stderr, "  %s\n      %s (default: %s)\n", v.Name, v.Help, v.Default)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := server.NewLogger(stderr, cfg.LogLevel)
	secrets, err := cfg.Secrets()
	if err != nil {
		return err
	}
	for _, f := range secrets.Generated {
		fmt.Fprintf(stdout, "Generated secret %s (mode 0600). Back it up apart from the database: without it, sealed data and receipts are lost.\n", f)
	}
	st, err := openStore(ctx, cfg, *migrate, stdout)
	if err != nil {
		return err
	}
	defer st.Close()
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	var reg *prometheus.Registry
	if cfg.MetricsAddr != "" {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	srvCfg := server.Config{PublicURL: cfg.PublicURL, ExitURL: cfg.ExitURL, MaxBody: cfg.MaxBody,
		Argon2: privacy.DefaultArgon2, Pepper: secrets.Pepper, Keyring: secrets.Keyring, Logger: log}
	if reg != nil {
		srvCfg.Metrics = reg
	}
	srvCfg.DraftDays = cfg.DraftDays
	srvCfg.SurveyTTL = time.Second // opening or closing a survey reaches respondents within a second
	srvCfg.Limits = server.DefaultLimits
	set := func(name string, dst *privacy.Rate) {
		if r, ok := cfg.Limits[name]; ok {
			*dst = r
		}
	}
	set("VOICE_LIMIT_SUBMIT", &srvCfg.Limits.Submit)
	set("VOICE_LIMIT_SUBMIT_GLOBAL", &srvCfg.Limits.SubmitGlobal)
	set("VOICE_LIMIT_RECEIPT", &srvCfg.Limits.Receipt)
	set("VOICE_LIMIT_RECEIPT_GLOBAL", &srvCfg.Limits.ReceiptGlobal)
	srv, err := server.New(st, cat, srvCfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return server.Serve(gctx, server.NewHTTPServer(srv.Handler()), ln) })
	if reg != nil {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
		g.Go(func() error { return server.Serve(gctx, server.NewHTTPServer(mux), mln) })
		fmt.Fprintf(stdout, "Metrics at http://%s/metrics\n", mln.Addr())
	}
	work := []jobs.Job{purgeDraftsJob(st, log)}
	if cfg.SMTPAddr != "" {
		mailer := &jobs.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword,
			Hello: helloName(cfg.PublicURL)}
		work = append(work, jobs.NewNotice(st, cat, mailer, cfg.PublicURL).Job(cfg.NoticeEvery))
	}
	g.Go(func() error { return jobs.Run(gctx, st, log, work...) })
	addr := ln.Addr().String()
	fmt.Fprintf(stdout, "Survivor Voice is running on %s (%s database) at %s/\n", addr, st.Dialect(), publicURL(cfg, addr))
	fmt.Fprintln(stdout, "Create the first staff account in another terminal with:")
	fmt.Fprintln(stdout, "  go run ./cmd/voice user create --email you@example.org --role admin")
	fmt.Fprintln(stdout, "Stop with Ctrl+C.")
	if ready != nil {
		ready(addr)
	}
	err = g.Wait()
	log.Info("stopped")
	return err
}

// publicURL is the configured public URL, or the real listen address when the
// configured port was 0.
func publicURL(cfg *config.Config, addr string) string {
	if _, port, _ := net.SplitHostPort(cfg.Addr); port == "0" && os.Getenv("VOICE_PUBLIC_URL") == "" {
		return "http://" + addr
	}
	return cfg.PublicURL
}

// openStore connects, refuses an unsafe PostgreSQL, and migrates or checks
// that the schema is current.
func openStore(ctx context.Context, cfg *config.Config, migrate bool, stdout io.Writer) (*store.Store, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return nil, err
	}
	if err := st.CheckDurability(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if migrate {
		n, err := st.Migrate(ctx)
		if err != nil {
			st.Close()
			return nil, err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "Applied %d database migration(s).\n", n)
		}
		return st, nil
	}
	cur, latest, err := st.SchemaVersion(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if cur < latest {
		st.Close()
		return nil, fmt.Errorf("the database schema is at version %d but this build needs %d: run `voice migrate` first", cur, latest)
	}
	return st, nil
}

// openConfigured loads the configuration and opens the store, migrated: the
// start of every command that works on the database.
func openConfigured(ctx context.Context, getenv func(string) string, stdout io.Writer) (*config.Config, *store.Store, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, nil, err
	}
	st, err := openStore(ctx, cfg, true, stdout)
	return cfg, st, err
}

func cmdMigrate(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	_, st, err := openConfigured(ctx, getenv, stdout)
	if err != nil {
		return err
	}
	defer st.Close()
	cur, _, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "The %s database schema is at version %d.\n", st.Dialect(), cur)
	return nil
}

func cmdHealthcheck(ctx context.Context, getenv func(string) string) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	_, port, _ := net.SplitHostPort(cfg.Addr)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+port+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %s", res.Status)
	}
	return nil
}

// purgeDraftsJob deletes expired saved drafts every hour, so that unsent
// answers do not outlive VOICE_DRAFT_DAYS.
func purgeDraftsJob(st *store.Store, log *slog.Logger) jobs.Job {
	return jobs.Job{Name: "purge_drafts", Every: time.Hour, Run: func(ctx context.Context) error {
		n, err := st.PurgeExpiredDrafts(ctx)
		if n > 0 {
			log.Info("purged expired drafts", "count", n)
		}
		return err
	}}
}

// helloName is the host of the public URL as SMTP's EHLO names a client:
// a domain, or an address literal ([192.0.2.1], [IPv6:2001:db8::1]).
func helloName(publicURL string) string {
	u, err := url.Parse(publicURL)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); ip != nil {
		if ip.To4() != nil {
			return "[" + ip.String() + "]"
		}
		return "[IPv6:" + ip.String() + "]"
	}
	return h
}
