package server

import (
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
)

// channelRoutes registers the admin pages of feedback channels.
func (s *Server) channelRoutes(st *echo.Group) {
	manage := s.require(model.ActionManageSurveys)
	st.GET("/channels", s.channelList, manage)
	st.POST("/channels", s.channelCreate, manage)
	st.POST("/channels/:slug/open", s.channelSetOpen(true), manage)
	st.POST("/channels/:slug/close", s.channelSetOpen(false), manage)
}

type channelListData struct {
	Channels      []channelView
	Consultations []consultationView
	New           channelForm
	Langs         []channelLangField
}

type channelView struct {
	Slug, Title, Consultation string
	Languages                 []string
	Open                      bool
}

// channelLangField is one language's box and texts in the create form.
type channelLangField struct {
	Lang               i18n.Lang
	Checked            bool
	Title, Description string
}

type channelForm struct {
	Consultation, Slug string
	Languages          []string
	Title, Description model.Text
}

// channelList is GET /staff/channels.
func (s *Server) channelList(c echo.Context) error {
	return s.renderChannelList(c, http.StatusOK, channelListData{}, nil)
}

func (s *Server) renderChannelList(c echo.Context, code int, d channelListData, errs []*model.Error) error {
	ctx := c.Request().Context()
	cs, err := s.store.Consultations(ctx)
	if err != nil {
		return err
	}
	chs, err := s.store.Channels(ctx, false)
	if err != nil {
		return err
	}
	p := s.staffPage(c)
	names := map[string]string{}
	for _, cn := range cs {
		v := consultationView{Slug: cn.Slug, Name: textFor(cn.Name, p.T.Code(), cn.Languages)}
		if v.Name == "" {
			v.Name = cn.Slug
		}
		names[cn.ID] = v.Name
		d.Consultations = append(d.Consultations, v)
	}
	for _, ch := range chs {
		d.Channels = append(d.Channels, channelView{Slug: ch.Slug, Title: textFor(ch.Title, p.T.Code(), ch.Languages),
			Consultation: names[ch.ConsultationID], Languages: ch.Languages, Open: ch.Open})
	}
	for _, l := range s.cat.Languages() {
		d.Langs = append(d.Langs, channelLangField{Lang: l, Checked: slices.Contains(d.New.Languages, l.Code),
			Title: d.New.Title[l.Code], Description: d.New.Description[l.Code]})
	}
	p.Title = "ChannelAdminTitle"
	p.Errors = errs
	p.Data = d
	return s.render(c, code, "staff_channels", p)
}

// channelCreate is POST /staff/channels: a closed channel, with a title and
// a description in each of its languages.
func (s *Server) channelCreate(c echo.Context) error {
	f := channelForm{Consultation: strings.TrimSpace(c.FormValue("consultation")), Slug: strings.TrimSpace(c.FormValue("slug")),
		Languages: s.formLanguages(c), Title: model.Text{}, Description: model.Text{}}
	for _, l := range s.cat.Languages() {
		if t := strings.TrimSpace(c.FormValue("title." + l.Code)); t != "" {
			f.Title[l.Code] = t
		}
		if t := strings.TrimSpace(c.FormValue("description." + l.Code)); t != "" {
			f.Description[l.Code] = t
		}
	}
	var errs []*model.Error
	bad := func(key string, data map[string]any) {
		errs = append(errs, model.Errorf(model.CodeUnprocessable, key).WithData(data))
	}
	if !model.SlugPattern.MatchString(f.Slug) {
		bad("SurveyBadSlug", map[string]any{"Slug": f.Slug})
	}
	if len(f.Languages) == 0 {
		bad("ChannelAdminNeedLanguage", nil)
	}
	for _, l := range f.Languages {
		if f.Title[l] == "" {
			bad("ChannelAdminNeedTitle", map[string]any{"Lang": s.langName(l)})
		}
		if utf8.RuneCountInString(f.Title[l]) > maxNameLen || utf8.RuneCountInString(f.Description[l]) > maxTextLen {
			bad("ChannelAdminTooLong", map[string]any{"Lang": s.langName(l)})
		}
	}
	// Texts of languages not ticked are dropped.
	for l := range f.Title {
		if !slices.Contains(f.Languages, l) {
			delete(f.Title, l)
		}
	}
	for l := range f.Description {
		if !slices.Contains(f.Languages, l) {
			delete(f.Description, l)
		}
	}
	var consultationID string
	if len(errs) == 0 {
		cs, err := s.store.Consultations(c.Request().Context())
		if err != nil {
			return err
		}
		for _, cn := range cs {
			if cn.Slug == f.Consultation {
				consultationID = cn.ID
			}
		}
		if consultationID == "" {
			bad("ChannelAdminNoConsultation", nil)
		}
	}
	if len(errs) == 0 {
		ch := &model.Channel{ConsultationID: consultationID, Slug: f.Slug, Title: f.Title, Description: f.Description, Languages: f.Languages}
		err := s.store.CreateChannel(c.Request().Context(), staffUser(c), ch)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/staff/channels#ch-"+ch.Slug)
		}
		de := model.AsError(err)
		if de.Code != model.CodeUnprocessable && de.Code != model.CodeConflict {
			return err
		}
		errs = append(errs, de)
	}
	return s.renderChannelList(c, statusOf(errs[0].Code), channelListData{New: f}, errs)
}

func (s *Server) langName(code string) string {
	if l, ok := s.cat.Lookup(code); ok {
		return l.Name
	}
	return code
}

// channelSetOpen is POST /staff/channels/:slug/open and …/close.
func (s *Server) channelSetOpen(open bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.store.SetChannelOpen(c.Request().Context(), staffUser(c), c.Param("slug"), open); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, "/staff/channels#ch-"+c.Param("slug"))
	}
}
