package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/server"
)

func cmdUserCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the staff member's email address")
	role := fs.String("role", "", "roles, comma-separated: admin, moderator, council, cochair")
	lang := fs.String("language", i18n.Default, "language of the staff pages: en, es, fr, pt, ar, ru, zh")
	modLangs := fs.String("languages", "", "for moderators: the languages of the items they moderate, comma-separated (default: --language)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *email == "" || *role == "" {
		fmt.Fprintln(stderr, "voice user create: --email and --role are required")
		fs.Usage()
		return errUsage
	}
	roles, err := model.ParseRoles(*role)
	if err != nil {
		return fmt.Errorf("--role %q: use admin, moderator, council or cochair", *role)
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	if !cat.IsLang(*lang) {
		return fmt.Errorf("--language %q: use en, es, fr, pt, ar, ru or zh", *lang)
	}
	var langs model.Languages
	if roles.Has(model.RoleModerator) {
		if *modLangs == "" {
			*modLangs = *lang
		}
		if langs, err = model.ParseLanguages(*modLangs, cat.IsLang); err != nil {
			return fmt.Errorf("--languages %q: use codes among en, es, fr, pt, ar, ru and zh", *modLangs)
		}
	}
	cfg, st, err := openConfigured(ctx, getenv, stdout)
	if err != nil {
		return err
	}
	defer st.Close()
	u, token, err := st.CreateStaff(ctx, nil, *email, roles, *lang)
	if err != nil {
		if model.ErrorCode(err) == model.CodeConflict {
			return fmt.Errorf("a staff account for %s already exists; an admin can issue a new sign-in link on its page", *email)
		}
		if model.ErrorCode(err) == model.CodeUnprocessable {
			return fmt.Errorf("--email %q is not a valid address", *email)
		}
		return err
	}
	if len(langs) > 0 {
		if err := st.SetModeratorLanguages(ctx, nil, u.ID, langs); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Created %s (%s; moderates %s).\n", u.Email, u.Roles, langs)
	} else {
		fmt.Fprintf(stdout, "Created %s (%s).\n", u.Email, u.Roles)
	}
	fmt.Fprintf(stdout, "One-time sign-in link, valid for 24 hours (set a password and an authenticator app there):\n\n  %s\n\n",
		server.SetupURL(cfg.PublicURL, token))
	return nil
}
