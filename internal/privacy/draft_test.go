package privacy

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/survivorvoice/voice/internal/model"
)

func testDraft() *Draft {
	five := 5.0
	return &Draft{
		SubmissionID: NewSubmissionID(),
		SurveyID:     "survey-1",
		Version:      3,
		Lang:         "ar",
		Page:         2,
		Answers: model.Answers{
			"q1": {Values: []string{"yes"}},
			"q2": {Text: "أريد أن يسمع صوتي. لم يساعدني أحد\nسطر ثانٍ — \"اقتباس\" <b>&"},
			"q3": {Number: &five},
			"q4": {Declined: true},
			"q5": {Values: []string{"a", "c"}},
		},
		Consent: "quote",
		Expires: "2025-03-15",
		Receipt: "0123456789012345",
	}
}

func TestDraftRoundTrip(t *testing.T) {
	k := mustKeyring(t, "k1:"+testKey1)
	d := testDraft()
	token, err := SealDraft(k, d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(token, "\"'<>&+/= \n") || !strings.HasPrefix(token, "k1:") {
		t.Fatalf("token is not safe in a form field: %q", token)
	}
	for _, leak := range []string{"survey-1", "yes", "quote", "2025", "0123456789012345", d.SubmissionID} {
		if strings.Contains(token, leak) {
			t.Fatalf("token shows %q", leak)
		}
	}
	for _, today := range []string{"2025-03-14", "2025-03-15"} {
		got, err := OpenDraft(k, "survey-1", token, today)
		if err != nil {
			t.Fatalf("today %s: %v", today, err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Fatalf("opened %+v, want %+v", got, d)
		}
	}
	again, _ := SealDraft(k, d)
	if again == token {
		t.Fatal("sealing twice gave the same token")
	}

	t.Run("AfterRotation", func(t *testing.T) {
		rotated, _, err := k.WithNewActiveKey()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := OpenDraft(rotated, "survey-1", token, "2025-03-14"); err != nil {
			t.Fatalf("draft sealed before a rotation: %v", err)
		}
	})
	t.Run("EmptyAnswers", func(t *testing.T) {
		d := &Draft{SubmissionID: NewSubmissionID(), SurveyID: "survey-1", Lang: "es", Expires: "2025-03-15"}
		token, err := SealDraft(k, d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := OpenDraft(k, "survey-1", token, "2025-03-15")
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Fatalf("opened %+v, %v", got, err)
		}
	})
}

func TestOpenDraftRefused(t *testing.T) {
	k := mustKeyring(t, "k1:"+testKey1)
	token, err := SealDraft(k, testDraft())
	if err != nil {
		t.Fatal(err)
	}
	other := mustKeyring(t, "k1:"+testKey2)
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	// A draft sealed with the right key but for another survey id, then
	// given to the first survey: the AAD must refuse it.
	moved, _ := k.Seal([]byte(`{"id":"x","s":"survey-1","e":"2099-01-01"}`), draftAAD("survey-2"))
	// A genuine seal of something that is not a draft.
	notJSON, _ := k.Seal([]byte("not json"), draftAAD("survey-1"))
	noExpiry, _ := k.Seal([]byte(`{"id":"x","s":"survey-1"}`), draftAAD("survey-1"))
	wrongInside, _ := k.Seal([]byte(`{"id":"x","s":"survey-2","e":"2099-01-01"}`), draftAAD("survey-1"))

	tests := []struct {
		name     string
		ring     *Keyring
		surveyID string
		token    string
		today    string
		code     model.Code
		key      string
	}{
		{"ErrWrongSurvey", k, "survey-2", token, "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrNoSurvey", k, "", token, "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrSealedForOtherSurvey", k, "survey-1", moved, "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrTamperedBody", k, "survey-1", flip(token, len(token)/2), "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrTamperedTag", k, "survey-1", flip(token, len(token)-1), "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrTruncated", k, "survey-1", token[:len(token)-4], "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrOtherKey", other, "survey-1", token, "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrUnknownKeyID", k, "survey-1", "k9" + token[2:], "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrEmpty", k, "survey-1", "", "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrGarbage", k, "survey-1", "k1:!!!!", "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrTooLong", k, "survey-1", token + strings.Repeat("A", MaxDraftToken), "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrNotJSON", k, "survey-1", notJSON, "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrNoExpiry", k, "survey-1", noExpiry, "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrSurveyInside", k, "survey-1", wrongInside, "2025-03-14", model.CodeInvalid, "ErrorBadRequest"},
		{"ErrExpired", k, "survey-1", token, "2025-03-16", model.CodeUnprocessable, "DraftExpired"},
		{"ErrExpiredLongAgo", k, "survey-1", token, "2026-01-01", model.CodeUnprocessable, "DraftExpired"},
		// Expiry is only judged on a genuine token.
		{"ErrTamperedAndExpired", k, "survey-1", flip(token, len(token)/2), "2026-01-01", model.CodeInvalid, "ErrorBadRequest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := OpenDraft(tt.ring, tt.surveyID, tt.token, tt.today)
			var e *model.Error
			if d != nil || !errors.As(err, &e) || e.Code != tt.code || e.Key != tt.key {
				t.Fatalf("OpenDraft = %+v, %v; want %s %s", d, err, tt.code, tt.key)
			}
		})
	}

	t.Run("ErrToday", func(t *testing.T) {
		_, err := OpenDraft(k, "survey-1", token, "14/03/2025")
		if err == nil || model.ErrorCode(err) != model.CodeInternal {
			t.Fatalf("malformed today: %v", err)
		}
	})
}

func TestSealDraftRefused(t *testing.T) {
	k := mustKeyring(t, "k1:"+testKey1)
	noSurvey := testDraft()
	noSurvey.SurveyID = ""
	badExpiry := testDraft()
	badExpiry.Expires = "2025-03-15T10:00:00Z"
	huge := testDraft()
	huge.Answers["q2"] = model.Answer{Text: strings.Repeat("ب", MaxDraftToken/2)}

	for name, d := range map[string]*Draft{"ErrNil": nil, "ErrNoSurvey": noSurvey, "ErrExpiryTime": badExpiry, "ErrTooLarge": huge} {
		t.Run(name, func(t *testing.T) {
			if token, err := SealDraft(k, d); err == nil {
				t.Fatalf("sealed %d bytes", len(token))
			}
		})
	}
	if _, err := SealDraft(&Keyring{}, testDraft()); err == nil {
		t.Fatal("sealed with an empty keyring")
	}
}

func TestNewSubmissionID(t *testing.T) {
	seen := make(map[string]bool)
	for range 100 {
		id := NewSubmissionID()
		u, err := uuid.Parse(id)
		if err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 || id != u.String() {
			t.Fatalf("%q: version %v, variant %v, err %v", id, u.Version(), u.Variant(), err)
		}
		if seen[id] {
			t.Fatalf("%s drawn twice", id)
		}
		seen[id] = true
	}
}

func FuzzOpenDraft(f *testing.F) {
	k, _ := ParseKeyring("k1:" + testKey1)
	token, _ := SealDraft(k, testDraft())
	f.Add(token)
	f.Add("k1:")
	f.Add("")
	f.Fuzz(func(t *testing.T, token string) {
		d, err := OpenDraft(k, "survey-1", token, "2025-03-14")
		if err == nil && (d == nil || d.SurveyID != "survey-1") {
			t.Fatalf("opened %+v", d)
		}
		if err != nil && d != nil {
			t.Fatal("draft returned with an error")
		}
	})
}
