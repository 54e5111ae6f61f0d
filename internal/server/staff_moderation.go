package server

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/mask"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// moderationRoutes registers the moderation queue, the safeguarding list and
// the council's page of approved feedback.
func (s *Server) moderationRoutes(st *echo.Group) {
	mod := s.require(model.ActionModerate)
	st.GET("/moderation", s.moderationQueue, mod)
	st.POST("/moderation/bulk", s.moderationBulk, mod)
	st.GET("/moderation/items/:id", s.moderationItem, mod)
	st.POST("/moderation/items/:id", s.moderationAct, mod)
	st.POST("/moderation/items/:id/reply", s.moderationReply, mod)
	st.GET("/moderation/terms", s.termList, mod)
	st.POST("/moderation/terms", s.termAdd, mod)
	st.POST("/moderation/terms/:id/delete", s.termDelete, mod)
	safe := s.require(model.ActionSafeguarding)
	st.GET("/safeguarding", s.safeguardingList, safe)
	st.POST("/safeguarding/:id", s.safeguardingAct, safe)
	st.GET("/feedback", s.feedbackList, s.require(model.ActionCode))
}

// detectors keeps the masking detector built from the moderators' term
// list; it is rebuilt when the list changes here, and at least every few
// seconds, so that other servers' changes reach this one.
type detectors struct {
	mu  sync.Mutex
	d   *mask.Detector
	at  time.Time
	ttl time.Duration
}

func (s *Server) detector(ctx context.Context) (*mask.Detector, error) {
	s.masks.mu.Lock()
	defer s.masks.mu.Unlock()
	if s.masks.d != nil && s.clock.Now().Sub(s.masks.at) < s.masks.ttl {
		return s.masks.d, nil
	}
	terms, err := s.maskTerms(ctx)
	if err != nil {
		return nil, err
	}
	list := make([]string, len(terms))
	for i, t := range terms {
		list[i] = t.Text
	}
	s.masks.d, s.masks.at = mask.New(list), s.clock.Now()
	return s.masks.d, nil
}

func (s *Server) forgetDetector() {
	s.masks.mu.Lock()
	s.masks.d = nil
	s.masks.mu.Unlock()
}

type termView struct{ ID, Text string }

func (s *Server) maskTerms(ctx context.Context) ([]termView, error) {
	rows, err := s.store.MaskTerms(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]termView, 0, len(rows))
	for _, r := range rows {
		t, err := s.cfg.Keyring.Open(r.Sealed, store.MaskTermAAD(r.ID))
		if err != nil {
			return nil, model.Internal(err)
		}
		out = append(out, termView{ID: r.ID, Text: string(t)})
	}
	slices.SortFunc(out, func(a, b termView) int { return cmp.Compare(strings.ToLower(a.Text), strings.ToLower(b.Text)) })
	return out, nil
}

// segment is a stretch of untrusted text: plain, or a masked or detected
// detail of Kind. Templates print it escaped, inside an isolating element.
type segment struct {
	Text string
	Kind string
}

// segments cuts text at the spans (sorted, not overlapping).
func segments(text string, spans []model.MaskSpan) []segment {
	var out []segment
	at := 0
	for _, sp := range spans {
		if sp.Start < at {
			continue
		}
		if sp.Start > at {
			out = append(out, segment{Text: text[at:sp.Start]})
		}
		out = append(out, segment{Text: text[sp.Start:sp.End], Kind: sp.Kind})
		at = sp.End
	}
	if at < len(text) {
		out = append(out, segment{Text: text[at:]})
	}
	return out
}

func spansOf(fs []mask.Finding) []model.MaskSpan {
	out := make([]model.MaskSpan, len(fs))
	for i, f := range fs {
		out[i] = model.MaskSpan{Kind: string(f.Kind), Start: f.Start, End: f.End}
	}
	return out
}

// masked is the text everyone downstream reads: each span replaced by its
// marker.
func masked(text string, spans []model.MaskSpan) string {
	fs := make([]mask.Finding, len(spans))
	for i, sp := range spans {
		fs[i] = mask.Finding{Kind: mask.Kind(sp.Kind), Start: sp.Start, End: sp.End}
	}
	return mask.Mask(text, fs)
}

// maskKinds are the kinds a moderator may give a mask of their own.
var maskKinds = []string{string(mask.KindTerm), string(mask.KindPhone), string(mask.KindEmail), string(mask.KindURL), string(mask.KindHandle), string(mask.KindID)}

// normalSpans sorts spans, drops those that are not valid for text, and
// merges overlapping ones, so that a list sent back in a form is safe to
// apply.
func normalSpans(text string, spans []model.MaskSpan) []model.MaskSpan {
	var ok []model.MaskSpan
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End || !slices.Contains(maskKinds, sp.Kind) ||
			!utf8.RuneStart(text[sp.Start]) || (sp.End < len(text) && !utf8.RuneStart(text[sp.End])) {
			continue
		}
		ok = append(ok, sp)
	}
	slices.SortFunc(ok, func(a, b model.MaskSpan) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End)) })
	out := []model.MaskSpan{}
	for _, sp := range ok {
		if n := len(out); n > 0 && sp.Start < out[n-1].End {
			out[n-1].End = max(out[n-1].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}

func spanValue(sp model.MaskSpan) string { return fmt.Sprintf("%s:%d:%d", sp.Kind, sp.Start, sp.End) }

func parseSpan(v string) (model.MaskSpan, bool) {
	parts := strings.Split(v, ":")
	if len(parts) != 3 {
		return model.MaskSpan{}, false
	}
	a, err1 := strconv.Atoi(parts[1])
	b, err2 := strconv.Atoi(parts[2])
	return model.MaskSpan{Kind: parts[0], Start: a, End: b}, err1 == nil && err2 == nil
}

// item is one moderation item opened for a staff member: its text and
// context in the clear.
type item struct {
	*store.ModerationItem
	Text     string
	Findings []model.MaskSpan // what the detectors find now
}

// openItem loads an item the staff member may act on, with its text. An
// item outside their languages is not found, as if it did not exist.
func (s *Server) openItem(c echo.Context, id string) (*item, error) {
	ctx := c.Request().Context()
	it, err := s.store.ModerationItemByID(ctx, id)
	if err != nil {
		return nil, err
	}
	u := staffUser(c)
	if !store.MayAct(u, it) || !it.State.VisibleTo(u.Roles) {
		return nil, model.Errorf(model.CodeNotFound, "ErrorNotFound")
	}
	text, err := s.itemText(it)
	if err != nil {
		return nil, err
	}
	d, err := s.detector(ctx)
	if err != nil {
		return nil, err
	}
	return &item{ModerationItem: it, Text: text, Findings: spansOf(d.Find(text))}, nil
}

func (s *Server) itemText(it *store.ModerationItem) (string, error) {
	if it.Sealed == "" {
		return "", nil
	}
	aad := messageAAD(it.MessageID)
	if it.Source == store.SourceAnswer {
		aad = answerAAD(it.ResponseID, it.QuestionID)
	}
	b, err := s.cfg.Keyring.Open(it.Sealed, aad)
	if err != nil {
		return "", model.Internal(err)
	}
	return string(b), nil
}

// masks is the item's current mask list: what a moderator saved, else the
// detectors' proposal.
func (it *item) masks() []model.MaskSpan {
	if it.Masks != nil {
		return normalSpans(it.Text, it.Masks)
	}
	return normalSpans(it.Text, it.Findings)
}

// groupLabels names the queue's groups in the staff member's language: a
// channel's title, or a survey's title and one of its questions.
type groupLabels struct {
	s        *Server
	ctx      context.Context
	lang     string
	channels map[string]model.Channel
}

func (s *Server) groupLabels(ctx context.Context, lang string) (*groupLabels, error) {
	chs, err := s.store.Channels(ctx, false)
	if err != nil {
		return nil, err
	}
	g := &groupLabels{s: s, ctx: ctx, lang: lang, channels: map[string]model.Channel{}}
	for _, ch := range chs {
		g.channels[ch.ID] = ch
	}
	return g, nil
}

// label returns the group's title and, for a survey question, the question.
func (g *groupLabels) label(it *store.ModerationItem) (title, question string) {
	if it.Source == store.SourceMessage {
		ch := g.channels[it.ChannelID]
		return textFor(ch.Title, g.lang, ch.Languages), ""
	}
	d := g.s.surveys.version(it.SurveyID, it.SurveyVersion)
	if d == nil {
		var err error
		if d, err = g.s.store.SurveyVersion(g.ctx, it.SurveyID, it.SurveyVersion); err != nil {
			return it.SurveyID, it.QuestionID
		}
		g.s.surveys.putVersion(it.SurveyID, it.SurveyVersion, d)
	}
	title = textFor(d.Title, g.lang, d.Languages)
	if q := d.Question(it.QuestionID); q != nil {
		return title, textFor(q.Text, g.lang, d.Languages)
	}
	return title, it.QuestionID
}

type queueItem struct {
	ID, Language, Day string
	Version           int
	Excerpt           []segment
	More              bool
	Findings          int
	Reason            string
}

type queueGroup struct {
	Key, Title, Question string
	Items                []queueItem
}

type langCount struct {
	Code, Name string
	Count      int
}

type queueData struct {
	State       model.ModerationState
	States      []model.ModerationState
	Counts      []langCount
	Groups      []queueGroup
	Total       int
	First       string // the oldest item, where "start" leads
	Reasons     []model.RejectReason
	NoLanguages bool
	After       string // the action just taken, to confirm it
	Changed     int    // items of a bulk action that changed meanwhile
	Language    string // the one language shown, or "" for all of the moderator's
	Limited     bool   // more items than one page shows
}

// queueLimit is how many items one queue page lists, oldest first.
const queueLimit = 300

const excerptRunes = 280

// moderationQueue is GET /staff/moderation: the items of one state in the
// moderator's languages, oldest day first, grouped by channel or question.
func (s *Server) moderationQueue(c echo.Context) error {
	ctx := c.Request().Context()
	u := staffUser(c)
	p := s.staffPage(c)
	d := queueData{State: model.ModPending, States: model.ModerationStates, Reasons: model.RejectReasons,
		NoLanguages: len(u.Languages) == 0, After: afterParam(c)}
	if st := model.ModerationState(c.QueryParam("state")); slices.Contains(model.ModerationStates, st) {
		d.State = st
	}
	d.Changed, _ = strconv.Atoi(c.QueryParam("changed"))
	counts, err := s.store.CountByLanguage(ctx, model.ModPending)
	if err != nil {
		return err
	}
	for _, l := range u.Languages {
		lc := langCount{Code: l, Name: s.langName(l)}
		for _, n := range counts {
			if n.Language == l {
				lc.Count = n.Count
			}
		}
		d.Counts = append(d.Counts, lc)
	}
	langs := u.Languages
	if l := c.QueryParam("language"); u.Languages.Has(l) {
		langs, d.Language = model.Languages{l}, l
	}
	items, err := s.store.ModerationQueue(ctx, store.QueueQuery{States: []model.ModerationState{d.State}, Languages: langs, Limit: queueLimit})
	if err != nil {
		return err
	}
	det, err := s.detector(ctx)
	if err != nil {
		return err
	}
	labels, err := s.groupLabels(ctx, p.T.Code())
	if err != nil {
		return err
	}
	groups := map[string]int{}
	for i := range items {
		it := &items[i]
		text, err := s.itemText(it)
		if err != nil {
			return err
		}
		spans := spansOf(det.Find(text))
		if d.State != model.ModPending && it.Masks != nil {
			spans = normalSpans(text, it.Masks)
		}
		qi := queueItem{ID: it.ID, Language: it.Language, Day: it.SubmittedOn, Version: it.Version, Findings: len(spans), Reason: string(it.Reason)}
		cut := len(text)
		if utf8.RuneCountInString(text) > excerptRunes {
			cut, qi.More = runeOffset(text, excerptRunes), true
		}
		var short []model.MaskSpan
		for _, sp := range spans {
			if sp.End <= cut {
				short = append(short, sp)
			}
		}
		qi.Excerpt = segments(text[:cut], short)
		gi, ok := groups[it.GroupKey]
		if !ok {
			title, question := labels.label(it)
			gi = len(d.Groups)
			groups[it.GroupKey] = gi
			d.Groups = append(d.Groups, queueGroup{Key: it.GroupKey, Title: title, Question: question})
		}
		d.Groups[gi].Items = append(d.Groups[gi].Items, qi)
		if d.First == "" {
			d.First = it.ID
		}
		d.Total++
	}
	d.Limited = len(items) == queueLimit
	if d.Total > 0 { // the excerpts are views of submissions too
		if err := s.store.RecordView(ctx, u, "moderation.queue", fmt.Sprintf("%s %d", d.State, d.Total)); err != nil {
			return err
		}
	}
	p.Title = "ModerationTitle"
	p.Data = d
	return s.render(c, http.StatusOK, "staff_moderation", p)
}

func runeOffset(s string, n int) int {
	i := 0
	for at := range s {
		if i == n {
			return at
		}
		i++
	}
	return len(s)
}

// afterParam is the action the previous page took, from ?after=, to say
// that it happened.
func afterParam(c echo.Context) string {
	a := c.QueryParam("after")
	if slices.Contains(model.ModerationActions, model.ModerationAction(a)) || a == "bulk" {
		return a
	}
	return ""
}

type optionView struct {
	Value, Kind, Text string
	Checked           bool
}

type threadLine struct {
	Author, Day, Text string
	This              bool
}

type itemData struct {
	ID, Language, LangName, Day, Source string
	State                               model.ModerationState
	Reason                              string
	Version                             int
	Title, Question                     string
	Consent                             string
	Original                            []segment
	Masked                              string
	Options                             []optionView
	Kinds                               []string
	Reasons                             []model.RejectReason
	Thread                              []threadLine
	History                             []historyLine
	CanAct, CanReply, CanReopen         bool
	Reply                               replyForm
	After                               string
	Next                                string
}

type historyLine struct {
	At          time.Time
	Actor       string
	Action      string
	Detail      string
	DetailIsKey bool
}

type replyForm struct {
	ID, Text     string
	Findings     []segment
	NeedsConfirm bool
}

// moderationItem is GET /staff/moderation/items/{id}: opening an item is
// written to the audit log.
func (s *Server) moderationItem(c echo.Context) error {
	it, err := s.openItem(c, c.Param("id"))
	if err != nil {
		return err
	}
	if err := s.store.RecordItemOpen(c.Request().Context(), staffUser(c), it.ID); err != nil {
		return err
	}
	return s.renderItem(c, http.StatusOK, it, nil, replyForm{})
}

func (s *Server) renderItem(c echo.Context, code int, it *item, errs []*model.Error, reply replyForm) error {
	ctx := c.Request().Context()
	u := staffUser(c)
	p := s.staffPage(c)
	labels, err := s.groupLabels(ctx, p.T.Code())
	if err != nil {
		return err
	}
	d := itemData{ID: it.ID, Language: it.Language, LangName: s.langName(it.Language), Day: it.SubmittedOn, Source: it.Source,
		State: it.State, Reason: string(it.Reason), Version: it.Version, Consent: it.Consent, Kinds: maskKinds, Reasons: model.RejectReasons,
		After: afterParam(c), Reply: reply}
	d.Title, d.Question = labels.label(it.ModerationItem)
	chosen := it.masks()
	d.Original = segments(it.Text, chosen)
	d.Masked = masked(it.Text, chosen)
	if it.State != model.ModPending && it.Masked != "" {
		if b, err := s.cfg.Keyring.Open(it.Masked, store.MaskedAAD(it.ID)); err == nil {
			d.Masked = string(b)
		}
	}
	// The masks chosen, and each finding not chosen, to tick or untick.
	options := slices.Clone(chosen)
	for _, f := range it.Findings {
		if !slices.Contains(options, f) {
			options = append(options, f)
		}
	}
	slices.SortStableFunc(options, func(a, b model.MaskSpan) int { return cmp.Compare(a.Start, b.Start) })
	for _, sp := range options {
		d.Options = append(d.Options, optionView{Value: spanValue(sp), Kind: sp.Kind, Text: it.Text[sp.Start:sp.End],
			Checked: slices.Contains(chosen, sp)})
	}
	d.CanAct = u.Roles.Has(model.RoleModerator) && it.State == model.ModPending
	d.CanReply = u.Roles.Has(model.RoleModerator) && it.Source == store.SourceMessage && it.State != model.ModRejected
	d.CanReopen = u.Roles.Has(model.RoleModerator) && it.State == model.ModRejected
	if d.CanReply && d.Reply.ID == "" {
		d.Reply.ID = uuid.NewString()
	}
	if it.Source == store.SourceMessage {
		msgs, err := s.store.ThreadMessages(ctx, it.ThreadID)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			line := threadLine{Author: m.Author, Day: m.SubmittedOn, This: m.ID == it.MessageID}
			if m.ModerationState != store.ModerationWithdrawn && m.Sealed != "" && !line.This {
				b, err := s.cfg.Keyring.Open(m.Sealed, messageAAD(m.ID))
				if err != nil {
					return model.Internal(err)
				}
				line.Text = string(b)
			}
			d.Thread = append(d.Thread, line)
		}
		if len(d.Thread) == 1 {
			d.Thread = nil
		}
	}
	evs, err := s.store.ItemHistory(ctx, it.ID)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		h := historyLine{At: ev.At, Actor: ev.ActorEmail, Action: ev.ActionKey(), Detail: ev.Detail}
		if ev.Action == "moderation.reject" && ev.Detail != "" {
			h.Detail, h.DetailIsKey = "Reason_"+ev.Detail, true
		}
		d.History = append(d.History, h)
	}
	p.Title = "ModerationItemTitle"
	p.Errors = errs
	p.Data = d
	return s.render(c, code, "staff_moderation_item", p)
}

// formMasks reads the masks a moderator chose: the ticked findings, and a
// phrase of their own, masked wherever it occurs in the text.
func (s *Server) formMasks(c echo.Context, text string) ([]model.MaskSpan, string) {
	spans := []model.MaskSpan{}
	for _, v := range c.Request().Form["mask"] {
		if sp, ok := parseSpan(v); ok {
			spans = append(spans, sp)
		}
	}
	phrase := strings.TrimSpace(c.FormValue("phrase"))
	if phrase != "" {
		kind := c.FormValue("phrase_kind")
		if !slices.Contains(maskKinds, kind) {
			kind = string(mask.KindTerm)
		}
		for _, f := range mask.New([]string{phrase}).Find(text) {
			if f.Kind == mask.KindTerm { // the phrase in any case and accents, not the built-in patterns
				spans = append(spans, model.MaskSpan{Kind: kind, Start: f.Start, End: f.End})
			}
		}
		for at := 0; ; { // the exact phrase too, where word boundaries do not hold
			i := strings.Index(text[at:], phrase)
			if i < 0 {
				break
			}
			spans = append(spans, model.MaskSpan{Kind: kind, Start: at + i, End: at + i + len(phrase)})
			at += i + len(phrase)
		}
	}
	return normalSpans(text, spans), phrase
}

// moderationAct is POST /staff/moderation/items/{id}: approve, save masks,
// reject with a reason or flag for safeguarding, at the version the
// moderator saw. After an action the next pending item opens.
func (s *Server) moderationAct(c echo.Context) error {
	ctx := c.Request().Context()
	u := staffUser(c)
	it, err := s.openItem(c, c.Param("id"))
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	action := model.ModerationAction(c.FormValue("action"))
	if !slices.Contains([]model.ModerationAction{model.ModApprove, model.ModMask, model.ModReject, model.ModFlag, model.ModReopen}, action) {
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	ch := store.ItemChange{Action: action, Reason: model.RejectReason(c.FormValue("reason"))}
	if action == model.ModApprove || action == model.ModMask {
		spans, phrase := s.formMasks(c, it.Text)
		ch.Masks = spans
		if phrase != "" && c.FormValue("phrase_keep") != "" {
			if err := s.addTerm(ctx, u, phrase); err != nil {
				return err
			}
		}
		if action == model.ModApprove {
			if ch.Masked, err = s.cfg.Keyring.Seal([]byte(masked(it.Text, spans)), store.MaskedAAD(it.ID)); err != nil {
				return model.Internal(err)
			}
		}
	}
	done, err := s.store.Moderate(ctx, u, it.ID, version, ch)
	if err != nil {
		return s.itemRefused(c, it, err, replyForm{})
	}
	if action == model.ModMask || action == model.ModReopen {
		return c.Redirect(http.StatusSeeOther, "/staff/moderation/items/"+done.ID+"?after="+string(action))
	}
	return s.redirectNext(c, done, string(action))
}

// itemRefused shows the item again with a refusal: as it is now when it
// changed meanwhile.
func (s *Server) itemRefused(c echo.Context, it *item, err error, reply replyForm) error {
	de := model.AsError(err)
	switch de.Code {
	case model.CodeConflict:
		now, oerr := s.openItem(c, it.ID)
		if oerr != nil {
			return oerr
		}
		return s.renderItem(c, http.StatusConflict, now, []*model.Error{de}, reply)
	case model.CodeUnprocessable, model.CodeInvalid:
		return s.renderItem(c, statusOf(de.Code), it, []*model.Error{de}, reply)
	}
	return err
}

// redirectNext opens the oldest pending item in the moderator's languages,
// from the same channel or question first, else returns to the queue.
func (s *Server) redirectNext(c echo.Context, done *store.ModerationItem, action string) error {
	ctx := c.Request().Context()
	u := staffUser(c)
	q := store.QueueQuery{Languages: u.Languages, GroupKey: done.GroupKey, Limit: 1}
	next, err := s.store.ModerationQueue(ctx, q)
	if err == nil && len(next) == 0 {
		q.GroupKey = ""
		next, err = s.store.ModerationQueue(ctx, q)
	}
	if err != nil {
		return err
	}
	v := url.Values{"after": {action}}
	if len(next) == 1 {
		return c.Redirect(http.StatusSeeOther, "/staff/moderation/items/"+next[0].ID+"?"+v.Encode())
	}
	return c.Redirect(http.StatusSeeOther, "/staff/moderation?"+v.Encode())
}

// moderationReply is POST /staff/moderation/items/{id}/reply: a reply to
// the writer, read through their receipt. The reply is checked for personal
// details first; the moderator confirms to send one that has them.
func (s *Server) moderationReply(c echo.Context) error {
	ctx := c.Request().Context()
	it, err := s.openItem(c, c.Param("id"))
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	f := replyForm{ID: c.FormValue("reply_id"), Text: strings.TrimSpace(strings.ReplaceAll(c.FormValue("reply"), "\r\n", "\n"))}
	if _, err := uuid.Parse(f.ID); err != nil {
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	switch n := utf8.RuneCountInString(f.Text); {
	case n == 0:
		return s.renderItem(c, http.StatusUnprocessableEntity, it, []*model.Error{model.Errorf(model.CodeUnprocessable, "ModerationReplyEmpty")}, f)
	case n > model.MessageMax:
		return s.renderItem(c, http.StatusUnprocessableEntity, it,
			[]*model.Error{model.Errorf(model.CodeUnprocessable, "ModerationReplyTooLong").WithData(map[string]any{"Max": model.MessageMax})}, f)
	}
	det, err := s.detector(ctx)
	if err != nil {
		return err
	}
	if fs := det.Find(f.Text); len(fs) > 0 && c.FormValue("confirm") == "" {
		f.Findings, f.NeedsConfirm = segments(f.Text, spansOf(fs)), true
		return s.renderItem(c, http.StatusUnprocessableEntity, it, []*model.Error{model.Errorf(model.CodeUnprocessable, "ModerationReplyHasDetails")}, f)
	}
	sealed, err := s.cfg.Keyring.Seal([]byte(f.Text), messageAAD(f.ID))
	if err != nil {
		return model.Internal(err)
	}
	reply := &store.ChannelPost{ID: f.ID, Language: it.Language, Sealed: sealed}
	if _, err := s.store.Moderate(ctx, staffUser(c), it.ID, version, store.ItemChange{Action: model.ModReply, Reply: reply}); err != nil {
		return s.itemRefused(c, it, err, f)
	}
	return c.Redirect(http.StatusSeeOther, "/staff/moderation/items/"+it.ID+"?after=reply")
}

// moderationBulk is POST /staff/moderation/bulk: reject the ticked items at
// once, for spam floods. Items that changed meanwhile are left as they are,
// and counted.
func (s *Server) moderationBulk(c echo.Context) error {
	reason := model.RejectReason(c.FormValue("reason"))
	versions := map[string]int{}
	for _, v := range c.Request().Form["item"] {
		id, ver, ok := strings.Cut(v, "@")
		n, err := strconv.Atoi(ver)
		if !ok || err != nil {
			return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
		}
		versions[id] = n
	}
	if len(versions) == 0 {
		return model.Errorf(model.CodeUnprocessable, "ModerationNothingTicked")
	}
	_, changed, err := s.store.ModerateMany(c.Request().Context(), staffUser(c), versions, store.ItemChange{Action: model.ModReject, Reason: reason})
	if err != nil {
		return err
	}
	v := url.Values{"after": {"bulk"}}
	if len(changed) > 0 {
		v.Set("changed", strconv.Itoa(len(changed)))
	}
	return c.Redirect(http.StatusSeeOther, "/staff/moderation?"+v.Encode())
}

type termsData struct {
	Terms []termView
	New   string
}

// termList is GET /staff/moderation/terms: the names of places, employers
// and people the detectors look for.
func (s *Server) termList(c echo.Context) error {
	return s.renderTerms(c, http.StatusOK, "", nil)
}

func (s *Server) renderTerms(c echo.Context, code int, typed string, errs []*model.Error) error {
	terms, err := s.maskTerms(c.Request().Context())
	if err != nil {
		return err
	}
	p := s.staffPage(c)
	p.Title = "TermsTitle"
	p.Errors = errs
	p.Data = termsData{Terms: terms, New: typed}
	return s.render(c, code, "staff_terms", p)
}

const maxTermLen = 200

// termAdd is POST /staff/moderation/terms.
func (s *Server) termAdd(c echo.Context) error {
	t := strings.TrimSpace(c.FormValue("term"))
	if t == "" || utf8.RuneCountInString(t) > maxTermLen {
		return s.renderTerms(c, http.StatusUnprocessableEntity, t,
			[]*model.Error{model.Errorf(model.CodeUnprocessable, "TermsBad").WithData(map[string]any{"Max": maxTermLen})})
	}
	if err := s.addTerm(c.Request().Context(), staffUser(c), t); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/moderation/terms")
}

func (s *Server) addTerm(ctx context.Context, u *model.StaffUser, t string) error {
	terms, err := s.maskTerms(ctx)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(terms, func(v termView) bool { return strings.EqualFold(v.Text, t) }) {
		return nil
	}
	id := uuid.NewString()
	sealed, err := s.cfg.Keyring.Seal([]byte(t), store.MaskTermAAD(id))
	if err != nil {
		return model.Internal(err)
	}
	if err := s.store.AddMaskTerm(ctx, u, id, sealed); err != nil {
		return err
	}
	s.forgetDetector()
	return nil
}

// termDelete is POST /staff/moderation/terms/{id}/delete.
func (s *Server) termDelete(c echo.Context) error {
	if err := s.store.RemoveMaskTerm(c.Request().Context(), staffUser(c), c.Param("id")); err != nil {
		return err
	}
	s.forgetDetector()
	return c.Redirect(http.StatusSeeOther, "/staff/moderation/terms")
}

type safeguardingItem struct {
	ID, Language, LangName, Day, Title, Question, Text string
	Version                                            int
	Contacts                                           []supportGroup
}

type safeguardingData struct {
	Items []safeguardingItem
	After string
}

// safeguardingList is GET /staff/safeguarding: items moderators flagged,
// masked as the moderator left them, each with the support directory's
// referral contacts in its language. Admins see them here; the council
// never does.
func (s *Server) safeguardingList(c echo.Context) error {
	ctx := c.Request().Context()
	u := staffUser(c)
	p := s.staffPage(c)
	items, err := s.store.ModerationQueue(ctx, store.QueueQuery{States: []model.ModerationState{model.ModSafeguarding}, AllLanguages: true})
	if err != nil {
		return err
	}
	labels, err := s.groupLabels(ctx, p.T.Code())
	if err != nil {
		return err
	}
	det, err := s.detector(ctx)
	if err != nil {
		return err
	}
	d := safeguardingData{After: afterParam(c)}
	contacts := map[string][]supportGroup{}
	for i := range items {
		it := &items[i]
		text, err := s.itemText(it)
		if err != nil {
			return err
		}
		spans := it.Masks
		if spans == nil {
			spans = spansOf(det.Find(text))
		}
		v := safeguardingItem{ID: it.ID, Language: it.Language, LangName: s.langName(it.Language), Day: it.SubmittedOn,
			Version: it.Version, Text: masked(text, normalSpans(text, spans))}
		v.Title, v.Question = labels.label(it)
		if _, ok := contacts[it.Language]; !ok {
			if contacts[it.Language], err = s.supportFor(c, it.Language); err != nil {
				return err
			}
		}
		v.Contacts = contacts[it.Language]
		d.Items = append(d.Items, v)
		if err := s.store.RecordItemOpen(ctx, u, it.ID); err != nil {
			return err
		}
	}
	p.Title = "SafeguardingTitle"
	p.Data = d
	return s.render(c, http.StatusOK, "staff_safeguarding", p)
}

// safeguardingAct is POST /staff/safeguarding/{id}: an admin marks a flagged
// item handled, or sends it back to the queue; either way it is pending
// again and a moderator decides what the council may read.
func (s *Server) safeguardingAct(c echo.Context) error {
	action := model.ModerationAction(c.FormValue("action"))
	if action != model.ModResolveSafeguarding && action != model.ModReopen {
		return model.Errorf(model.CodeInvalid, "ErrorBadRequest")
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	if _, err := s.store.Moderate(c.Request().Context(), staffUser(c), c.Param("id"), version, store.ItemChange{Action: action}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/safeguarding?after="+string(action))
}

type feedbackItem struct {
	Language, Day, Text string
	Quotable            bool
}

type feedbackData struct {
	Groups []feedbackGroup
	Total  int
}

type feedbackGroup struct {
	Title, Question string
	Items           []feedbackItem
}

// feedbackList is GET /staff/feedback: approved feedback, masked, for the
// council, grouped by channel and by survey question. The view is written
// to the audit log.
func (s *Server) feedbackList(c echo.Context) error {
	ctx := c.Request().Context()
	p := s.staffPage(c)
	items, err := s.store.ModerationQueue(ctx, store.QueueQuery{States: []model.ModerationState{model.ModApproved}, AllLanguages: true, Limit: 1000})
	if err != nil {
		return err
	}
	labels, err := s.groupLabels(ctx, p.T.Code())
	if err != nil {
		return err
	}
	var d feedbackData
	groups := map[string]int{}
	for i := range items {
		it := &items[i]
		if !it.State.VisibleTo(staffUser(c).Roles) || it.Masked == "" {
			continue
		}
		b, err := s.cfg.Keyring.Open(it.Masked, store.MaskedAAD(it.ID))
		if err != nil {
			return model.Internal(err)
		}
		gi, ok := groups[it.GroupKey]
		if !ok {
			title, question := labels.label(it)
			gi = len(d.Groups)
			groups[it.GroupKey] = gi
			d.Groups = append(d.Groups, feedbackGroup{Title: title, Question: question})
		}
		d.Groups[gi].Items = append(d.Groups[gi].Items, feedbackItem{Language: it.Language, Day: it.SubmittedOn, Text: string(b),
			Quotable: it.Consent == store.ConsentQuote})
		d.Total++
	}
	if err := s.store.RecordView(ctx, staffUser(c), "feedback.view", strconv.Itoa(d.Total)); err != nil {
		return err
	}
	p.Title = "FeedbackTitle"
	p.Data = d
	return s.render(c, http.StatusOK, "staff_feedback", p)
}
