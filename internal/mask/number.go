package mask

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A digit run is read as a phone number when it has 7 to 15 digits and is
// not a date, a year or a range of years, an amount of money or a list of
// small counts; as an ID when it has 16 digits or more, or 8 or more without
// a phone number's shape.
const (
	minPhoneDigits = 7
	maxPhoneDigits = 15
	minIDDigits    = 8
	maxSepRunes    = 3 // between two groups of digits, as in ") " or " - "
	maxPhoneGroups = 6
)

// group is a group of digits in a run, with the separators before it.
type group struct {
	start, end int    // byte span of the digits
	digits     string // as ASCII
	sep        string // visible separators before the group, "" for the first
}

// findNumbers returns the phone numbers and long digit runs in text.
func findNumbers(text string) []Finding {
	var fs []Finding
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !startsNumber(text, i, r, size) {
			i += size
			if _, ok := digit(r); ok {
				i = skipDigits(text, i)
			}
			continue
		}
		gs, end := scanGroups(text, i)
		start := i
		if (r == '(' || r == '（') && !strings.ContainsAny(text[i:end], ")）") {
			start = gs[0].start // an unmatched opening parenthesis is not part of it
		}
		fs = append(fs, classify(text, start, gs)...)
		i = end
	}
	return fs
}

// startsNumber reports whether a phone number or digit run can start at i:
// a digit not glued to a Latin or Cyrillic word (those are codes such as
// "AB1234567", left to idRE), or "+" or "(" before a digit.
func startsNumber(text string, i int, r rune, size int) bool {
	if r == '+' || r == '＋' || r == '(' || r == '（' {
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		_, ok := digit(next)
		return ok
	}
	if _, ok := digit(r); !ok {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	if i == 0 {
		return true
	}
	if _, ok := digit(prev); ok {
		return false
	}
	return !(unicode.IsLetter(prev) && (unicode.In(prev, unicode.Latin, unicode.Cyrillic, unicode.Greek)) || prev == '_')
}

func skipDigits(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if _, ok := digit(r); !ok {
			break
		}
		i += size
	}
	return i
}

// scanGroups reads the groups of a run starting at i, which is a digit or a
// "+" or "(" before one, and returns them with the end of the last digit.
func scanGroups(text string, i int) ([]group, int) {
	var gs []group
	var sep strings.Builder
	seps := 0
	end := i
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if d, ok := digit(r); ok {
			if len(gs) == 0 || end != i {
				gs = append(gs, group{start: i, sep: sep.String()})
				sep.Reset()
				seps = 0
			}
			g := &gs[len(gs)-1]
			g.digits += string(rune('0' + d))
			i += size
			g.end, end = i, i
			continue
		}
		switch {
		case invisible(r):
		case phoneSeparator(r) || (r == '+' || r == '＋') && len(gs) == 0:
			seps++
			sep.WriteRune(r)
		default:
			return gs, end
		}
		if seps > maxSepRunes {
			return gs, end
		}
		i += size
	}
	return gs, end
}

// classify reads the groups of one run as a phone number, an ID, or
// nothing. It may return a finding for part of the run, after a date.
func classify(text string, start int, gs []group) []Finding {
	if len(gs) >= 3 && isDate(gs[:3]) {
		if len(gs) > 3 {
			return classify(text, gs[3].start, gs[3:])
		}
		return nil
	}
	n := 0
	for _, g := range gs {
		n += len(g.digits)
	}
	end := gs[len(gs)-1].end
	intl := strings.ContainsAny(gs[0].sep, "+＋") || strings.HasPrefix(gs[0].digits, "00")
	switch {
	case n < minPhoneDigits:
		return nil
	case !intl && (allYears(gs) || isMoney(text, start, end, gs)):
		return nil
	case n > maxPhoneDigits:
		return []Finding{{Kind: KindID, Start: start, End: end}}
	case len(gs) == 1:
		if intl || n == minPhoneDigits || phoneLike(text, start, gs[0].digits) {
			return []Finding{{Kind: KindPhone, Start: start, End: end}}
		}
		return []Finding{{Kind: KindID, Start: start, End: end}}
	case phoneShape(gs, intl):
		return []Finding{{Kind: KindPhone, Start: start, End: end}}
	}
	return nil
}

// phoneLike reports whether an unbroken run of 8 to 15 digits is more
// likely a phone number than an ID: a trunk prefix 0, a Chinese or Russian
// mobile number, or, up to 12 digits, a word for phone just before it.
func phoneLike(text string, start int, digits string) bool {
	switch {
	case digits[0] == '0' && len(digits) <= 12,
		len(digits) == 11 && digits[0] == '1' && digits[1] >= '3', // Chinese mobile
		len(digits) == 11 && strings.HasPrefix(digits, "89"):      // Russian mobile with trunk 8
		return true
	case len(digits) > 12:
		return false
	}
	before := strings.ToLower(text[max(0, start-48):start])
	for _, w := range phoneWords {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

var phoneWords = []string{
	"tel", "phone", "fone", "móvil", "movil", "celular", "cel.", "whats", "llam", "call", "appel", "portable", "ligar", "liga",
	"телефон", "тел", "номер", "звон", "вотсап", "ватсап",
	"电话", "手机", "号码", "打",
	"هاتف", "رقم", "جوال", "واتس", "اتصل", "موبايل",
}

// phoneShape reports whether groups read as a phone number: after the
// first (or the second after a country code), every group has at least two
// digits, there are at most six, and
// groups of only one or two digits need a leading 0 or country code and at
// least five groups, like "06 12 34 56 78".
func phoneShape(gs []group, intl bool) bool {
	if len(gs) > maxPhoneGroups {
		return false
	}
	short := len(gs[0].digits) <= 2
	for i, g := range gs[1:] {
		if len(g.digits) < 2 && !(intl && i == 0) { // +33 6 12 34 56 78
			return false
		}
		short = short && len(g.digits) <= 2
	}
	return !short || intl || len(gs) >= 5 && gs[0].digits[0] == '0'
}

// isDate reports whether three groups joined by one kind of separator read
// as a date: 2025-03-14, 14.03.2025, 3/14/2025.
func isDate(gs []group) bool {
	sep := gs[1].sep
	if sep != gs[2].sep || (sep != "-" && sep != "." && sep != "/") {
		return false
	}
	a, b, c := atoi(gs[0].digits), atoi(gs[1].digits), atoi(gs[2].digits)
	switch {
	case len(gs[0].digits) == 4 && len(gs[1].digits) <= 2 && len(gs[2].digits) <= 2:
		return isYear(a) && b >= 1 && b <= 12 && c >= 1 && c <= 31
	case len(gs[2].digits) == 4 && len(gs[0].digits) <= 2 && len(gs[1].digits) <= 2:
		return isYear(c) && a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12)
	}
	return false
}

// allYears reports a year or a range of years: "2019-2021", "2019 2020".
func allYears(gs []group) bool {
	for _, g := range gs {
		if len(g.digits) != 4 || !isYear(atoi(g.digits)) {
			return false
		}
	}
	return true
}

func isYear(y int) bool { return y >= 1900 && y <= 2099 }

// isMoney reports an amount: digits grouped in thousands with dots
// ("1.500.000"), or any run with a currency sign or word next to it.
func isMoney(text string, start, end int, gs []group) bool {
	if len(gs) > 1 && len(gs[0].digits) <= 3 {
		thousands, dots := true, true
		for _, g := range gs[1:] {
			thousands = thousands && len(g.digits) == 3
			dots = dots && (g.sep == "." || g.sep == "．")
		}
		if thousands && dots {
			return true
		}
	}
	return currencyNear(text, start, end)
}

// currencyNear reports a currency sign or word just before or after a run.
func currencyNear(text string, start, end int) bool {
	before := strings.TrimRight(text[max(0, start-8):start], " \u00a0")
	for _, s := range []string{"$", "€", "£", "¥", "₽", "₹", "￥"} {
		if strings.HasSuffix(before, s) {
			return true
		}
	}
	after := strings.ToLower(strings.TrimLeft(text[end:min(len(text), end+24)], " \u00a0"))
	for _, w := range currencyWords {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}

var currencyWords = []string{
	"$", "€", "£", "¥", "₽", "%", "％", "元", "块", "美元", "欧元", "人民币", "万", "千",
	"dollar", "dólar", "dolar", "euro", "peso", "real", "reais", "pound", "libra", "sol", "bolívar", "quetzal", "lempira",
	"usd", "eur", "mxn", "brl", "rub", "cny", "cop", "ars", "clp", "pen", "gbp", "dzd", "mad", "egp", "aed", "sar",
	"рубл", "руб", "доллар", "евро", "тенге", "гривен", "сом",
	"دولار", "يورو", "جنيه", "درهم", "ريال", "دينار", "ليرة",
}

// digit maps a digit in ASCII, Arabic-Indic (٠-٩), Persian (۰-۹) or
// full-width (０-９) to its value.
func digit(r rune) (int, bool) {
	for _, zero := range []rune{'0', '٠', '۰', '０'} {
		if r >= zero && r <= zero+9 {
			return int(r - zero), true
		}
	}
	return 0, false
}

// phoneSeparator reports what people put between the digits of a phone
// number: spaces, dots, dashes and parentheses, in ASCII and full width.
func phoneSeparator(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u2007', '\u202f', '\u3000',
		'.', '\uff0e', '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\uff0d',
		'(', ')', '\uff08', '\uff09', '/':
		return true
	}
	return false
}

// invisible reports the direction and zero-width marks that phones and
// browsers put around numbers in right-to-left text.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u200e', '\u200f', '\u061c', '\ufeff',
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
		'\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
		if n > 1e6 {
			return n
		}
	}
	return n
}
