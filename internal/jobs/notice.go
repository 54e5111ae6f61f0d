package jobs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/survivorvoice/voice/internal/i18n"
	"github.com/survivorvoice/voice/internal/model"
	"github.com/survivorvoice/voice/internal/store"
)

// NoticeJob is the name of the moderators' notice in job_leases.
const NoticeJob = "moderation_notice"

// Notice emails each enabled moderator, in their own language, how many
// items wait in the languages they moderate, with the address of the queue.
// The email holds counts only: never what anyone wrote, nor anything about
// who wrote it. A moderator is not sent the same counts twice in a row;
// what was sent is kept in memory only, so a restart may send them again.
type Notice struct {
	st       *store.Store
	cat      *i18n.Catalog
	smtp     *SMTP
	queueURL string

	mu   sync.Mutex
	sent map[string]string // staff id → the counts last sent to them
}

// NewNotice prepares the notice; publicURL is the platform's address
// (VOICE_PUBLIC_URL).
func NewNotice(st *store.Store, cat *i18n.Catalog, smtp *SMTP, publicURL string) *Notice {
	return &Notice{st: st, cat: cat, smtp: smtp, queueURL: strings.TrimRight(publicURL, "/") + "/staff/moderation",
		sent: map[string]string{}}
}

// Job is the notice as a periodic job.
func (n *Notice) Job(every time.Duration) Job {
	return Job{Name: NoticeJob, Every: every, Run: n.Send}
}

// languageCount is how many items wait in one language.
type languageCount struct {
	Code  string
	Count int
}

// Send emails every moderator whose counts changed since their last email
// and are not zero. A failed email is tried again on the next call.
func (n *Notice) Send(ctx context.Context) error {
	pending, err := n.st.PendingByLanguage(ctx)
	if err != nil {
		return err
	}
	staff, err := n.st.ListStaff(ctx)
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	sent := map[string]string{}
	var errs []error
	for _, u := range staff {
		if u.Disabled || !u.Roles.Has(model.RoleModerator) {
			continue
		}
		counts := n.countsFor(u.Languages, pending)
		if len(counts) == 0 {
			continue // nothing waits: the next items are news again
		}
		key := countsKey(counts)
		if n.sent[u.ID] == key {
			sent[u.ID] = key
			continue
		}
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		if err := n.smtp.Send(ctx, n.compose(u, counts)); err != nil {
			errs = append(errs, fmt.Errorf("notice to staff account %s: %w", u.ID, err))
			if prev, ok := n.sent[u.ID]; ok {
				sent[u.ID] = prev
			}
			continue
		}
		sent[u.ID] = key
	}
	n.sent = sent
	return errors.Join(errs...)
}

// countsFor lists the languages of langs that have pending items: the
// shipped languages in display order, then any other code.
func (n *Notice) countsFor(langs model.Languages, pending map[string]int) []languageCount {
	var out []languageCount
	for _, l := range n.cat.Languages() {
		if langs.Has(l.Code) && pending[l.Code] > 0 {
			out = append(out, languageCount{l.Code, pending[l.Code]})
		}
	}
	for _, code := range slices.Sorted(slices.Values(langs)) {
		if _, shipped := n.cat.Lookup(code); !shipped && pending[code] > 0 {
			out = append(out, languageCount{code, pending[code]})
		}
	}
	return out
}

func countsKey(counts []languageCount) string {
	var b strings.Builder
	for _, c := range counts {
		b.WriteString(c.Code + "=" + strconv.Itoa(c.Count) + ";")
	}
	return b.String()
}

// compose writes the email in the moderator's own language.
func (n *Notice) compose(u model.StaffUser, counts []languageCount) Mail {
	tr := n.cat.Translator(u.Language)
	total := 0
	for _, c := range counts {
		total += c.Count
	}
	lines := []string{tr.T("NoticeGreeting"), "", tr.T("NoticeIntro", "Count", total), ""}
	for _, c := range counts {
		name := c.Code
		if _, shipped := n.cat.Lookup(c.Code); shipped {
			name = tr.T("NoticeLanguage_" + c.Code)
		}
		lines = append(lines, tr.T("NoticeLanguageCount", "Language", name, "N", c.Count))
	}
	lines = append(lines, "", tr.T("NoticeOpenQueue"), n.queueURL, "", tr.T("NoticeCountsOnly"), tr.T("NoticeWhy"))
	return Mail{To: u.Email, Subject: tr.T("NoticeSubject", "Count", total), Body: strings.Join(lines, "\n") + "\n", Date: n.st.Now()}
}
