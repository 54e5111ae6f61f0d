// Package demo fills a demo consultation with synthetic multilingual data,
// so that a newcomer sees every screen with something real on it (voice
// demo). Nothing here is a real answer: every response is drawn from a
// seeded pseudo-random source, and the free text comes from a small pool of
// plain, non-identifying sentences.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/server"
	"github.com/survivorvoice/voice/internal/store"
)

// ErrExists is returned, wrapped, by Fill when the demo survey is in the
// database already: Fill adds nothing then.
var ErrExists = errors.New(`the demo survey "` + SurveySlug + `" exists already`)

// Fill creates the demo consultation (unless it exists), saves and publishes
// the demo survey and stores n synthetic responses to it, drawn from seed:
// the same seed gives the same answers. Free text is sealed with kr exactly
// as a submission through the server is. When the survey exists already,
// Fill adds nothing and returns an error wrapping ErrExists.
func Fill(ctx context.Context, st *store.Store, kr *privacy.Keyring, n int, seed int64) (surveySlug string, err error) {
	if n < 0 {
		return "", fmt.Errorf("demo: %d responses: the number cannot be negative", n)
	}
	if sv, err := st.SurveyBySlug(ctx, SurveySlug); err == nil {
		count, err := st.CountResponses(ctx, sv.ID)
		if err != nil {
			return "", err
		}
		return SurveySlug, fmt.Errorf("%w (%s, %d responses)", ErrExists, sv.State, count)
	} else if model.ErrorCode(err) != model.CodeNotFound {
		return "", err
	}
	d := Survey()
	cat, err := i18n.Load()
	if err != nil {
		return "", err
	}
	if ps := d.Validate(cat.IsLang); len(ps) > 0 {
		return "", fmt.Errorf("demo: the demo survey is not valid: %w", errors.Join(problemErrors(ps)...))
	}
	for _, l := range d.Languages {
		if !d.Complete(l) {
			return "", fmt.Errorf("demo: the demo survey is not complete in %s", l)
		}
	}
	c, err := st.ConsultationBySlug(ctx, ConsultationSlug)
	if model.ErrorCode(err) == model.CodeNotFound {
		c = &model.Consultation{Slug: ConsultationSlug, Name: title, StartsOn: "2025-01-01", Languages: d.Languages}
		err = st.CreateConsultation(ctx, nil, c)
	}
	if err != nil {
		return "", err
	}
	if err := fillChannel(ctx, st, kr, c); err != nil {
		return "", err
	}
	sv, err := st.SaveSurvey(ctx, nil, c.ID, d)
	if err != nil {
		return "", err
	}
	version, err := st.Publish(ctx, nil, sv.ID)
	if err != nil {
		return "", err
	}
	g := newGenerator(d, seed)
	for i := range n {
		if err := ctx.Err(); err != nil {
			return SurveySlug, err
		}
		sub, err := g.submission(kr, sv.ID, version)
		if err != nil {
			return SurveySlug, err
		}
		if _, err := st.Submit(ctx, sub); err != nil {
			return SurveySlug, fmt.Errorf("demo: response %d of %d: %w", i+1, n, err)
		}
	}
	return SurveySlug, nil
}

func problemErrors(ps []model.Problem) []error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errs
}

// languageWeights spread the responses over the seven languages.
var languageWeights = []struct {
	lang   string
	weight int
}{{"en", 22}, {"es", 22}, {"fr", 12}, {"pt", 12}, {"ar", 12}, {"ru", 10}, {"zh", 10}}

// regions are the likelier regions of a respondent answering in a language.
var regions = map[string][]string{
	"en": {"africa", "americas", "asia_pacific", "europe", "mena"},
	"es": {"americas", "americas", "americas", "europe"},
	"fr": {"africa", "africa", "europe", "americas", "mena"},
	"pt": {"americas", "americas", "africa", "europe"},
	"ar": {"mena", "mena", "mena", "europe"},
	"ru": {"europe", "europe", "asia_pacific"},
	"zh": {"asia_pacific", "asia_pacific", "asia_pacific", "americas"},
}

// generator draws synthetic responses.
type generator struct {
	r   *rand.Rand
	def *model.Definition
}

// newGenerator draws responses to d from a PCG source seeded with seed.
func newGenerator(d *model.Definition, seed int64) *generator {
	return &generator{r: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x5eed_c0ffee)), def: d}
}

// respondent is one synthetic respondent: a language and how well things
// went for them (0 badly … 1 well), which ties their answers together.
type respondent struct {
	lang string
	mood float64
}

func (g *generator) pick(vals []string) string { return vals[g.r.IntN(len(vals))] }

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) language() string {
	total := 0
	for _, w := range languageWeights {
		total += w.weight
	}
	n := g.r.IntN(total)
	for _, w := range languageWeights {
		if n < w.weight {
			return w.lang
		}
		n -= w.weight
	}
	return Languages[0]
}

// submission draws one response and builds what the server would store.
func (g *generator) submission(kr *privacy.Keyring, surveyID string, version int) (*store.Submission, error) {
	who := respondent{lang: g.language(), mood: (g.r.Float64() + g.r.Float64()) / 2}
	answers := model.Answers{}
	for si := range g.def.Sections {
		s := &g.def.Sections[si]
		if !s.Visible(answers) {
			continue
		}
		for qi := range s.Questions {
			q := &s.Questions[qi]
			if q.Type == model.Note || !q.Visible(answers) {
				continue
			}
			answers[q.ID] = g.answer(q, who, answers)
		}
	}
	answers = g.def.Prune(answers)
	consent := store.ConsentAggregate
	if g.chance(0.35) {
		consent = store.ConsentQuote
	}
	sub := &store.Submission{ID: privacy.NewSubmissionID(), SurveyID: surveyID, Version: version, Language: who.lang,
		Consent: consent, Pseudonym: privacy.RandomPseudonym()}
	stored, err := server.StoredAnswers(kr, g.def, sub.ID, answers)
	if err != nil {
		return nil, err
	}
	sub.Answers = stored
	return sub, nil
}

// answer draws one answer to a shown question.
func (g *generator) answer(q *model.Question, who respondent, so model.Answers) model.Answer {
	declined := 0.06
	switch q.Type {
	case model.LongText:
		declined = 0.55 // most people skip a free-text question
	case model.ShortText:
		declined = 0.65
	}
	if !q.Required && g.chance(declined) {
		return model.Answer{Declined: true}
	}
	switch q.ID {
	case "region":
		return values(g.pick(regions[who.lang]))
	case "consulted":
		switch p := g.r.Float64(); {
		case p < 0.45:
			return values("yes")
		case p < 0.85:
			return values("no")
		default:
			return values("unsure")
		}
	case "paid":
		switch p := g.r.Float64(); {
		case p < 0.25+0.2*who.mood:
			return values("yes")
		case p < 0.65:
			return values("partly")
		default:
			return values("no")
		}
	case "heard":
		bonus := 0.0
		if a := so["paid"]; slices.Contains(a.Values, "yes") {
			bonus = 0.15
		}
		return values(g.likert(who.mood + bonus))
	case "safe":
		return values(g.likert(who.mood))
	case "support":
		return number(clamp(math.Round(10*who.mood+g.r.NormFloat64()*1.5), 0, 10))
	case "services":
		return number(clamp(math.Floor(g.r.ExpFloat64()*2.5), 0, 50))
	case "barriers":
		if g.chance(0.1 + 0.2*who.mood) {
			return values("none")
		}
		var vs []string
		for _, c := range q.Choices {
			if c.Value != "none" && g.chance(0.35) {
				vs = append(vs, c.Value)
			}
		}
		if len(vs) == 0 {
			vs = []string{g.pick([]string{"language", "fear", "status", "cost", "info"})}
		}
		return values(vs...)
	}
	return g.generic(q, who)
}

// generic draws an answer for any question by its type.
func (g *generator) generic(q *model.Question, who respondent) model.Answer {
	switch q.Type {
	case model.SingleChoice:
		return values(q.Choices[g.r.IntN(len(q.Choices))].Value)
	case model.Scale:
		return values(g.likert(who.mood))
	case model.MultipleChoice:
		var vs []string
		for _, c := range q.Choices {
			if g.chance(0.4) {
				vs = append(vs, c.Value)
			}
		}
		if len(vs) == 0 {
			vs = []string{q.Choices[g.r.IntN(len(q.Choices))].Value}
		}
		return values(vs...)
	case model.Rating:
		return number(float64(g.r.IntN(11)))
	case model.Number:
		lo, hi := 0.0, 10.0
		if q.Min != nil {
			lo = *q.Min
		}
		if q.Max != nil {
			hi = *q.Max
		}
		return number(math.Round(lo + g.r.Float64()*(hi-lo)))
	case model.ShortText, model.LongText:
		pool := texts[q.ID][who.lang]
		if len(pool) == 0 {
			pool = texts["change"][who.lang]
		}
		return model.Answer{Text: g.pick(pool)}
	}
	return model.Answer{}
}

// likert draws a point of a five-point scale around mood.
func (g *generator) likert(mood float64) string {
	return strconv.Itoa(int(clamp(math.Round(1+4*mood+g.r.NormFloat64()*0.8), 1, 5)))
}

func values(vs ...string) model.Answer { return model.Answer{Values: vs} }

func number(f float64) model.Answer { return model.Answer{Number: &f} }

func clamp(f, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, f)) }

// texts are the free-text answers, by question and language: plain
// sentences a survivor might write, with nothing that identifies anyone.
var texts = map[string]map[string][]string{
	"change": {
		"en": {
			"Pay survivors fairly for their time and expertise, not only for their travel.",
			"Ask us before decisions are made, not after.",
			"Offer interpreters so that we can speak in our own language.",
			"Tell us afterwards what changed because of what we said.",
			"Let survivors lead some of the meetings, not only attend them.",
			"Give us enough time to prepare and a safe, private place to talk.",
		},
		"es": {
			"Pagar de forma justa a las personas sobrevivientes por su tiempo y su experiencia, no solo el transporte.",
			"Consultarnos antes de tomar las decisiones, no después.",
			"Ofrecer intérpretes para que podamos hablar en nuestro propio idioma.",
			"Contarnos después qué cambió gracias a lo que dijimos.",
			"Que las personas sobrevivientes dirijan algunas reuniones, no solo que asistan.",
			"Darnos tiempo suficiente para prepararnos y un lugar seguro y privado para hablar.",
		},
		"fr": {
			"Rémunérer équitablement les personnes survivantes pour leur temps et leur expertise, pas seulement leurs déplacements.",
			"Nous consulter avant de prendre les décisions, pas après.",
			"Proposer des interprètes pour que nous puissions parler dans notre langue.",
			"Nous dire ensuite ce qui a changé grâce à ce que nous avons dit.",
			"Laisser des personnes survivantes animer certaines réunions, pas seulement y assister.",
			"Nous laisser le temps de nous préparer, et un lieu sûr et discret pour parler.",
		},
		"pt": {
			"Pagar de forma justa as pessoas sobreviventes pelo seu tempo e conhecimento, não só o transporte.",
			"Nos consultar antes de tomar as decisões, não depois.",
			"Oferecer intérpretes para que possamos falar na nossa própria língua.",
			"Nos contar depois o que mudou por causa do que dissemos.",
			"Deixar que pessoas sobreviventes conduzam algumas reuniões, e não apenas participem.",
			"Dar tempo suficiente para nos prepararmos e um lugar seguro e reservado para conversar.",
		},
		"ar": {
			"دفع أجر عادل للناجين والناجيات مقابل وقتهم وخبرتهم، وليس تكاليف السفر فقط.",
			"استشارتنا قبل اتخاذ القرارات، لا بعدها.",
			"توفير مترجمين فوريين حتى نتمكن من التحدث بلغتنا.",
			"إخبارنا لاحقًا بما تغيّر بفضل ما قلناه.",
			"أن يقود الناجون والناجيات بعض الاجتماعات، لا أن يحضروها فقط.",
			"منحنا وقتًا كافيًا للاستعداد ومكانًا آمنًا وخاصًا للحديث.",
		},
		"ru": {
			"Справедливо платить пострадавшим за их время и опыт, а не только возмещать дорогу.",
			"Спрашивать нас до принятия решений, а не после.",
			"Приглашать переводчиков, чтобы мы могли говорить на родном языке.",
			"Потом рассказывать нам, что изменилось благодаря нашим словам.",
			"Давать пострадавшим вести часть встреч, а не только присутствовать на них.",
			"Давать достаточно времени на подготовку и безопасное, закрытое место для разговора.",
		},
		"zh": {
			"按幸存者付出的时间和专业知识给予合理报酬，而不只是报销路费。",
			"在做决定之前征求我们的意见，而不是之后。",
			"提供口译，让我们能用自己的语言发言。",
			"事后告诉我们，我们的意见带来了哪些改变。",
			"让幸存者主持一些会议，而不只是参加。",
			"给我们足够的准备时间，以及一个安全、私密的交谈场所。",
		},
	},
	"message": {
		"en": {"Nothing about us without us.", "Listen, then act.", "We are experts, not only stories.", "Keep your promises.", "Safety first, always."},
		"es": {"Nada sobre nosotros sin nosotros.", "Escuchen y luego actúen.", "Somos personas expertas, no solo historias.", "Cumplan sus promesas.", "La seguridad primero, siempre."},
		"fr": {"Rien sur nous sans nous.", "Écoutez, puis agissez.", "Nous avons une expertise, pas seulement une histoire.", "Tenez vos promesses.", "La sécurité d’abord, toujours."},
		"pt": {"Nada sobre nós sem nós.", "Escutem e depois ajam.", "Somos especialistas, não só histórias.", "Cumpram suas promessas.", "Segurança em primeiro lugar, sempre."},
		"ar": {"لا شيء عنّا من دوننا.", "استمعوا ثم تحرّكوا.", "نحن أصحاب خبرة، لسنا مجرد قصص.", "أوفوا بوعودكم.", "السلامة أولًا، دائمًا."},
		"ru": {"Ничего о нас без нас.", "Выслушайте, а потом действуйте.", "Мы эксперты, а не только истории.", "Выполняйте обещания.", "Безопасность прежде всего."},
		"zh": {"没有我们的参与，就不要做关于我们的决定。", "先倾听，再行动。", "我们是专家，而不只是故事。", "说到做到。", "安全永远第一。"},
	},
}
