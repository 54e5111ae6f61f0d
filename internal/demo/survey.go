package demo

import "github.com/survivorvoice/voice/internal/model"

// Languages are the languages of the demo survey: every shipped language.
var Languages = []string{"en", "es", "fr", "pt", "ar", "ru", "zh"}

// SurveySlug is the slug of the demo survey, ConsultationSlug that of its
// consultation.
const (
	SurveySlug       = "priority-one"
	ConsultationSlug = "priority-one-2025"
)

// t is one text in the seven languages, in the order of Languages.
func t(en, es, fr, pt, ar, ru, zh string) model.Text {
	return model.Text{"en": en, "es": es, "fr": fr, "pt": pt, "ar": ar, "ru": ru, "zh": zh}
}

func ptr(f float64) *float64 { return &f }

var title = t(
	"Priority one: survivor engagement 2025",
	"Prioridad uno: participación de sobrevivientes 2025",
	"Priorité un : participation des personnes survivantes 2025",
	"Prioridade um: participação de sobreviventes 2025",
	"الأولوية الأولى: إشراك الناجين والناجيات 2025",
	"Приоритет первый: участие пострадавших, 2025",
	"优先事项一：幸存者参与（2025）",
)

// agreement is the five-point scale of the agreement questions.
func agreement() []model.Choice {
	return []model.Choice{
		{Value: "1", Label: t("Strongly disagree", "Totalmente en desacuerdo", "Pas du tout d’accord", "Discordo totalmente", "لا أوافق إطلاقًا", "Совсем нет", "非常不同意")},
		{Value: "2", Label: t("Disagree", "En desacuerdo", "Plutôt pas d’accord", "Discordo", "لا أوافق", "Скорее нет", "不同意")},
		{Value: "3", Label: t("Neither agree nor disagree", "Ni de acuerdo ni en desacuerdo", "Ni d’accord ni pas d’accord", "Não concordo nem discordo", "محايد", "Ни да, ни нет", "中立")},
		{Value: "4", Label: t("Agree", "De acuerdo", "Plutôt d’accord", "Concordo", "أوافق", "Скорее да", "同意")},
		{Value: "5", Label: t("Strongly agree", "Totalmente de acuerdo", "Tout à fait d’accord", "Concordo totalmente", "أوافق تمامًا", "Полностью да", "非常同意")},
	}
}

// noDetails is the hint of the free-text questions.
var noDetails = t(
	"Please leave out names, places and dates that could identify you or someone else.",
	"Por favor, no incluya nombres, lugares ni fechas que puedan identificarle a usted o a otra persona.",
	"Merci de ne pas indiquer de noms, de lieux ni de dates qui pourraient vous identifier, vous ou quelqu’un d’autre.",
	"Por favor, não inclua nomes, lugares ou datas que possam identificar você ou outra pessoa.",
	"يُرجى عدم ذكر أسماء أو أماكن أو تواريخ قد تكشف هويتك أو هوية شخص آخر.",
	"Пожалуйста, не указывайте имена, места и даты, по которым можно узнать вас или другого человека.",
	"请不要写下可能识别出您或他人身份的姓名、地点或日期。",
)

// whenConsulted shows a question only to those who were consulted.
var whenConsulted = []model.Condition{{Question: "consulted", Op: "equals", Values: []string{"yes"}}}

// Survey returns the demo survey: a consultation of survivors on ICAT's
// first priority, in every shipped language, with every question type. Each
// call returns a new copy.
func Survey() *model.Definition {
	return &model.Definition{
		Slug:      SurveySlug,
		Languages: append([]string(nil), Languages...),
		Minutes:   8,
		Title:     title,
		Purpose: t(
			"The Inter-Agency Coordination Group against Trafficking in Persons (ICAT) wants survivors’ voices to shape all of its work. This survey asks how you have been consulted and what would make it better. It is anonymous: we never ask for your name or contact details.",
			"El Grupo Interinstitucional de Cooperación contra la Trata de Personas (ICAT) quiere que las voces de las personas sobrevivientes orienten todo su trabajo. Esta encuesta pregunta cómo se le ha consultado y qué podría mejorar. Es anónima: nunca le pedimos su nombre ni sus datos de contacto.",
			"Le Groupe interinstitutions de coordination contre la traite des personnes (ICAT) veut que la voix des personnes survivantes guide tout son travail. Ce questionnaire porte sur la manière dont on vous a demandé votre avis et sur ce qui pourrait être amélioré. Il est anonyme : nous ne demandons jamais votre nom ni vos coordonnées.",
			"O Grupo Interinstitucional de Coordenação contra o Tráfico de Pessoas (ICAT) quer que a voz das pessoas sobreviventes oriente todo o seu trabalho. Este questionário pergunta como sua opinião foi pedida e o que poderia melhorar. É anônimo: nunca pedimos seu nome nem seus dados de contato.",
			"يريد الفريق المشترك بين الوكالات للتنسيق في مجال مكافحة الاتجار بالأشخاص (ICAT) أن تُوجّه أصوات الناجين والناجيات عمله كله. يسأل هذا الاستبيان عن كيفية استشارتك وعمّا يمكن أن يجعلها أفضل. الاستبيان مجهول الهوية: لن نطلب منك أبدًا اسمك أو بيانات الاتصال بك.",
			"Межучрежденческая координационная группа по борьбе с торговлей людьми (ICAT) хочет, чтобы голос пострадавших определял всю её работу. В этом опросе мы спрашиваем, как с вами советовались и что можно улучшить. Опрос анонимный: мы никогда не спрашиваем ваше имя или контактные данные.",
			"机构间打击贩运人口问题协调小组（ICAT）希望幸存者的声音能够指导其全部工作。本问卷询问您曾如何被征求意见，以及有哪些方面可以改进。问卷是匿名的：我们绝不会询问您的姓名或联系方式。",
		),
		Audience: t(
			"The ICAT co-chairs (OAS and UNODC) and a council of survivors read the answers. Your words are quoted only if you allow it, and never with details that could identify you.",
			"Las respuestas las leen la copresidencia del ICAT (OEA y UNODC) y un consejo de personas sobrevivientes. Sus palabras solo se citan si usted lo permite, y nunca con detalles que puedan identificarle.",
			"Les réponses sont lues par la coprésidence de l’ICAT (OEA et ONUDC) et par un conseil de personnes survivantes. Vos mots ne sont cités que si vous l’acceptez, et jamais avec des détails qui pourraient vous identifier.",
			"As respostas são lidas pela copresidência do ICAT (OEA e UNODC) e por um conselho de pessoas sobreviventes. Suas palavras só são citadas se você permitir, e nunca com detalhes que possam identificar você.",
			"يقرأ الإجابات الرئيسان المشاركان لـ ICAT (منظمة الدول الأمريكية ومكتب الأمم المتحدة المعني بالمخدرات والجريمة) ومجلس من الناجين والناجيات. لا نقتبس كلماتك إلا إذا سمحت بذلك، ولا نقتبسها أبدًا مع تفاصيل قد تكشف هويتك.",
			"Ответы читают сопредседатели ICAT (ОАГ и УНП ООН) и совет пострадавших. Ваши слова цитируются только с вашего согласия и никогда — с подробностями, по которым вас можно узнать.",
			"ICAT 的共同主席（美洲国家组织和联合国毒品和犯罪问题办公室）以及一个由幸存者组成的理事会会阅读这些回答。只有在您同意的情况下才会引用您的话，而且绝不会附带可能识别出您身份的细节。",
		),
		Sections: []model.Section{
			{
				ID:    "about",
				Title: t("About you", "Sobre usted", "À propos de vous", "Sobre você", "عنك", "О вас", "关于您"),
				Questions: []model.Question{
					{ID: "welcome", Type: model.Note, Text: t(
						"There are no right or wrong answers. Answer only what you are comfortable with.",
						"No hay respuestas correctas ni incorrectas. Responda solo lo que le resulte cómodo.",
						"Il n’y a pas de bonne ou de mauvaise réponse. Répondez seulement à ce qui vous met à l’aise.",
						"Não há respostas certas ou erradas. Responda apenas ao que se sentir à vontade para responder.",
						"لا توجد إجابات صحيحة أو خاطئة. أجب فقط عمّا ترتاح للإجابة عنه.",
						"Здесь нет правильных или неправильных ответов. Отвечайте только на то, на что вам комфортно отвечать.",
						"答案没有对错之分。只回答您愿意回答的问题。",
					)},
					{ID: "region", Type: model.SingleChoice, Text: t(
						"In which region do you live now?",
						"¿En qué región vive actualmente?",
						"Dans quelle région vivez-vous aujourd’hui ?",
						"Em que região você mora atualmente?",
						"في أي منطقة تعيش حاليًا؟",
						"В каком регионе вы сейчас живёте?",
						"您目前居住在哪个地区？",
					), Choices: []model.Choice{
						{Value: "africa", Label: t("Africa south of the Sahara", "África subsahariana", "Afrique subsaharienne", "África Subsaariana", "أفريقيا جنوب الصحراء الكبرى", "Африка к югу от Сахары", "撒哈拉以南非洲")},
						{Value: "americas", Label: t("The Americas", "Las Américas", "Amériques", "Américas", "الأمريكتان", "Америка", "美洲")},
						{Value: "asia_pacific", Label: t("Asia and the Pacific", "Asia y el Pacífico", "Asie et Pacifique", "Ásia e Pacífico", "آسيا والمحيط الهادئ", "Азиатско-Тихоокеанский регион", "亚洲及太平洋")},
						{Value: "europe", Label: t("Europe", "Europa", "Europe", "Europa", "أوروبا", "Европа", "欧洲")},
						{Value: "mena", Label: t("Middle East and North Africa", "Oriente Medio y Norte de África", "Moyen-Orient et Afrique du Nord", "Oriente Médio e Norte da África", "الشرق الأوسط وشمال أفريقيا", "Ближний Восток и Северная Африка", "中东和北非")},
					}},
					{ID: "services", Type: model.Number, Min: ptr(0), Max: ptr(50), Integer: true, Text: t(
						"How many organisations or services have supported you so far?",
						"¿Cuántas organizaciones o servicios le han apoyado hasta ahora?",
						"Combien d’organisations ou de services vous ont apporté un soutien jusqu’à présent ?",
						"Quantas organizações ou serviços já apoiaram você até agora?",
						"كم عدد المنظمات أو الخدمات التي قدّمت لك الدعم حتى الآن؟",
						"Сколько организаций или служб оказывали вам поддержку до сих пор?",
						"到目前为止，有多少个机构或服务为您提供过支持？",
					), Hint: t(
						"A number from 0 to 50. An estimate is fine.",
						"Un número de 0 a 50. Basta con un cálculo aproximado.",
						"Un nombre de 0 à 50. Une estimation suffit.",
						"Um número de 0 a 50. Uma estimativa basta.",
						"رقم من 0 إلى 50. يكفي رقم تقريبي.",
						"Число от 0 до 50. Можно примерно.",
						"0 到 50 之间的数字，估计即可。",
					)},
				},
			},
			{
				ID:    "consultation",
				Title: t("Being consulted", "Las consultas", "Les consultations", "As consultas", "استشارتك", "Участие в консультациях", "征求意见"),
				Questions: []model.Question{
					{ID: "consulted", Type: model.SingleChoice, Required: true, Text: t(
						"In the past two years, has any organisation asked for your views on its anti-trafficking work?",
						"En los últimos dos años, ¿alguna organización le ha pedido su opinión sobre su trabajo contra la trata?",
						"Au cours des deux dernières années, une organisation vous a-t-elle demandé votre avis sur son travail contre la traite ?",
						"Nos últimos dois anos, alguma organização pediu sua opinião sobre o trabalho dela contra o tráfico de pessoas?",
						"خلال العامين الماضيين، هل طلبت منك أي منظمة رأيك في عملها لمكافحة الاتجار بالأشخاص؟",
						"За последние два года какая-либо организация спрашивала ваше мнение о своей работе по борьбе с торговлей людьми?",
						"在过去两年里，是否有任何机构就其反贩运人口工作征求过您的意见？",
					), Choices: []model.Choice{
						{Value: "yes", Label: t("Yes", "Sí", "Oui", "Sim", "نعم", "Да", "是")},
						{Value: "no", Label: t("No", "No", "Non", "Não", "لا", "Нет", "否")},
						{Value: "unsure", Label: t("I don’t know", "No lo sé", "Je ne sais pas", "Não sei", "لا أعرف", "Не знаю", "不确定")},
					}},
					{ID: "how", Type: model.MultipleChoice, ShowIf: whenConsulted, Text: t(
						"How were you asked? Choose all that apply.",
						"¿Cómo se le consultó? Elija todas las opciones que correspondan.",
						"Comment vous a-t-on demandé votre avis ? Choisissez toutes les réponses qui s’appliquent.",
						"Como pediram sua opinião? Escolha todas as opções que se aplicam.",
						"كيف طُلب رأيك؟ اختر كل ما ينطبق.",
						"Как у вас спрашивали мнение? Выберите все подходящие варианты.",
						"他们是通过什么方式征求您的意见的？可多选。",
					), Choices: []model.Choice{
						{Value: "survey", Label: t("A survey or questionnaire", "Una encuesta o un cuestionario", "Un questionnaire", "Uma pesquisa ou um questionário", "استبيان", "Опрос или анкета", "问卷调查")},
						{Value: "interview", Label: t("A one-to-one interview", "Una entrevista individual", "Un entretien individuel", "Uma entrevista individual", "مقابلة فردية", "Индивидуальное интервью", "一对一访谈")},
						{Value: "group", Label: t("A group discussion", "Una conversación en grupo", "Une discussion de groupe", "Uma conversa em grupo", "نقاش جماعي", "Групповое обсуждение", "小组讨论")},
						{Value: "board", Label: t("A survivor advisory board or council", "Un consejo asesor de sobrevivientes", "Un conseil consultatif de personnes survivantes", "Um conselho consultivo de sobreviventes", "مجلس استشاري للناجين والناجيات", "Консультативный совет пострадавших", "幸存者咨询委员会")},
						{Value: "event", Label: t("A conference or public event", "Una conferencia o un evento público", "Une conférence ou un événement public", "Uma conferência ou evento público", "مؤتمر أو فعالية عامة", "Конференция или публичное мероприятие", "会议或公开活动")},
					}},
					{ID: "heard", Type: model.Scale, ShowIf: whenConsulted, Choices: agreement(), Text: t(
						"I felt that my views were taken into account.",
						"Sentí que mis opiniones se tuvieron en cuenta.",
						"J’ai senti que mon avis était pris en compte.",
						"Senti que minhas opiniões foram levadas em conta.",
						"شعرت بأن آرائي أُخذت في الاعتبار.",
						"У меня было ощущение, что моё мнение учли.",
						"我感到自己的意见得到了重视。",
					)},
					{ID: "paid", Type: model.SingleChoice, ShowIf: whenConsulted, Text: t(
						"Were you paid for your time?",
						"¿Le pagaron por su tiempo?",
						"Votre temps a-t-il été rémunéré ?",
						"Você recebeu pagamento pelo seu tempo?",
						"هل حصلت على أجر مقابل وقتك؟",
						"Вам заплатили за потраченное время?",
						"您花费的时间是否得到了报酬？",
					), Choices: []model.Choice{
						{Value: "yes", Label: t("Yes, fairly", "Sí, de forma justa", "Oui, équitablement", "Sim, de forma justa", "نعم، بشكل عادل", "Да, справедливо", "是，报酬合理")},
						{Value: "partly", Label: t("Only expenses, or too little", "Solo los gastos, o muy poco", "Seulement les frais, ou trop peu", "Só as despesas, ou muito pouco", "المصاريف فقط، أو مبلغ قليل جدًا", "Только расходы или слишком мало", "只报销了费用，或报酬太少")},
						{Value: "no", Label: t("No", "No", "Non", "Não", "لا", "Нет", "否")},
					}},
				},
			},
			{
				ID:    "support_safety",
				Title: t("Support and safety", "Apoyo y seguridad", "Soutien et sécurité", "Apoio e segurança", "الدعم والأمان", "Поддержка и безопасность", "支持与安全"),
				Warning: t(
					"This page asks about the support you received after exploitation. It does not ask what happened to you. You can choose “Prefer not to say” for any question, or stop at any time.",
					"Esta página pregunta por el apoyo que recibió después de la explotación. No pregunta qué le ocurrió. Puede elegir “Prefiero no decirlo” en cualquier pregunta o parar cuando quiera.",
					"Cette page porte sur le soutien que vous avez reçu après l’exploitation. Elle ne demande pas ce qui vous est arrivé. Vous pouvez choisir « Je préfère ne pas répondre » pour chaque question, ou arrêter à tout moment.",
					"Esta página pergunta sobre o apoio que você recebeu depois da exploração. Ela não pergunta o que aconteceu com você. Você pode escolher “Prefiro não dizer” em qualquer pergunta ou parar quando quiser.",
					"تسأل هذه الصفحة عن الدعم الذي تلقيته بعد الاستغلال، ولا تسأل عمّا حدث لك. يمكنك اختيار «أفضّل عدم الإجابة» لأي سؤال، أو التوقف في أي وقت.",
					"На этой странице мы спрашиваем о поддержке, которую вы получили после эксплуатации. Мы не спрашиваем, что с вами произошло. В любом вопросе можно выбрать «Не хочу отвечать» или остановиться в любой момент.",
					"本页询问您在遭受剥削后获得的支持，不会询问您的经历。任何问题您都可以选“不想回答”，也可以随时停止。",
				),
				Questions: []model.Question{
					{ID: "support", Type: model.Rating, Text: t(
						"Overall, how would you rate the support you received? 0 means very poor, 10 means excellent.",
						"En general, ¿cómo valora el apoyo que recibió? 0 significa muy malo y 10, excelente.",
						"Dans l’ensemble, comment évaluez-vous le soutien reçu ? 0 signifie très mauvais, 10 excellent.",
						"De modo geral, como você avalia o apoio que recebeu? 0 significa muito ruim e 10, excelente.",
						"بشكل عام، كيف تقيّم الدعم الذي تلقيته؟ 0 تعني ضعيف جدًا، و10 تعني ممتاز.",
						"В целом как вы оцениваете полученную поддержку? 0 — очень плохо, 10 — отлично.",
						"总体而言，您如何评价所获得的支持？0 表示非常差，10 表示非常好。",
					)},
					{ID: "barriers", Type: model.MultipleChoice, Text: t(
						"What made it harder to get support? Choose all that apply.",
						"¿Qué le dificultó recibir apoyo? Elija todas las opciones que correspondan.",
						"Qu’est-ce qui a rendu l’accès au soutien plus difficile ? Choisissez toutes les réponses qui s’appliquent.",
						"O que dificultou o acesso ao apoio? Escolha todas as opções que se aplicam.",
						"ما الذي صعّب عليك الحصول على الدعم؟ اختر كل ما ينطبق.",
						"Что мешало получить поддержку? Выберите все подходящие варианты.",
						"是什么让您更难获得支持？可多选。",
					), Choices: []model.Choice{
						{Value: "language", Label: t("Language", "El idioma", "La langue", "O idioma", "اللغة", "Язык", "语言")},
						{Value: "fear", Label: t("Fear of the authorities", "Miedo a las autoridades", "La peur des autorités", "Medo das autoridades", "الخوف من السلطات", "Страх перед властями", "害怕当局")},
						{Value: "status", Label: t("Immigration status", "La situación migratoria", "Le statut migratoire", "A situação migratória", "وضع الإقامة أو الهجرة", "Миграционный статус", "移民身份")},
						{Value: "cost", Label: t("Cost", "El costo", "Le coût", "O custo", "التكلفة", "Стоимость", "费用")},
						{Value: "info", Label: t("Not knowing where to go", "No saber adónde acudir", "Ne pas savoir où s’adresser", "Não saber aonde ir", "عدم معرفة الجهة التي يمكن اللجوء إليها", "Незнание, куда обратиться", "不知道该去哪里求助")},
						{Value: "none", Label: t("Nothing made it harder", "Nada lo dificultó", "Rien ne l’a rendu plus difficile", "Nada dificultou", "لم يصعّبه شيء", "Ничего не мешало", "没有遇到困难")},
					}},
					{ID: "safe", Type: model.Scale, Choices: agreement(), Text: t(
						"I feel safe sharing my views with organisations like ICAT.",
						"Siento que puedo compartir mis opiniones con seguridad con organizaciones como el ICAT.",
						"Je me sens en sécurité pour partager mon avis avec des organisations comme l’ICAT.",
						"Sinto segurança para compartilhar minhas opiniões com organizações como o ICAT.",
						"أشعر بالأمان عند مشاركة آرائي مع منظمات مثل ICAT.",
						"Мне безопасно делиться своим мнением с такими организациями, как ICAT.",
						"我觉得向 ICAT 这样的机构分享我的看法是安全的。",
					)},
				},
			},
			{
				ID:    "ideas",
				Title: t("Your ideas", "Sus ideas", "Vos idées", "Suas ideias", "أفكارك", "Ваши идеи", "您的想法"),
				Questions: []model.Question{
					{ID: "change", Type: model.LongText, Hint: noDetails, MaxLen: 2000, Text: t(
						"What is one thing that would make survivor engagement better?",
						"¿Qué es lo que más mejoraría la participación de las personas sobrevivientes?",
						"Quelle est la chose qui améliorerait le plus la participation des personnes survivantes ?",
						"O que mais melhoraria a participação das pessoas sobreviventes?",
						"ما الشيء الذي من شأنه أن يحسّن إشراك الناجين والناجيات؟",
						"Что больше всего улучшило бы участие пострадавших?",
						"有什么能让幸存者的参与变得更好？",
					)},
					{ID: "message", Type: model.ShortText, Hint: noDetails, MaxLen: 120, Text: t(
						"In a few words: what should the co-chairs remember?",
						"En pocas palabras: ¿qué debería recordar la copresidencia?",
						"En quelques mots : que devrait retenir la coprésidence ?",
						"Em poucas palavras: o que a copresidência deve lembrar?",
						"في كلمات قليلة: ما الذي يجب أن يتذكره الرئيسان المشاركان؟",
						"В нескольких словах: что должны запомнить сопредседатели?",
						"用几句话说：共同主席应该记住什么？",
					)},
					{ID: "thanks", Type: model.Note, Text: t(
						"Thank you. On the next page you can check your answers before you send them.",
						"Gracias. En la página siguiente puede revisar sus respuestas antes de enviarlas.",
						"Merci. À la page suivante, vous pourrez relire vos réponses avant de les envoyer.",
						"Agradecemos. Na próxima página, você pode revisar suas respostas antes de enviá-las.",
						"شكرًا لك. في الصفحة التالية يمكنك مراجعة إجاباتك قبل إرسالها.",
						"Спасибо. На следующей странице вы сможете проверить ответы перед отправкой.",
						"谢谢您。在下一页，您可以在提交前检查您的回答。",
					)},
				},
			},
		},
	}
}
