package mask

import (
	"strings"
	"testing"
)

// want is an expected finding: its kind and the exact text it covers.
type want struct {
	kind Kind
	text string
}

var detectTerms = []string{"José Pérez", "Marseille", "Fazenda Esperança", "القاهرة", "محمد", "Москва", "深圳"}

func TestFind(t *testing.T) {
	tests := map[string][]struct {
		name string
		text string
		want []want
	}{
		"en": {
			{"PhoneNANP", "call me on +1 (555) 123-4567 tonight", []want{{KindPhone, "+1 (555) 123-4567"}}},
			{"Email", "write to jane.doe@gmail.com.", []want{{KindEmail, "jane.doe@gmail.com"}}},
			{"URLScheme", "see https://example.org/a?b=1).", []want{{KindURL, "https://example.org/a?b=1"}}},
			{"Handle", "the recruiter is @jobs_for_you", []want{{KindHandle, "@jobs_for_you"}}},
			{"Receipt", "my receipt 0123 4567 8901 2345", []want{{KindID, "0123 4567 8901 2345"}}},
			{"NoMoney", "I was paid 1,500 dollars", nil},
			{"NoAbbreviation", "e.g. rent, i.e. food", nil},
			{"NoYearRange", "from 2018-2020 I worked there", nil},
			{"NoTime", "we started at 10:30", nil},
		},
		"es": {
			{"PhoneIntl", "llámame al +52 55 1234 5678", []want{{KindPhone, "+52 55 1234 5678"}}},
			{"PhoneLocal", "mi número es 612 345 678", []want{{KindPhone, "612 345 678"}}},
			{"Term", "el patrón jose perez nos gritaba", []want{{KindTerm, "jose perez"}}},
			{"IBAN", "cuenta ES91 2100 0418 4502 0005 1332", []want{{KindID, "ES91 2100 0418 4502 0005 1332"}}},
			{"BareDomain", "la oferta estaba en empleos-seguros.mx", []want{{KindURL, "empleos-seguros.mx"}}},
			{"NoYearAndHours", "en 2019 trabajé 12 horas", nil},
			{"NoThousands", "me debían 1.500.000 pesos", nil},
		},
		"fr": {
			{"PhoneLocal", "appelez le 06 12 34 56 78", []want{{KindPhone, "06 12 34 56 78"}}},
			{"PhoneIntl", "mon numéro: +33 6 12 34 56 78", []want{{KindPhone, "+33 6 12 34 56 78"}}},
			{"Term", "on nous a emmenées à Marseille", []want{{KindTerm, "Marseille"}}},
			{"NoDate", "le 14/03/2025 ils sont venus", nil},
			{"NoCount", "3 ans sans salaire", nil},
			{"NoMoneySpaces", "une dette de 10 000 000 €", nil},
		},
		"pt": {
			{"PhoneMobile", "me liga no (11) 98765-4321", []want{{KindPhone, "(11) 98765-4321"}}},
			{"CPF", "meu CPF 123.456.789-09", []want{{KindID, "123.456.789-09"}}},
			{"TermAccents", "na fazenda esperanca", []want{{KindTerm, "fazenda esperanca"}}},
			{"NoMoney", "recebia 1.500 reais", nil},
			{"NoDate", "dia 14.03.2025 fugimos", nil},
		},
		"ar": {
			{"PhoneArabicIndic", "رقمي ٠٥٠١٢٣٤٥٦٧", []want{{KindPhone, "٠٥٠١٢٣٤٥٦٧"}}},
			{"PhonePersian", "رقم ۰۹۱۲۳۴۵۶۷۸۹", []want{{KindPhone, "۰۹۱۲۳۴۵۶۷۸۹"}}},
			{"PhoneDirectionMarks", "الرقم \u200f+966 55 123 4567\u200f", []want{{KindPhone, "+966 55 123 4567"}}},
			{"TermClitics", "وبالقاهرة كانوا", []want{{KindTerm, "القاهرة"}}},
			{"TermTashkeel", "اسمه مُحَمَّد", []want{{KindTerm, "مُحَمَّد"}}},
			{"NoHours", "كنا نعمل ١٢ ساعة", nil},
			{"NoDate", "في ١٤/٠٣/٢٠٢٥ هربت", nil},
			{"NoTermInsideWord", "المحمدية مدينة", nil},
		},
		"ru": {
			{"Email", "пишите на ivan.petrov@mail.ru", []want{{KindEmail, "ivan.petrov@mail.ru"}}},
			{"PhoneTrunk", "мой телефон 8 (495) 123-45-67", []want{{KindPhone, "8 (495) 123-45-67"}}},
			{"TermInflected", "из Москвы нас повезли", []want{{KindTerm, "Москвы"}}},
			{"NoDate", "14.03.2025 я сбежала", nil},
			{"NoMoney", "платили 30 000 рублей", nil},
			{"NoAbbreviation", "т.е. мы не могли уйти", nil},
		},
		"zh": {
			{"PhoneMobile", "我的电话是13800138000", []want{{KindPhone, "13800138000"}}},
			{"PhoneGrouped", "打这个号码：138 0013 8000", []want{{KindPhone, "138 0013 8000"}}},
			{"PhoneFullWidth", "电话：０２１－６２３４－５６７８", []want{{KindPhone, "０２１－６２３４－５６７８"}}},
			{"EmailNoSpace", "邮箱是wangfang88@qq.com谢谢", []want{{KindEmail, "wangfang88@qq.com"}}},
			{"TermSubstring", "我在深圳的工厂", []want{{KindTerm, "深圳"}}},
			{"NoHours", "每天工作12个小时", nil},
			{"NoMoney", "一个月只给1500元", nil},
		},
	}
	d := New(detectTerms)
	for lang, cases := range tests {
		t.Run(lang, func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					var got []want
					for _, f := range d.Find(tc.text) {
						got = append(got, want{f.Kind, f.Text})
					}
					if !equalWants(got, tc.want) {
						t.Errorf("Find(%q) = %v, want %v", tc.text, got, tc.want)
					}
				})
			}
		})
	}
}

func equalWants(a, b []want) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMask(t *testing.T) {
	d := New([]string{"Maria Lopez"})
	text := "Maria Lopez: +52 55 1234 5678, ana@x.com, www.x.org, @ana_x, AB1234567"
	got := Mask(text, d.Find(text))
	if want := "[term]: [phone], [email], [url], [handle], [id]"; got != want {
		t.Errorf("Mask = %q, want %q", got, want)
	}
	t.Run("SkipsBadFindings", func(t *testing.T) {
		fs := []Finding{{Kind: KindID, Start: 2, End: 4}, {Kind: KindID, Start: 3, End: 5}, {Kind: KindID, Start: 4, End: 99}}
		if got := Mask("abcdef", fs); got != "ab[id]ef" {
			t.Errorf("Mask = %q", got)
		}
	})
}

func TestMergePrefersLonger(t *testing.T) {
	text := "write ivan.petrov@mail.ru"
	fs := New([]string{"petrov"}).Find(text)
	if len(fs) != 1 || fs[0].Kind != KindEmail || fs[0].Text != "ivan.petrov@mail.ru" {
		t.Errorf("Find(%q) = %v, want one email", text, fs)
	}
}

// TestLongInput checks that a text far over 100 KB, built to defeat the
// patterns, is scanned in full and quickly.
func TestLongInput(t *testing.T) {
	text := strings.Repeat("a.a.a.a-1 2 3 4 5 +(((", 7_000) + " +52 55 1234 5678"
	fs := New(detectTerms).Find(text)
	if len(fs) == 0 || fs[len(fs)-1].Kind != KindPhone {
		t.Errorf("the phone number at the end of %d bytes was missed", len(text))
	}
}
