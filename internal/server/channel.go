package server

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/store"
)

// channelPage is the data of the channel pages.
type channelPage struct {
	Slug, Title, Description string
	Token                    string // sealed: a fresh submission id and the receipt digits
	Text                     string // kept on an error
	Consent                  string
	Keep                     bool
	Max                      int
	Receipt                  string // shown once, after posting
	ReceiptNote              string // extra advice on the receipt card
	Unsent                   bool
}

// openChannel finds an open channel offered in the path's language.
func (s *Server) openChannel(c echo.Context) (*model.Channel, error) {
	lang := c.Param("lang")
	if !s.cat.IsLang(lang) {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	ch, err := s.store.ChannelBySlug(c.Request().Context(), c.Param("slug"))
	if model.ErrorCode(err) == model.CodeNotFound || (err == nil && (!ch.Open || !slices.Contains(ch.Languages, lang))) {
		return nil, model.Errorf(model.CodeNotFound, "ChannelNotOpen")
	}
	return ch, err
}

// channelToken seals a fresh submission id and receipt for one form.
func (s *Server) channelToken(scope, lang string) (string, error) {
	r, err := privacy.NewReceipt()
	if err != nil {
		return "", model.Internal(err)
	}
	d := &privacy.Draft{SubmissionID: privacy.NewSubmissionID(), SurveyID: scope, Lang: lang, Receipt: string(r),
		Consent: store.ConsentAggregate, Expires: store.Day(s.clock.Now().Add(time.Duration(s.cfg.DraftDays) * 24 * time.Hour))}
	token, err := privacy.SealDraft(s.cfg.Keyring, d)
	if err != nil {
		return "", model.Internal(err)
	}
	return token, nil
}

// channelForm is GET /{lang}/c/{slug}: the message form.
func (s *Server) channelForm(c echo.Context) error {
	ch, err := s.openChannel(c)
	if err != nil {
		return err
	}
	token, err := s.channelToken(ch.ID, c.Param("lang"))
	if err != nil {
		return err
	}
	p := s.channelPageData(ch, c.Param("lang"))
	p.Token = token
	return s.renderChannel(c, http.StatusOK, "channel", p, nil)
}

func (s *Server) channelPageData(ch *model.Channel, lang string) *channelPage {
	return &channelPage{Slug: ch.Slug, Title: ch.Title.In(lang), Description: ch.Description.In(lang), Consent: store.ConsentAggregate,
		Keep: true, Max: model.MessageMax}
}

func (s *Server) renderChannel(c echo.Context, code int, name string, p *channelPage, errs []*model.Error) error {
	pg := s.pageFor(c)
	pg.Title = "ChannelPageTitle"
	pg.Errors = errs
	pg.Data = p
	return s.render(c, code, name, pg)
}

// checkMessage refuses an empty or too long message.
func checkMessage(text string) *model.Error {
	if strings.TrimSpace(text) == "" {
		return model.Errorf(model.CodeUnprocessable, "ChannelMessageEmpty")
	}
	if n := utf8.RuneCountInString(text); n > model.MessageMax {
		return model.Errorf(model.CodeUnprocessable, "ChannelMessageTooLong").WithData(map[string]any{"Max": model.MessageMax, "Count": n - model.MessageMax})
	}
	return nil
}

// messageAAD binds a sealed message to its row.
func messageAAD(id string) []byte { return []byte("channel_messages.sealed\x00" + id) }

// MessageAAD is the additional data a channel message is sealed with, for
// tools that store messages as the server does.
func MessageAAD(id string) []byte { return messageAAD(id) }

// channelPost is POST /{lang}/c/{slug}: store the message, then show the
// receipt once. A retry of the same form stores nothing more and shows the
// same receipt.
func (s *Server) channelPost(c echo.Context) error {
	if err := s.checkRespondentLimits(c, s.submitLimiter); err != nil {
		return err
	}
	ch, err := s.openChannel(c)
	if err != nil {
		return err
	}
	lang := c.Param("lang")
	token := c.FormValue("token")
	d, err := privacy.OpenDraft(s.cfg.Keyring, ch.ID, token, store.Day(s.clock.Now()))
	if err != nil {
		return err
	}
	p := s.channelPageData(ch, lang)
	p.Token, p.Text = token, strings.ReplaceAll(c.FormValue("text"), "\r\n", "\n")
	if p.Consent = c.FormValue("consent"); !store.ValidConsent(p.Consent) {
		p.Consent = store.ConsentAggregate
	}
	p.Keep = c.FormValue("keep_receipt") != "no"
	if e := checkMessage(p.Text); e != nil {
		return s.renderChannel(c, http.StatusUnprocessableEntity, "channel", p, []*model.Error{e})
	}
	post := &store.ChannelPost{ID: d.SubmissionID, ChannelID: ch.ID, Language: lang, Consent: p.Consent, Author: model.AuthorRespondent}
	if post.Sealed, err = s.cfg.Keyring.Seal([]byte(p.Text), messageAAD(post.ID)); err != nil {
		return model.Internal(err)
	}
	r := privacy.Receipt(d.Receipt)
	if p.Keep {
		if post.Receipt, err = s.newReceipt(c, r); err == nil {
			post.Pseudonym = privacy.Pseudonym(s.cfg.Pepper, ch.ConsultationID, r)
		}
	} else {
		post.Pseudonym = privacy.RandomPseudonym()
	}
	duplicate := false
	if err == nil {
		duplicate, err = s.store.PostMessage(c.Request().Context(), post)
	}
	if model.ErrorCode(err) == model.CodeUnavailable {
		s.log.Warn("channel message not stored", "error", err)
		c.Response().Header().Set("Retry-After", "30")
		p.Unsent = true
		return s.renderChannel(c, http.StatusServiceUnavailable, "channel", p, []*model.Error{model.Errorf(model.CodeUnavailable, "SubmitUnavailable")})
	}
	if err != nil {
		return err
	}
	done := &channelPage{Slug: ch.Slug, Title: p.Title, ReceiptNote: "ChannelReceiptReplies"}
	// A retry that now asks for a receipt after the first post went without
	// one shows none: only a receipt that is stored can be shown.
	if p.Keep && (!duplicate || post.Receipt.ID != "") {
		done.Receipt = r.Format()
	}
	return s.renderChannel(c, http.StatusOK, "channel_done", done, nil)
}

// Receipt page: the receipt's channel threads and their follow-up forms.

type threadView struct {
	ID, Channel string
	Consent     string // the writer's consent for the thread
	Withdrawn   bool   // the writer took the thread back
	Confirm     bool   // withdrawal waits for confirmation
	Messages    []messageView
	Token       string
	Text        string // a follow-up kept on an error
	Max         int
	Error       *model.Error
}

type messageView struct {
	Mine, Pending, NotPublished bool
	Day, Text                   string
}

// channelFollowup is the receipt page's action=followup: a message added
// to a thread of this receipt. It returns the refusal to show in the page.
func (s *Server) channelFollowup(c echo.Context, rec *store.Receipt, p *receiptPage) (*model.Error, error) {
	if err := s.checkRespondentLimits(c, s.submitLimiter); err != nil {
		return nil, err
	}
	thread, token, text := c.FormValue("thread"), c.FormValue("token"), strings.ReplaceAll(c.FormValue("text"), "\r\n", "\n")
	d, err := privacy.OpenDraft(s.cfg.Keyring, thread, token, store.Day(s.clock.Now()))
	if err != nil {
		return nil, err
	}
	p.Followup = &threadView{ID: thread, Token: token, Text: text}
	if e := checkMessage(text); e != nil {
		p.Followup.Error = e
		return e, nil
	}
	post := &store.ChannelPost{ID: d.SubmissionID, ThreadID: thread, Receipt: &store.NewReceipt{ID: rec.ID}, Language: c.Param("lang"),
		Author: model.AuthorRespondent}
	if post.Sealed, err = s.cfg.Keyring.Seal([]byte(text), messageAAD(post.ID)); err != nil {
		return nil, model.Internal(err)
	}
	if _, err := s.store.PostMessage(c.Request().Context(), post); err != nil {
		return nil, err
	}
	p.Followup = nil
	p.Done = "ChannelFollowupSent"
	return nil, nil
}

// fillThreads adds the receipt's channel threads to the receipt page.
func (s *Server) fillThreads(c echo.Context, rec *store.Receipt, p *receiptPage) error {
	ctx := c.Request().Context()
	lang := c.Param("lang")
	msgs, err := s.store.ThreadsOfReceipt(ctx, rec.ID)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, m := range msgs {
		if len(p.Threads) == 0 || p.Threads[len(p.Threads)-1].ID != m.ThreadID {
			if _, ok := titles[m.ChannelID]; !ok {
				titles[m.ChannelID] = ""
				if ch, err := s.store.ChannelByID(ctx, m.ChannelID); err == nil {
					titles[m.ChannelID] = textFor(ch.Title, lang, ch.Languages)
				}
			}
			t := threadView{ID: m.ThreadID, Channel: titles[m.ChannelID], Max: model.MessageMax}
			if p.Followup != nil && p.Followup.ID == m.ThreadID {
				t.Token, t.Text, t.Error = p.Followup.Token, p.Followup.Text, p.Followup.Error
			} else if t.Token, err = s.channelToken(m.ThreadID, lang); err != nil {
				return err
			}
			p.Threads = append(p.Threads, t)
		}
		t := &p.Threads[len(p.Threads)-1]
		t.Confirm = p.ConfirmThread == t.ID
		if m.ModerationState == store.ModerationWithdrawn {
			t.Withdrawn = true
			continue // its text is deleted
		}
		if m.Author == model.AuthorRespondent {
			t.Consent = m.Consent
		}
		text, err := s.cfg.Keyring.Open(m.Sealed, messageAAD(m.ID))
		if err != nil {
			return model.Internal(err)
		}
		// A flagged message reads as waiting: the writer is not told of a
		// safeguarding flag (someone else may be reading their receipt).
		state := model.ModerationState(m.ModerationState)
		t.Messages = append(t.Messages, messageView{Mine: m.Author == model.AuthorRespondent,
			Pending: state == model.ModPending || state == model.ModSafeguarding, NotPublished: state == model.ModRejected,
			Day: m.SubmittedOn, Text: string(text)})
	}
	if p.Followup != nil && !slices.ContainsFunc(p.Threads, func(t threadView) bool { return t.ID == p.Followup.ID }) {
		return model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	return nil
}
