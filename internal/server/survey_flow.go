package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// reviewPage is the draft's page number of the review page.
const reviewPage = -1

// flow is one step of answering a survey.
type flow struct {
	s    *Server
	c    echo.Context
	sv   *store.Survey
	lang string
	def  *model.Definition // the version the draft answers
	d    *privacy.Draft
}

func (f *flow) today() string { return store.Day(f.s.clock.Now()) }

// start begins a draft after the introduction.
func (f *flow) start() error {
	consent := f.c.FormValue("consent")
	if !store.ValidConsent(consent) {
		consent = store.ConsentAggregate
	}
	r, err := privacy.NewReceipt()
	if err != nil {
		return model.Internal(err)
	}
	f.def = f.sv.Published
	f.d = &privacy.Draft{SubmissionID: privacy.NewSubmissionID(), SurveyID: f.sv.ID, Version: f.sv.Version, Lang: f.lang,
		Answers: model.Answers{}, Consent: consent, Receipt: string(r),
		Expires: store.Day(f.s.clock.Now().Add(time.Duration(f.s.cfg.DraftDays) * 24 * time.Hour))}
	f.d.Page = f.nextSection(-1)
	return f.render(http.StatusOK, nil, nil)
}

// open reads the draft from the form. The draft keeps the version it started
// on, so a new version published meanwhile does not change the questions.
func (f *flow) open() error {
	d, err := privacy.OpenDraft(f.s.cfg.Keyring, f.sv.ID, f.c.FormValue("draft"), f.today())
	if err != nil {
		return err
	}
	f.d = d
	f.def = f.sv.Published
	if d.Version != f.sv.Version {
		if f.def = f.s.surveys.version(f.sv.ID, d.Version); f.def == nil {
			if f.def, err = f.s.store.SurveyVersion(f.c.Request().Context(), f.sv.ID, d.Version); err != nil {
				return err
			}
			f.s.surveys.putVersion(f.sv.ID, d.Version, f.def)
		}
	}
	if d.Answers == nil {
		d.Answers = model.Answers{}
	}
	d.Lang = f.lang
	return nil
}

// step acts on the button pressed.
func (f *flow) step(nav string) error {
	switch {
	case nav == "next":
		shown := f.shownNow()
		errs, typed := f.collect(true)
		for id, e := range errs {
			if !shown[id] && e.Key == "AnswerMissing" { // it just appeared: show it, without blame
				delete(errs, id)
			}
		}
		if len(errs) > 0 {
			return f.render(http.StatusUnprocessableEntity, errs, typed)
		}
		if f.appeared() {
			return f.render(http.StatusOK, nil, nil)
		}
		f.d.Page = f.nextSection(f.d.Page)
	case nav == "back":
		_, _ = f.collect(false)
		f.d.Page = f.prevSection(f.d.Page)
	case strings.HasPrefix(nav, "lang:"):
		to := strings.TrimPrefix(nav, "lang:")
		if !slices.Contains(f.def.Languages, to) {
			return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
		}
		if to != f.lang {
			// Re-send the same form to the page in the other language: 307 keeps
			// the method and the body, so every answer comes along.
			return f.c.Redirect(http.StatusTemporaryRedirect, "/"+to+"/s/"+f.sv.Slug)
		}
		_, _ = f.collect(false)
	case strings.HasPrefix(nav, "goto:"):
		n, err := strconv.Atoi(strings.TrimPrefix(nav, "goto:"))
		if err != nil || !slices.Contains(f.def.VisibleSections(f.d.Answers), n) {
			return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
		}
		_, _ = f.collect(false)
		f.d.Page = n
	case nav == "save":
		_, _ = f.collect(false)
		return f.saveForLater()
	case nav == "submit":
		return f.submit()
	case nav != "":
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	return f.render(http.StatusOK, nil, nil)
}

// visibleQuestions of the current section, evaluated in order so that a
// condition on an earlier question of the same page counts.
func (f *flow) section() *model.Section {
	if f.d.Page < 0 || f.d.Page >= len(f.def.Sections) {
		return nil
	}
	return &f.def.Sections[f.d.Page]
}

// collect reads the current page's answers into the draft. strict also
// requires an answer to every shown question. It returns the refusals and
// what was typed for those questions, so nothing typed is lost.
func (f *flow) collect(strict bool) (map[string]*model.Error, map[string][]string) {
	sec := f.section()
	if sec == nil {
		return nil, nil
	}
	form := f.c.Request().Form
	errs := map[string]*model.Error{}
	typed := map[string][]string{}
	for i := range sec.Questions {
		q := &sec.Questions[i]
		if !q.Visible(f.d.Answers) || q.Type == model.Note {
			continue
		}
		raw := form["q."+q.ID]
		a, err := q.ParseAnswer(raw)
		switch {
		case err != nil:
			errs[q.ID], typed[q.ID] = err, raw
			if a.Text != "" {
				f.d.Answers[q.ID] = a // keep a long text, so that going back loses nothing
			}
			continue
		case strict && q.Missing(a) && q.Required:
			errs[q.ID] = model.Errorf(model.CodeUnprocessable, "AnswerRequired")
		case strict && q.Missing(a):
			errs[q.ID] = model.Errorf(model.CodeUnprocessable, "AnswerMissing")
		}
		if a.Empty() {
			delete(f.d.Answers, q.ID)
		} else {
			f.d.Answers[q.ID] = a
		}
	}
	f.d.Answers = f.def.Prune(f.d.Answers)
	if !strict {
		return nil, nil
	}
	return errs, typed
}

// shownNow are the questions of this page that were shown before this post.
func (f *flow) shownNow() map[string]bool {
	shown := map[string]bool{}
	if sec := f.section(); sec != nil {
		for i := range sec.Questions {
			if sec.Questions[i].Visible(f.d.Answers) {
				shown[sec.Questions[i].ID] = true
			}
		}
	}
	return shown
}

// appeared reports whether a question of this page became visible through
// an answer on the same page and still needs an answer.
func (f *flow) appeared() bool {
	sec := f.section()
	if sec == nil {
		return false
	}
	for i := range sec.Questions {
		q := &sec.Questions[i]
		if q.Visible(f.d.Answers) && q.Missing(f.d.Answers[q.ID]) {
			return true
		}
	}
	return false
}

func (f *flow) nextSection(from int) int {
	for _, i := range f.def.VisibleSections(f.d.Answers) {
		if i > from {
			return i
		}
	}
	return reviewPage
}

func (f *flow) prevSection(from int) int {
	vis := f.def.VisibleSections(f.d.Answers)
	if from == reviewPage {
		from = len(f.def.Sections)
	}
	prev := from
	for _, i := range vis {
		if i < from {
			prev = i
		}
	}
	if prev == from && len(vis) > 0 {
		return vis[0]
	}
	return prev
}

// render shows the current page: a section or the review.
func (f *flow) render(code int, errs map[string]*model.Error, typed map[string][]string) error {
	token, err := privacy.SealDraft(f.s.cfg.Keyring, f.d)
	if err != nil {
		return model.Internal(err)
	}
	p := f.s.surveyPageData(f.c, f.def, f.lang)
	p.Token = token
	vis := f.def.VisibleSections(f.d.Answers)
	p.Steps = len(vis)
	if f.d.Page == reviewPage {
		p.Review = f.review()
		return f.s.renderSurvey(f.c, code, "survey_review", p)
	}
	p.Step = slices.Index(vis, f.d.Page) + 1
	sec := f.section()
	sv := &sectionView{Title: sec.Title.In(f.lang), Warning: sec.Warning.In(f.lang)}
	for i := range sec.Questions {
		q := &sec.Questions[i]
		if q.Visible(f.d.Answers) {
			sv.Questions = append(sv.Questions, questionFor(q, f.lang, f.d.Answers[q.ID], typed[q.ID], errs[q.ID]))
			if errs[q.ID] != nil {
				sv.Invalid++
			}
		}
	}
	p.Section = sv
	pg := f.s.pageFor(f.c)
	pg.Title = "SurveyPageTitle"
	pg.InForm = true
	pg.Data = p
	return f.s.render(f.c, code, "survey_section", pg)
}

// review lists every shown question with its answer.
func (f *flow) review() []reviewItem {
	var items []reviewItem
	for _, i := range f.def.VisibleSections(f.d.Answers) {
		for j := range f.def.Sections[i].Questions {
			q := &f.def.Sections[i].Questions[j]
			if q.Type == model.Note || !q.Visible(f.d.Answers) {
				continue
			}
			a := f.d.Answers[q.ID]
			items = append(items, reviewItem{Section: i, Question: q.Text.In(f.lang), Answer: answerText(q, f.lang, a),
				Declined: a.Declined, Missing: q.Missing(a)})
		}
	}
	return items
}

// firstMissing returns the first section with a shown question unanswered.
func (f *flow) firstMissing() int {
	for _, item := range f.review() {
		if item.Missing {
			return item.Section
		}
	}
	return reviewPage
}

// submit stores the response in one transaction and shows the receipt once.
func (f *flow) submit() error {
	if page := f.firstMissing(); page != reviewPage {
		f.d.Page = page
		errs, typed := f.collect(true)
		_ = typed
		return f.render(http.StatusUnprocessableEntity, errs, nil)
	}
	keep := f.c.FormValue("keep_receipt") != "no"
	sub, err := f.submission(keep)
	if err == nil {
		_, err = f.s.store.Submit(f.c.Request().Context(), sub)
	}
	if model.ErrorCode(err) == model.CodeUnavailable {
		return f.unsent(err)
	}
	if err != nil {
		return err
	}
	p := f.s.surveyPageData(f.c, f.def, f.lang)
	if keep {
		p.Receipt = privacy.Receipt(f.d.Receipt).Format()
	}
	return f.s.renderSurvey(f.c, http.StatusOK, "survey_done", p)
}

// unsent shows the review page again, with the answers still in the form,
// when the database cannot take the submission.
func (f *flow) unsent(cause error) error {
	f.s.log.Warn("submission not stored", "error", cause)
	f.c.Response().Header().Set("Retry-After", "30")
	p := f.s.surveyPageData(f.c, f.def, f.lang)
	token, err := privacy.SealDraft(f.s.cfg.Keyring, f.d)
	if err != nil {
		return model.Internal(err)
	}
	p.Token, p.Review, p.Unsent = token, f.review(), true
	p.Steps = len(f.def.VisibleSections(f.d.Answers))
	pg := f.s.pageFor(f.c)
	pg.Title = "SurveyPageTitle"
	pg.InForm = true
	pg.Errors = []*model.Error{model.Errorf(model.CodeUnavailable, "SubmitUnavailable")}
	pg.Data = p
	return f.s.render(f.c, http.StatusServiceUnavailable, "survey_review", pg)
}

// submission builds what is stored: choices and numbers as text, free text
// sealed to its response and question, the receipt only as lookup key and
// slow hash.
func (f *flow) submission(keep bool) (*store.Submission, error) {
	sub := &store.Submission{ID: f.d.SubmissionID, SurveyID: f.sv.ID, Version: f.d.Version, Language: f.lang, Consent: f.d.Consent}
	answers, err := StoredAnswers(f.s.cfg.Keyring, f.def, sub.ID, f.d.Answers)
	if err != nil {
		return nil, model.Internal(err)
	}
	sub.Answers = answers
	if !keep {
		sub.Pseudonym = privacy.RandomPseudonym()
		return sub, nil
	}
	r := privacy.Receipt(f.d.Receipt)
	nr, err := f.s.newReceipt(f.c, r)
	if err != nil {
		return nil, err
	}
	sub.Receipt = nr
	sub.Pseudonym = privacy.Pseudonym(f.s.cfg.Pepper, f.sv.ConsultationID, r)
	return sub, nil
}

// answerAAD binds a sealed answer to its response and question.
func answerAAD(responseID, questionID string) []byte {
	return fmt.Appendf(nil, "answers.sealed\x00%s\x00%s", responseID, questionID)
}

// newReceipt is the receipt to store with a submission or a saved draft: the
// existing row when the respondent saved a draft under it, else a new one.
func (s *Server) newReceipt(c echo.Context, r privacy.Receipt) (*store.NewReceipt, error) {
	rec, err := s.findReceipt(c, r, false)
	if err != nil {
		return nil, err
	}
	if rec != nil {
		return &store.NewReceipt{ID: rec.ID}, nil
	}
	var hash string
	s.slowHash(func() { hash, err = s.receipts.Hash(r) })
	if err != nil {
		return nil, model.Internal(err)
	}
	return &store.NewReceipt{Lookup: s.receipts.Lookup(r), Hash: hash}, nil
}

// saveForLater keeps the draft under the receipt, so that it can be
// continued from the receipt page until it expires.
func (f *flow) saveForLater() error {
	r := privacy.Receipt(f.d.Receipt)
	stored := *f.d
	stored.Receipt = "" // the stored draft never holds the digits; they are typed back in
	sealed, err := privacy.SealDraft(f.s.cfg.Keyring, &stored)
	if err != nil {
		return model.Internal(err)
	}
	nr, err := f.s.newReceipt(f.c, r)
	if err != nil {
		return err
	}
	if err := f.s.store.SaveDraft(f.c.Request().Context(), nr, f.sv.ID, sealed, f.d.Expires); err != nil {
		return err
	}
	p := f.s.surveyPageData(f.c, f.def, f.lang)
	p.Receipt, p.Saved, p.Expires = r.Format(), true, f.d.Expires
	return f.s.renderSurvey(f.c, http.StatusOK, "survey_done", p)
}
