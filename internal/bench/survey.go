package bench

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// Slug is the benchmark survey's slug.
const Slug = "bench"

// publishable checks the survey as the admin pages do before publishing:
// valid, and complete in every language it is offered in.
func publishable(d *model.Definition, cat *i18n.Catalog) error {
	if ps := d.Validate(cat.IsLang); len(ps) > 0 {
		return fmt.Errorf("the benchmark survey is not valid: %v", ps)
	}
	for _, l := range d.Languages {
		if !d.Complete(l) {
			return fmt.Errorf("the benchmark survey is incomplete in %s", l)
		}
	}
	return nil
}

func tx(en, es, ar string) model.Text { return model.Text{"en": en, "es": es, "ar": ar} }

func num(f float64) *float64 { return &f }

// Survey is the benchmark survey: the size of a real consultation survey,
// three pages and eight questions of every answer type, a content warning,
// a note and a long text, in three languages (one of them right-to-left).
func Survey() *model.Definition {
	agree := []model.Choice{
		{Value: "1", Label: tx("Strongly disagree", "Muy en desacuerdo", "لا أوافق بشدة")},
		{Value: "2", Label: tx("Disagree", "En desacuerdo", "لا أوافق")},
		{Value: "3", Label: tx("Neither agree nor disagree", "Ni de acuerdo ni en desacuerdo", "محايد")},
		{Value: "4", Label: tx("Agree", "De acuerdo", "أوافق")},
		{Value: "5", Label: tx("Strongly agree", "Muy de acuerdo", "أوافق بشدة")},
	}
	return &model.Definition{
		Slug: Slug, Languages: []string{"en", "es", "ar"}, Minutes: 10,
		Title: tx("Support after exploitation", "El apoyo después de la explotación", "الدعم بعد الاستغلال"),
		Purpose: tx("The survivor council wants to know which support helped and what was missing, to bring it to the national action plan.",
			"El consejo de sobrevivientes quiere saber qué apoyo ayudó y qué faltó, para llevarlo al plan nacional de acción.",
			"يريد مجلس الناجين أن يعرف أي دعم ساعد وما الذي كان ناقصًا، لعرضه في خطة العمل الوطنية."),
		Audience: tx("The survivor council and its co-chairs.", "El consejo de sobrevivientes y su copresidencia.", "مجلس الناجين ورئاسته المشتركة."),
		Sections: []model.Section{
			{ID: "about", Title: tx("About you", "Sobre usted", "عنك"), Questions: []model.Question{
				{ID: "region", Type: model.SingleChoice, Text: tx("Where do you live now?", "¿Dónde vive ahora?", "أين تعيش الآن؟"),
					Choices: []model.Choice{
						{Value: "north", Label: tx("North", "Norte", "الشمال")}, {Value: "south", Label: tx("South", "Sur", "الجنوب")},
						{Value: "east", Label: tx("East", "Este", "الشرق")}, {Value: "west", Label: tx("West", "Oeste", "الغرب")},
						{Value: "abroad", Label: tx("Abroad", "En el extranjero", "في الخارج")}}},
				{ID: "years", Type: model.Number, Text: tx("How many years ago did you leave the situation?", "¿Hace cuántos años salió de la situación?", "منذ كم سنة خرجت من ذلك الوضع؟"),
					Hint: tx("A whole number.", "Un número entero.", "عدد صحيح."), Min: num(0), Max: num(80), Integer: true},
				{ID: "services", Type: model.MultipleChoice, Text: tx("Which services did you use?", "¿Qué servicios usó?", "ما الخدمات التي استخدمتها؟"),
					Choices: []model.Choice{
						{Value: "housing", Label: tx("Housing", "Vivienda", "سكن")}, {Value: "legal", Label: tx("Legal aid", "Ayuda legal", "مساعدة قانونية")},
						{Value: "health", Label: tx("Health care", "Atención de salud", "رعاية صحية")}, {Value: "work", Label: tx("Work or training", "Trabajo o formación", "عمل أو تدريب")},
						{Value: "money", Label: tx("Financial help", "Ayuda económica", "مساعدة مالية")}}},
			}},
			{ID: "support", Title: tx("The support you received", "El apoyo que recibió", "الدعم الذي تلقيته"),
				Warning: tx("The next questions ask about the time after you left. You can skip any of them.",
					"Las siguientes preguntas tratan del tiempo después de salir. Puede saltar cualquiera.",
					"تسأل الأسئلة التالية عن الوقت بعد خروجك. يمكنك تخطي أي منها."),
				Questions: []model.Question{
					{ID: "safe", Type: model.Scale, Text: tx("I felt safe with the people who helped me.", "Me sentí seguro/a con quienes me ayudaron.", "شعرت بالأمان مع من ساعدوني."), Choices: agree},
					{ID: "useful", Type: model.Rating, Text: tx("How useful was the support, from 0 to 10?", "¿Qué tan útil fue el apoyo, de 0 a 10?", "ما مدى فائدة الدعم من 0 إلى 10؟")},
					{ID: "believed", Type: model.Scale, Text: tx("I was believed.", "Me creyeron.", "صدّقوني."), Choices: agree},
				}},
			{ID: "words", Title: tx("In your words", "Con sus palabras", "بكلماتك"), Questions: []model.Question{
				{ID: "note", Type: model.Note, Text: tx("Almost done. Please do not write names or places that could identify you.",
					"Casi terminamos. Por favor no escriba nombres ni lugares que puedan identificarle.",
					"أوشكنا على الانتهاء. من فضلك لا تكتب أسماء أو أماكن قد تكشف هويتك.")},
				{ID: "change", Type: model.LongText, Text: tx("What should change first?", "¿Qué debería cambiar primero?", "ما الذي يجب أن يتغير أولًا؟"),
					Hint: tx("Write as much as you like.", "Escriba todo lo que quiera.", "اكتب ما تشاء.")},
				{ID: "word", Type: model.ShortText, Text: tx("One word for the co-chairs", "Una palabra para la copresidencia", "كلمة للرئاسة المشتركة"), Required: true},
			}},
		},
	}
}

// longAnswer is a typical long-text answer (about 600 characters).
var longAnswer = strings.Repeat("The caseworker listened and did not rush me. What was missing was help with papers and a place to stay that was not far from my children. ", 4)

// answerFor is the form value a respondent sends for a question.
func answerFor(q *model.Question) []string {
	switch q.Type {
	case model.SingleChoice:
		return []string{q.Choices[0].Value}
	case model.MultipleChoice:
		return []string{q.Choices[0].Value, q.Choices[1].Value}
	case model.Scale:
		return []string{q.Choices[len(q.Choices)-2].Value}
	case model.Rating:
		return []string{"7"}
	case model.Number:
		return []string{"3"}
	case model.ShortText:
		return []string{"Listen"}
	case model.LongText:
		return []string{longAnswer}
	}
	return nil
}

// pageForms are the answers of each page, as the form fields q.<id>.
func pageForms(d *model.Definition) []url.Values {
	out := make([]url.Values, len(d.Sections))
	for i := range d.Sections {
		out[i] = url.Values{}
		for j := range d.Sections[i].Questions {
			q := &d.Sections[i].Questions[j]
			if v := answerFor(q); v != nil {
				out[i]["q."+q.ID] = v
			}
		}
	}
	return out
}

// storedAnswers are the answers as the server stores them for the answers
// of pageForms (see flow.submission): choices and numbers as text, free
// text sealed by seal.
func storedAnswers(d *model.Definition, seal func(text, questionID string) (string, error)) ([]store.StoredAnswer, error) {
	var out []store.StoredAnswer
	for _, q := range d.Questions() {
		raw := answerFor(q)
		if raw == nil {
			continue
		}
		sa := store.StoredAnswer{QuestionID: q.ID}
		switch {
		case q.IsText():
			s, err := seal(strings.Join(raw, "\n"), q.ID)
			if err != nil {
				return nil, err
			}
			sa.Sealed = s
		case q.Type == model.Number || q.Type == model.Rating:
			f, _ := strconv.ParseFloat(raw[0], 64)
			sa.Value = strconv.FormatFloat(f, 'f', -1, 64)
		default:
			sa.Value = strings.Join(raw, "\n")
		}
		out = append(out, sa)
	}
	return out, nil
}
