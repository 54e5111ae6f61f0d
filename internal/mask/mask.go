// Package mask finds personal details in free text written by respondents
// (ARCHITECTURE §3.9): email addresses, phone numbers, URLs and domains,
// social-media handles, ID-like numbers and terms on a list that moderators
// keep. A moderator reviews the findings; Mask replaces each with a visible
// marker of its kind, such as "[phone]", before anyone else reads the text.
//
// The detectors lean towards masking too much: a date read as a phone
// number costs a moderator a click, a phone number missed can cost a
// survivor their safety.
package mask

import (
	"cmp"
	"slices"
	"strings"
)

// Kind is what a finding is.
type Kind string

// The kinds of finding, each masked as "[kind]".
const (
	KindEmail  Kind = "email"
	KindPhone  Kind = "phone"
	KindURL    Kind = "url"
	KindHandle Kind = "handle"
	KindID     Kind = "id" // long digit runs, passport-, national-ID- and IBAN-shaped codes
	KindTerm   Kind = "term"
)

// rank orders the kinds, most specific first: when two findings of the
// same length overlap, the more specific kind names the merged one.
func (k Kind) rank() int {
	switch k {
	case KindEmail:
		return 0
	case KindURL:
		return 1
	case KindHandle:
		return 2
	case KindID:
		return 3
	case KindPhone:
		return 4
	}
	return 5
}

// Finding is one personal detail in a text.
type Finding struct {
	Kind Kind
	// Start and End are byte offsets into the text, End exclusive, always
	// on rune boundaries.
	Start, End int
	Text       string
}

// Detector finds personal details. It holds the moderators' term list and
// is safe for concurrent use.
type Detector struct {
	terms []term
}

// New returns a detector for the built-in patterns and the given terms
// (names of places, employers, people). Terms match case-insensitively,
// ignoring accents and Arabic diacritics, on word boundaries; Chinese and
// Japanese terms match anywhere. Blank terms are ignored.
func New(terms []string) *Detector {
	return &Detector{terms: compileTerms(terms)}
}

// Find returns the personal details in text, sorted by Start and merged so
// that no two overlap. A merged finding covers the union of the overlapping
// spans and takes the kind of the longest of them.
//
// Every scan is linear in the length of text, apart from the term list,
// which costs one pass per term; long texts are scanned in full.
func (d *Detector) Find(text string) []Finding {
	var fs []Finding
	fs = append(fs, findPatterns(text)...)
	fs = append(fs, findHandles(text)...)
	fs = append(fs, findNumbers(text)...)
	if d != nil {
		fs = append(fs, findTerms(text, d.terms)...)
	}
	return merge(text, fs)
}

// merge sorts fs and joins overlapping findings.
func merge(text string, fs []Finding) []Finding {
	if len(fs) == 0 {
		return nil
	}
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	out := fs[:0:0]
	cur, best := fs[0], fs[0]
	for _, f := range fs[1:] {
		if f.Start < cur.End {
			cur.End = max(cur.End, f.End)
			if outranks(f, best) {
				best = f
			}
			continue
		}
		out = append(out, closeFinding(text, cur, best))
		cur, best = f, f
	}
	return append(out, closeFinding(text, cur, best))
}

// outranks reports whether a should name a merged finding rather than b.
func outranks(a, b Finding) bool {
	la, lb := a.End-a.Start, b.End-b.Start
	if la != lb {
		return la > lb
	}
	return a.Kind.rank() < b.Kind.rank()
}

func closeFinding(text string, span, best Finding) Finding {
	return Finding{Kind: best.Kind, Start: span.Start, End: span.End, Text: text[span.Start:span.End]}
}

// Mask replaces each finding in text with its marker, such as "[email]".
// Findings out of range or overlapping an earlier one are skipped, so Mask
// accepts a list a moderator has edited.
func Mask(text string, fs []Finding) string {
	fs = slices.Clone(fs)
	slices.SortFunc(fs, func(a, b Finding) int { return cmp.Compare(a.Start, b.Start) })
	var b strings.Builder
	b.Grow(len(text))
	at := 0
	for _, f := range fs {
		if f.Start < at || f.End > len(text) || f.Start >= f.End {
			continue
		}
		b.WriteString(text[at:f.Start])
		b.WriteString("[" + string(f.Kind) + "]")
		at = f.End
	}
	b.WriteString(text[at:])
	return b.String()
}
