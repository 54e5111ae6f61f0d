package mask

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// term is one entry of the moderators' list, in matching form.
type term struct {
	key string // folded; for a Russian-style word, its stem
	// inflects lets up to maxSuffix Cyrillic letters follow the key, so
	// "Москва" also matches "в Москве" and "из Москвы".
	inflects bool
}

const (
	maxSuffix  = 3
	minStemLen = 4 // runes in a Cyrillic word before its ending is dropped
)

// compileTerms folds the list and drops blanks and duplicates.
func compileTerms(list []string) []term {
	seen := map[term]bool{}
	var ts []term
	for _, s := range list {
		key, _ := fold(s)
		key = strings.TrimSpace(key)
		if key == "" {
			continue
		}
		t := term{key: key}
		last := []rune(key[strings.LastIndexByte(key, ' ')+1:])
		if len(last) >= minStemLen && unicode.Is(unicode.Cyrillic, last[len(last)-1]) {
			t.inflects = true
			if strings.ContainsRune("аяоеыиьй", last[len(last)-1]) {
				t.key = strings.TrimSuffix(key, string(last[len(last)-1]))
			}
		}
		if !seen[t] {
			seen[t] = true
			ts = append(ts, t)
		}
	}
	return ts
}

// fold returns s in matching form, and for each of its bytes the offset of
// the rune of s it came from. Matching form is lower case without accents
// or Arabic diacritics (tashkeel, tatweel), with runs of white space made
// one space: "José", "JOSE" and "jose" all read "jose"; "مُحَمَّد" reads
// "محمد"; "أحمد" reads "احمد" because the hamza is a mark too.
func fold(s string) (string, []int) {
	var b strings.Builder
	from := make([]int, 0, len(s))
	space := false
	for i, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
				from = append(from, i)
			}
			space = true
			continue
		}
		space = false
		if r < utf8.RuneSelf {
			b.WriteRune(unicode.ToLower(r))
			from = append(from, i)
			continue
		}
		for _, c := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, c) || c == '\u0640' || invisible(c) {
				continue
			}
			c = unicode.ToLower(c)
			if c == 'ς' {
				c = 'σ'
			}
			n := b.Len()
			b.WriteRune(c)
			for range b.Len() - n {
				from = append(from, i)
			}
		}
	}
	return b.String(), from
}

// findTerms returns every match of the terms in text.
func findTerms(text string, ts []term) []Finding {
	if len(ts) == 0 || text == "" {
		return nil
	}
	folded, from := fold(text)
	var fs []Finding
	for _, t := range ts {
		for at := 0; at < len(folded); {
			k := strings.Index(folded[at:], t.key)
			if k < 0 {
				break
			}
			i, j := at+k, at+k+len(t.key)
			at = i + 1
			if t.inflects {
				j = skipSuffix(folded, j)
			}
			start, end := from[i], runeEnd(text, from[j-1])
			if !termStarts(text, start, t.key) || !termEnds(text, end, t.key) {
				continue
			}
			fs = append(fs, Finding{Kind: KindTerm, Start: start, End: end})
			at = j
		}
	}
	return fs
}

// skipSuffix moves past up to maxSuffix Cyrillic letters at j.
func skipSuffix(folded string, j int) int {
	for range maxSuffix {
		r, size := utf8.DecodeRuneInString(folded[j:])
		if !unicode.Is(unicode.Cyrillic, r) || !unicode.IsLetter(r) {
			break
		}
		j += size
	}
	return j
}

// runeEnd returns the end of the rune at i in text and of the marks and
// tatweels after it, so that no diacritic is left behind by a mask.
func runeEnd(text string, i int) int {
	_, size := utf8.DecodeRuneInString(text[i:])
	i += size
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.Is(unicode.Mn, r) && r != '\u0640' {
			break
		}
		i += size
	}
	return i
}

// termStarts reports whether a match at start begins a word. Chinese and
// Japanese are written without spaces, so a term in those scripts matches
// anywhere. An Arabic term may follow the clitics و ف ب ك ل and the
// article ال in the same word: "وبالقاهرة" holds "القاهرة".
func termStarts(text string, start int, key string) bool {
	first, _ := utf8.DecodeRuneInString(key)
	prev, _ := utf8.DecodeLastRuneInString(text[:start])
	if start == 0 || unspaced(first) || !isWordRune(prev) {
		return true
	}
	if !unicode.Is(unicode.Arabic, first) {
		return false
	}
	word := start
	for word > 0 && start-word < 16 {
		r, size := utf8.DecodeLastRuneInString(text[:word])
		if !isWordRune(r) {
			break
		}
		word -= size
	}
	prefix, _ := fold(text[word:start])
	prefix = strings.TrimSuffix(prefix, "ال")
	return utf8.RuneCountInString(prefix) <= 2 && strings.Trim(prefix, "وفبكل") == ""
}

// termEnds reports whether a match ending at end closes a word.
func termEnds(text string, end int, key string) bool {
	last, _ := utf8.DecodeLastRuneInString(key)
	next, _ := utf8.DecodeRuneInString(text[end:])
	return end == len(text) || unspaced(last) || !isWordRune(next)
}

// unspaced reports a letter of a script written without spaces.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
}
