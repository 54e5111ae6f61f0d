package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/survivorvoice/voice/internal/config"
	"github.com/survivorvoice/voice/internal/demo"
)

// cmdDemo fills a demo consultation with synthetic multilingual responses,
// so that a newcomer sees every screen with something on it.
func cmdDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	responses := fs.Int("responses", 300, "how many synthetic responses to store")
	seed := fs.Int64("seed", 1, "seed of the synthetic answers: the same seed gives the same answers")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: voice demo [--responses 300] [--seed 1]\n\n"+
			"Creates the consultation "+demo.ConsultationSlug+" with the survey "+demo.SurveySlug+" in seven languages\n"+
			"and stores synthetic responses to it. Use it on a demo database only, never next to real answers.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 || *responses < 0 || *responses > 100000 {
		fmt.Fprintln(stderr, "voice demo: --responses takes a number from 0 to 100000, and there are no arguments")
		fs.Usage()
		return errUsage
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	secrets, err := cfg.Secrets()
	if err != nil {
		return err
	}
	for _, f := range secrets.Generated {
		fmt.Fprintf(stdout, "Generated secret %s (mode 0600). Back it up apart from the database: without it, sealed data and receipts are lost.\n", f)
	}
	st, err := openStore(ctx, cfg, true, stdout)
	if err != nil {
		return err
	}
	defer st.Close()
	slug, err := demo.Fill(ctx, st, secrets.Keyring, *responses, *seed)
	switch {
	case errors.Is(err, demo.ErrExists):
		fmt.Fprintf(stdout, "Nothing was added: %v.\n", err)
	case err != nil:
		return err
	default:
		fmt.Fprintf(stdout, "Created the consultation %s with the survey %s in %d languages (%s)\n", demo.ConsultationSlug, slug,
			len(demo.Languages), strings.Join(demo.Languages, " "))
		fmt.Fprintf(stdout, "and %d synthetic responses (seed %d), and the channel %s with messages waiting for moderation, in the %s database.\n",
			*responses, *seed, demo.ChannelSlug, st.Dialect())
	}
	fmt.Fprintln(stdout, "\nStart the platform with `go run ./cmd/voice serve` if it is not running, then look at:")
	fmt.Fprintf(stdout, "  the survey, as a respondent sees it:  %s/en/s/%s\n", cfg.PublicURL, slug)
	fmt.Fprintf(stdout, "  in the other languages:               %s/{es,fr,pt,ar,ru,zh}/s/%s\n", cfg.PublicURL, slug)
	fmt.Fprintf(stdout, "  the feedback channel:                 %s/en/c/%s\n", cfg.PublicURL, demo.ChannelSlug)
	fmt.Fprintf(stdout, "  the staff pages (moderation queue):   %s/staff/\n", cfg.PublicURL)
	fmt.Fprintln(stdout, "No staff account yet? Create one with:")
	fmt.Fprintln(stdout, "  go run ./cmd/voice user create --email you@example.org --role admin,moderator,council --languages en,es,fr,pt,ar,ru,zh")
	return nil
}
