package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// receiptPage is the data of the receipt pages.
type receiptPage struct {
	Receipt       string // as typed, sent back in every form (no cookie holds it)
	Found         bool
	Submissions   []receiptItem
	Draft         *receiptDraft
	Confirm       *receiptItem // withdrawal waiting for confirmation
	Done          string       // message id of what just happened
	Threads       []threadView // channel threads (channel.go)
	Followup      *threadView  // a follow-up refused, kept to show again
	ConfirmThread string       // a thread whose withdrawal waits for confirmation
}

type receiptItem struct {
	ID, Survey, Day, Status, Consent string
}

type receiptDraft struct {
	Slug, Survey, Token, Expires string
}

// receiptForm is GET /{lang}/receipt.
func (s *Server) receiptForm(c echo.Context) error {
	if !s.cat.IsLang(c.Param("lang")) {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	return s.renderReceipt(c, http.StatusOK, &receiptPage{}, nil)
}

func (s *Server) renderReceipt(c echo.Context, code int, p *receiptPage, errs []*model.Error) error {
	pg := s.pageFor(c)
	pg.Title = "ReceiptTitle"
	pg.Errors = errs
	pg.Data = p
	return s.render(c, code, "receipt", pg)
}

// receipt is POST /{lang}/receipt: show a receipt's submissions, change
// consent, withdraw (after a confirmation), or continue a saved draft. A
// wrong receipt gets the same answer as an unknown one, and guessing is
// throttled per client and globally.
func (s *Server) receipt(c echo.Context) error {
	if !s.cat.IsLang(c.Param("lang")) {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	if err := s.checkRespondentLimits(c, s.receiptLimiter); err != nil {
		return err
	}
	ctx := c.Request().Context()
	p := &receiptPage{Receipt: c.FormValue("receipt")}
	r, err := privacy.ParseReceipt(p.Receipt)
	if err != nil {
		return s.renderReceipt(c, http.StatusUnprocessableEntity, p, []*model.Error{model.AsError(err)})
	}
	rec, err := s.findReceipt(c, r, true)
	if err != nil {
		return err
	}
	if rec == nil {
		return s.renderReceipt(c, http.StatusUnprocessableEntity, p, []*model.Error{model.Errorf(model.CodeUnprocessable, "ReceiptNotFound")})
	}
	p.Receipt, p.Found = r.Format(), true
	var refused []*model.Error
	switch c.FormValue("action") {
	case "followup":
		e, err := s.channelFollowup(c, rec, p)
		if err != nil {
			return err
		}
		if e != nil {
			refused = append(refused, e)
		}
	case "thread-consent":
		if err := s.store.SetThreadConsent(ctx, rec.ID, c.FormValue("thread"), c.FormValue("consent")); err != nil {
			return err
		}
		p.Done = "ReceiptConsentChanged"
	case "thread-withdraw":
		p.ConfirmThread = c.FormValue("thread")
	case "thread-withdraw-confirm":
		if err := s.store.WithdrawThread(ctx, rec.ID, c.FormValue("thread")); err != nil {
			return err
		}
		p.Done = "ChannelThreadWithdrawn"
	case "consent":
		if err := s.store.SetConsent(ctx, rec.ID, c.FormValue("response"), c.FormValue("consent")); err != nil {
			return err
		}
		p.Done = "ReceiptConsentChanged"
	case "withdraw":
		p.Confirm = &receiptItem{ID: c.FormValue("response")}
	case "withdraw-confirm":
		if err := s.store.Withdraw(ctx, rec.ID, c.FormValue("response")); err != nil {
			return err
		}
		p.Done = "ReceiptWithdrawn"
	}
	if err := s.fillReceipt(c, rec, r, p); err != nil {
		return err
	}
	if err := s.fillThreads(c, rec, p); err != nil {
		return err
	}
	if refused != nil {
		return s.renderReceipt(c, http.StatusUnprocessableEntity, p, refused)
	}
	return s.renderReceipt(c, http.StatusOK, p, nil)
}

// fillReceipt lists a receipt's submissions and its saved draft.
func (s *Server) fillReceipt(c echo.Context, rec *store.Receipt, r privacy.Receipt, p *receiptPage) error {
	ctx := c.Request().Context()
	lang := c.Param("lang")
	subs, err := s.store.ReceiptSubmissions(ctx, rec.ID)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		item := receiptItem{ID: sub.ID, Day: sub.SubmittedOn, Status: sub.Status, Consent: sub.Consent, Survey: sub.SurveySlug}
		if d, err := s.store.SurveyVersion(ctx, sub.SurveyID, sub.Version); err == nil {
			item.Survey = titleIn(d, lang, sub.Language)
		}
		p.Submissions = append(p.Submissions, item)
		if p.Confirm != nil && p.Confirm.ID == sub.ID {
			p.Confirm = &item
		}
	}
	if p.Confirm != nil && p.Confirm.Survey == "" {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	surveyID, sealed, err := s.store.SavedDraft(ctx, rec.ID)
	switch {
	case model.ErrorCode(err) == model.CodeNotFound:
		return nil
	case err != nil:
		return err
	}
	sv, err := s.store.SurveyByID(ctx, surveyID)
	if err != nil {
		return err
	}
	d, err := privacy.OpenDraft(s.cfg.Keyring, surveyID, sealed, store.Day(s.clock.Now()))
	if err != nil {
		return nil // expired or from an older key ring: nothing to continue
	}
	d.Receipt = string(r)
	token, err := privacy.SealDraft(s.cfg.Keyring, d)
	if err != nil {
		return model.Internal(err)
	}
	title := sv.Slug
	if sv.Published != nil {
		title = titleIn(sv.Published, lang, d.Lang)
	}
	p.Draft = &receiptDraft{Slug: sv.Slug, Survey: title, Token: token, Expires: d.Expires}
	return nil
}

// findReceipt returns the stored receipt for r, or nil. With equalize, an
// unknown receipt costs the same slow-hash work as a known one, so timing
// tells a guesser nothing.
func (s *Server) findReceipt(c echo.Context, r privacy.Receipt, equalize bool) (*store.Receipt, error) {
	recs, err := s.store.ReceiptsByLookup(c.Request().Context(), s.receipts.Lookup(r))
	if err != nil {
		return nil, err
	}
	var found *store.Receipt
	s.slowHash(func() {
		for i := range recs {
			if s.receipts.Verify(r, recs[i].Hash) {
				found = &recs[i]
				return
			}
		}
		if len(recs) == 0 && equalize {
			s.receipts.DummyVerify()
		}
	})
	return found, nil
}

// titleIn is a survey's title in lang, else in the language answered in.
func titleIn(d *model.Definition, lang, answered string) string {
	if t := d.Title.In(lang); t != "" {
		return t
	}
	return d.Title.In(answered)
}

// supportGroup is the support directory for one country.
type supportGroup struct {
	Country  string
	Contacts []store.SupportContact
}

// supportFor groups the support directory entries in a language by country.
// Like a survey's state, the directory is read at most every SurveyTTL.
func (s *Server) supportFor(c echo.Context, lang string) ([]supportGroup, error) {
	if g, ok := s.surveys.support(lang, s.cfg.SurveyTTL); ok {
		return g, nil
	}
	cs, err := s.store.SupportContacts(c.Request().Context(), lang)
	if err != nil {
		return nil, err
	}
	var out []supportGroup
	for _, ct := range cs {
		if len(out) == 0 || out[len(out)-1].Country != ct.Country {
			out = append(out, supportGroup{Country: ct.Country})
		}
		out[len(out)-1].Contacts = append(out[len(out)-1].Contacts, ct)
	}
	s.surveys.putSupport(lang, out)
	return out, nil
}
