package server

import (
	"context"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

func tx(en, es, ar string) model.Text { return model.Text{"en": en, "es": es, "ar": ar} }

func ptr(f float64) *float64 { return &f }

// testSurvey has every question type, a content warning, conditions on a
// question of the same page and on a whole section, and a required question.
func testSurvey(slug string) *model.Definition {
	return &model.Definition{
		Slug: slug, Languages: []string{"en", "es", "ar"}, Minutes: 5,
		Title:   tx("Priority one survey", "Encuesta de prioridad uno", "استبيان الأولوية الأولى"),
		Purpose: tx("Tell us what helped you.", "Díganos qué le ayudó.", "أخبرنا بما ساعدك."),
		Sections: []model.Section{
			{ID: "s1", Title: tx("About support", "Sobre el apoyo", "عن الدعم"), Questions: []model.Question{
				{ID: "q1", Type: model.SingleChoice, Text: tx("Did you receive support?", "¿Recibió apoyo?", "هل تلقيت دعمًا؟"),
					Choices: []model.Choice{{Value: "yes", Label: tx("Yes", "Sí", "نعم")}, {Value: "no", Label: tx("No", "No", "لا")}}},
				{ID: "q2", Type: model.LongText, Text: tx("What helped most?", "¿Qué ayudó más?", "ما الذي ساعد أكثر؟"),
					ShowIf: []model.Condition{{Question: "q1", Op: "equals", Values: []string{"yes"}}}},
				{ID: "q3", Type: model.Number, Text: tx("How many months?", "¿Cuántos meses?", "كم شهرًا؟"), Min: ptr(0), Max: ptr(600), Integer: true},
			}},
			{ID: "s2", Title: tx("Services", "Servicios", "الخدمات"), Warning: tx("Questions about exploitation.", "Preguntas sobre explotación.", "أسئلة عن الاستغلال."),
				ShowIf: []model.Condition{{Question: "q1", Op: "any_of", Values: []string{"yes"}}},
				Questions: []model.Question{
					{ID: "q4", Type: model.MultipleChoice, Text: tx("Which services?", "¿Qué servicios?", "ما الخدمات؟"),
						Choices: []model.Choice{{Value: "housing", Label: tx("Housing", "Vivienda", "سكن")}, {Value: "legal", Label: tx("Legal aid", "Ayuda legal", "مساعدة قانونية")}, {Value: "health", Label: tx("Health", "Salud", "صحة")}}},
					{ID: "q5", Type: model.Rating, Text: tx("How useful, 0 to 10?", "¿Qué tan útil, de 0 a 10?", "ما مدى الفائدة من 0 إلى 10؟")},
					{ID: "q6", Type: model.Scale, Text: tx("I felt safe.", "Me sentí seguro/a.", "شعرت بالأمان."),
						Choices: []model.Choice{{Value: "1", Label: tx("Strongly disagree", "Muy en desacuerdo", "لا أوافق بشدة")}, {Value: "2", Label: tx("Disagree", "En desacuerdo", "لا أوافق")},
							{Value: "3", Label: tx("Neutral", "Neutral", "محايد")}, {Value: "4", Label: tx("Agree", "De acuerdo", "أوافق")}, {Value: "5", Label: tx("Strongly agree", "Muy de acuerdo", "أوافق بشدة")}}},
				}},
			{ID: "s3", Title: tx("Last words", "Últimas palabras", "كلمة أخيرة"), Questions: []model.Question{
				{ID: "n1", Type: model.Note, Text: tx("Almost done.", "Casi terminamos.", "أوشكنا على الانتهاء.")},
				{ID: "q7", Type: model.ShortText, Text: tx("One word for the co-chairs", "Una palabra para la copresidencia", "كلمة للرئاسة المشتركة"), Required: true},
			}},
		},
	}
}

// openSurvey publishes a survey through the store, as an admin would.
func (h *harness) openSurvey(d *model.Definition) *store.Survey {
	h.t.Helper()
	ctx := context.Background()
	c := &model.Consultation{Slug: "c-" + d.Slug, Name: model.Text{"en": "Priority one"}, StartsOn: "2026-01-01", Languages: d.Languages}
	if err := h.st.CreateConsultation(ctx, nil, c); err != nil {
		h.t.Fatal(err)
	}
	sv, err := h.st.SaveSurvey(ctx, nil, c.ID, d)
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.st.Publish(ctx, nil, sv.ID); err != nil {
		h.t.Fatal(err)
	}
	if sv, err = h.st.SurveyByID(ctx, sv.ID); err != nil {
		h.t.Fatal(err)
	}
	return sv
}
