package mask

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The patterns are RE2 (Go's regexp), so matching is linear in the input
// whatever it holds. Go's \b is an ASCII word boundary, which is what these
// mostly-ASCII tokens need: a Chinese or Arabic letter next to one counts as
// a boundary, so "邮箱abc@qq.com" still finds the address.

// urlChars are the characters a URL runs on for: ASCII that URLs use, minus
// brackets and quotes that usually close the sentence around it, plus Latin
// and Cyrillic letters for paths typed unescaped.
const urlChars = `[A-Za-z0-9\-._~:/?#@!$&*+,;=%\p{Latin}\p{Cyrillic}]`

// tlds are the top-level domains a bare domain ("example.com") must end in.
// Two-letter words common in the seven languages (no, in, it, is, me, do,
// to, be, se, la) are left out: they would turn a missing space after a full
// stop into a URL.
const tlds = `com|org|net|info|biz|edu|gov|mil|int|io|co|app|dev|online|site|xyz|top|shop|store|club|live|blog|news|tech|` +
	`ru|su|ua|by|kz|uz|kg|am|ge|az|md|` +
	`cn|hk|tw|mo|jp|kr|sg|my|ph|th|vn|` +
	`br|pt|ao|mz|cv|` +
	`mx|es|ar|cl|pe|ve|ec|bo|py|uy|cr|gt|hn|sv|ni|pa|cu|pr|` +
	`fr|ht|sn|ci|cm|ml|ne|bf|cd|cg|ga|mg|ca|` +
	`ae|sa|eg|ma|dz|tn|jo|lb|qa|kw|om|iq|sy|ly|sd|ps|ye|bh|ir|tr|` +
	`uk|de|nl|ch|at|pl|ro|bg|gr|hu|cz|sk|ie|dk|fi|eu|us|au|nz|za|ng|ke|gh|ug|tz|et`

var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}`)

	urlRE = regexp.MustCompile(
		`(?i:\b(?:https?|ftp)://` + urlChars + `+)` +
			`|(?i:\bwww\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?:[/?#]` + urlChars + `*)?)` +
			`|\b[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.(?:` + tlds + `)\b(?:[/?#]` + urlChars + `*)?`)

	// idRE matches codes shaped like identity documents and bank accounts.
	idRE = regexp.MustCompile(`\b(?:` +
		`[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{10,30}|(?: [A-Z0-9]{4}){2,7}(?: [0-9]{1,3})?)` + // IBAN, plain or in groups of four
		`|[A-Z]{1,2}[0-9]{6,9}|[0-9]{2}[A-Z]{2}[0-9]{5}` + // passports, the second French
		`|[0-9]{8}-?[A-Z]|[XYZ]-?[0-9]{7}-?[A-Z]` + // Spanish DNI, NIE
		`|[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}` + // Brazilian CPF
		`|[A-Z]{4}[0-9]{6}[HM][A-Z]{5}[A-Z0-9][0-9]` + // Mexican CURP
		`|[0-9]{17}[0-9Xx]` + // Chinese resident ID
		`)\b`)

	// mentionRE finds "instagram: name"-style mentions; group 1 is the name.
	mentionRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:instagram|insta|ig|telegram|tg|tiktok|snapchat|snap|facebook|fb|twitter|vk|skype|signal|discord|` +
		`инстаграм|инста|телеграмм?|телега|тг|вк|вконтакте|` +
		`微信号?|ins|推特|脸书|抖音|` +
		`انستغرام|انستقرام|انستجرام|تلغرام|تيليجرام|تليجرام|فيسبوك|سناب|تيك توك)` +
		`\s*[:：]\s*(@?[A-Za-z0-9_][A-Za-z0-9_.]{2,29})`)
)

// findPatterns returns the emails, URLs, ID-shaped codes and mentions.
// Each pattern runs only on a text holding what it cannot match without
// (an "@"; a dot or "://"; an ASCII digit; a colon), so most messages skip
// most of them.
func findPatterns(text string) []Finding {
	var fs []Finding
	if strings.IndexByte(text, '@') >= 0 {
		for _, m := range emailRE.FindAllStringIndex(text, -1) {
			start := m[0]
			for start < m[1] && text[start] == '.' {
				start++
			}
			fs = append(fs, Finding{Kind: KindEmail, Start: start, End: m[1]})
		}
	}
	if strings.IndexByte(text, '.') >= 0 || strings.Contains(text, "://") {
		for _, m := range urlRE.FindAllStringIndex(text, -1) {
			end := m[0] + len(strings.TrimRight(text[m[0]:m[1]], ".,;:!?-"))
			fs = append(fs, Finding{Kind: KindURL, Start: m[0], End: end})
		}
	}
	if strings.ContainsAny(text, "0123456789") {
		for _, m := range idRE.FindAllStringIndex(text, -1) {
			fs = append(fs, Finding{Kind: KindID, Start: m[0], End: m[1]})
		}
	}
	if strings.ContainsAny(text, ":：") {
		for _, m := range mentionRE.FindAllStringSubmatchIndex(text, -1) {
			name := strings.TrimRight(text[m[2]:m[3]], ".")
			if strings.IndexFunc(name, unicode.IsLetter) >= 0 {
				fs = append(fs, Finding{Kind: KindHandle, Start: m[2], End: m[2] + len(name)})
			}
		}
	}
	return fs
}

// findHandles returns "@name" handles that are not part of an email.
func findHandles(text string) []Finding {
	var fs []Finding
	for i := 0; i < len(text); i++ {
		if text[i] != '@' {
			continue
		}
		if prev, _ := utf8.DecodeLastRuneInString(text[:i]); i > 0 && (isWordRune(prev) || prev == '.' || prev == '-') {
			continue
		}
		end := i + 1
		for end < len(text) && end-i <= 31 && isHandleByte(text[end]) {
			end++
		}
		for end > i+1 && text[end-1] == '.' {
			end--
		}
		name := text[i+1 : end]
		if len(name) < 2 || len(name) > 30 || strings.IndexFunc(name, unicode.IsLetter) < 0 {
			continue
		}
		fs = append(fs, Finding{Kind: KindHandle, Start: i, End: end})
		i = end - 1
	}
	return fs
}

func isHandleByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
