package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
	"github.com/survivorvoice/voice/internal/surveyfile"
)

// cmdSurvey does from the command line what the admin pages do with surveys.
func cmdSurvey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	fs := flag.NewFlagSet("survey "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	consultation := fs.String("consultation", "", "import: the consultation's short name (created if missing; default: the survey's)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "voice survey %s: one %s please\n", args[0], map[bool]string{true: "FILE", false: "SLUG"}[args[0] == "import"])
		return errUsage
	}
	_, st, err := openConfigured(ctx, getenv, io.Discard)
	if err != nil {
		return err
	}
	defer st.Close()
	arg := fs.Arg(0)
	switch args[0] {
	case "import":
		return surveyImport(ctx, st, arg, *consultation, stdout)
	case "export":
		sv, err := st.SurveyBySlug(ctx, arg)
		if err != nil {
			return surveyNotFound(err, arg)
		}
		return surveyfile.WriteJSON(stdout, sv.Draft)
	case "open":
		return surveyOpen(ctx, st, arg, stdout)
	case "close":
		sv, err := st.SurveyBySlug(ctx, arg)
		if err != nil {
			return surveyNotFound(err, arg)
		}
		if err := st.SetSurveyState(ctx, nil, sv.ID, model.SurveyClosed); err != nil {
			return fmt.Errorf("survey %s is %s: it cannot be closed", arg, sv.State)
		}
		fmt.Fprintf(stdout, "Closed %s: it takes no more answers.\n", arg)
		return nil
	default:
		fmt.Fprintf(stderr, "unknown survey command %q\n\n%s", args[0], usage)
		return errUsage
	}
}

func surveyNotFound(err error, slug string) error {
	if model.ErrorCode(err) == model.CodeNotFound {
		return fmt.Errorf("no survey %q", slug)
	}
	return err
}

// surveyImport reads a JSON, YAML or XLSForm file into a survey draft. A file
// with any problem changes nothing.
func surveyImport(ctx context.Context, st *store.Store, path, consultation string, stdout io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	d, err := surveyfile.Read(filepath.Base(path), data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if consultation == "" {
		consultation = d.Slug
	}
	c, err := st.ConsultationBySlug(ctx, consultation)
	if model.ErrorCode(err) == model.CodeNotFound {
		c = &model.Consultation{Slug: consultation, Name: d.Title, StartsOn: store.Day(st.Now()), Languages: d.Languages}
		err = st.CreateConsultation(ctx, nil, c)
	}
	if err != nil {
		return err
	}
	sv, err := st.SaveSurvey(ctx, nil, c.ID, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Imported %s (%d sections, %d questions, languages %s) into consultation %s; it is %s.\n",
		sv.Slug, len(d.Sections), len(d.Questions()), strings.Join(d.Languages, ", "), c.Slug, sv.State)
	if sv.State != model.SurveyDraft {
		fmt.Fprintf(stdout, "The change is in the draft: `voice survey open %s` publishes it as version %d.\n", sv.Slug, sv.Version+1)
	}
	return nil
}

// surveyOpen publishes the draft as a new version, if it is valid and
// complete in every language it offers, and opens the survey.
func surveyOpen(ctx context.Context, st *store.Store, slug string, stdout io.Writer) error {
	sv, err := st.SurveyBySlug(ctx, slug)
	if err != nil {
		return surveyNotFound(err, slug)
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	if ps := sv.Draft.PublishProblems(cat.IsLang); len(ps) > 0 {
		tr := cat.Translator(i18n.Default)
		var lines []string
		for _, p := range ps {
			lines = append(lines, "  "+p.Where+": "+tr.T(p.Key, p.Data))
		}
		return fmt.Errorf("survey %s cannot open yet:\n%s", slug, strings.Join(lines, "\n"))
	}
	v, err := st.Publish(ctx, nil, sv.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Opened %s, version %d, in %s.\n", slug, v, strings.Join(sv.Draft.Languages, ", "))
	return nil
}
