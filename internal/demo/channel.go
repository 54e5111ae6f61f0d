package demo

import (
	"context"
	"fmt"

	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/privacy"
	"github.com/survivorvoice/voice/internal/server"
	"github.com/survivorvoice/voice/internal/store"
)

// ChannelSlug is the slug of the demo feedback channel.
const ChannelSlug = "open-feedback"

var channelTitle = t(
	"Open feedback",
	"Comentarios abiertos",
	"Commentaires libres",
	"Comentários abertos",
	"ملاحظات مفتوحة",
	"Свободные отзывы",
	"开放反馈",
)

var channelDescription = t(
	"Tell the co-chairs anything about how survivors are heard.",
	"Cuente a la copresidencia lo que quiera sobre cómo se escucha a las personas sobrevivientes.",
	"Dites à la coprésidence ce que vous voulez sur la façon dont les personnes survivantes sont écoutées.",
	"Diga à copresidência o que quiser sobre como as pessoas sobreviventes são ouvidas.",
	"أخبر الرئاسة المشتركة بما تريد عن طريقة الاستماع إلى الناجين والناجيات.",
	"Расскажите сопредседателям всё, что считаете важным о том, как слышат пострадавших.",
	"请告诉联合主席您对倾听幸存者方式的任何看法。",
)

// messages are the demo channel's messages by language. Some carry made-up
// contact details (reserved example numbers and domains), so that the
// moderation queue shows what the masking detectors find.
var messages = map[string][]string{
	"en": {"The shelter staff listened to me. I wish the court had too.", "Call me on +1 202 555 0147 if you want to hear more.", "Please publish the results in plain language."},
	"es": {"Nadie me explicó mis derechos en mi idioma.", "Pueden escribirme a maria.demo@example.org.", "Gracias por preguntar."},
	"fr": {"L’aide juridique est arrivée trop tard.", "Mon compte est @survivante_demo si besoin.", "Merci pour cette consultation."},
	"pt": {"Precisamos de intérpretes nos hospitais.", "Meu telefone é (11) 5555-0123.", "Obrigada por ouvir."},
	"ar": {"أريد أن يسمع صوتي دون خوف.", "رقمي ٠٥٥٥ ١٢٣ ٤٥٦ للتواصل.", "شكرًا لكم."},
	"ru": {"Приюту не хватает мест для семей.", "Пишите на demo.ivan@example.org.", "Спасибо за опрос."},
	"zh": {"希望有更多中文的法律援助。", "我的电话是 138 0013 8000。", "谢谢你们。"},
}

// fillChannel creates and opens the demo channel in consultation c and posts
// its messages, each waiting for a moderator, sealed as the server seals
// them.
func fillChannel(ctx context.Context, st *store.Store, kr *privacy.Keyring, c *model.Consultation) error {
	if _, err := st.ChannelBySlug(ctx, ChannelSlug); err == nil {
		return nil
	} else if model.ErrorCode(err) != model.CodeNotFound {
		return err
	}
	ch := &model.Channel{ConsultationID: c.ID, Slug: ChannelSlug, Title: channelTitle, Description: channelDescription, Languages: Languages, Open: true}
	if err := st.CreateChannel(ctx, nil, ch); err != nil {
		return err
	}
	for _, lang := range Languages {
		for _, text := range messages[lang] {
			id := privacy.NewSubmissionID()
			sealed, err := kr.Seal([]byte(text), server.MessageAAD(id))
			if err != nil {
				return err
			}
			if _, err := st.PostMessage(ctx, &store.ChannelPost{ID: id, ChannelID: ch.ID, Pseudonym: privacy.RandomPseudonym(),
				Language: lang, Consent: store.ConsentAggregate, Sealed: sealed}); err != nil {
				return fmt.Errorf("demo: channel message: %w", err)
			}
		}
	}
	return nil
}
