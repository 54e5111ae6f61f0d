package jobs_test

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/survivorvoice/voice/internal/jobs"
	"github.com/survivorvoice/voice/internal/jobs/smtptest"
)

// parsed is a received message, decoded.
type parsed struct {
	Header  mail.Header
	Subject string // decoded from RFC 2047
	Body    string // decoded from quoted-printable, \n line ends
}

func parse(t *testing.T, m smtptest.Message) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, m.Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject: %v", err)
	}
	if msg.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding %q", msg.Header.Get("Content-Transfer-Encoding"))
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatalf("body: %v", err)
	}
	return parsed{Header: msg.Header, Subject: subject, Body: strings.ReplaceAll(string(body), "\r\n", "\n")}
}

func TestSMTPMessage(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	s := &jobs.SMTP{Addr: srv.Addr, From: "Survivor Voice <noreply@example.org>"}
	body := "Первая строка\n.a line that starts with a dot\n" + strings.Repeat("long line ", 20) + "\nend\n"
	m := jobs.Mail{To: "mod@example.org", Subject: "Голос выживших: 3 материала ждут модерации", Body: body,
		Date: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	if got[0].From != "noreply@example.org" || len(got[0].To) != 1 || got[0].To[0] != "mod@example.org" {
		t.Fatalf("envelope %q → %q", got[0].From, got[0].To)
	}
	for _, line := range strings.Split(strings.TrimSuffix(got[0].Data, "\r\n"), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line longer than 78 octets: %q", line)
		}
		for _, r := range line {
			if r > 127 {
				t.Fatalf("a non-ASCII octet on the wire: %q", line)
			}
		}
	}
	p := parse(t, got[0])
	if !strings.HasPrefix(p.Header.Get("Subject"), "=?utf-8?q?") {
		t.Errorf("subject not RFC 2047 encoded: %q", p.Header.Get("Subject"))
	}
	if p.Subject != m.Subject {
		t.Errorf("subject %q, want %q", p.Subject, m.Subject)
	}
	if p.Body != body {
		t.Errorf("body %q, want %q", p.Body, body)
	}
	if d, err := p.Header.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("Date %v, %v", d, err)
	}
	if from, err := p.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Name != "Survivor Voice" || from[0].Address != "noreply@example.org" {
		t.Errorf("From %v, %v", from, err)
	}
	if to, err := p.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "mod@example.org" {
		t.Errorf("To %v, %v", to, err)
	}
	if id := p.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID %q", id)
	}
	if ct := p.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	t.Run("ASCIISubjectPlain", func(t *testing.T) {
		if err := s.Send(context.Background(), jobs.Mail{To: "mod@example.org", Subject: "Survivor Voice: 1 item", Body: "x\n"}); err != nil {
			t.Fatal(err)
		}
		msgs := srv.Messages()
		if h := parse(t, msgs[len(msgs)-1]).Header.Get("Subject"); h != "Survivor Voice: 1 item" {
			t.Fatalf("subject %q", h)
		}
	})
	t.Run("ErrSubjectWithNewline", func(t *testing.T) {
		if err := s.Send(context.Background(), jobs.Mail{To: "mod@example.org", Subject: "a\r\nBcc: x@example.org", Body: "x"}); err == nil {
			t.Fatal("accepted a subject that would add a header")
		}
	})
}

// With STARTTLS offered, the message and the password travel only inside
// TLS; the server's certificate is checked.
func TestSMTPStartTLSAndAuth(t *testing.T) {
	serverTLS, clientTLS := smtptest.TLS(t)
	srv := smtptest.Start(t, smtptest.Options{TLS: serverTLS, Auth: true})
	s := &jobs.SMTP{Addr: srv.Addr, From: "noreply@example.org", Username: "voice", Password: "s3cret", TLS: clientTLS}
	if err := s.Send(context.Background(), jobs.Mail{To: "mod@example.org", Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || !got[0].TLS || got[0].User != "voice" || got[0].Pass != "s3cret" {
		t.Fatalf("received %+v", got)
	}
	t.Run("ErrUntrustedCertificate", func(t *testing.T) {
		s := *s
		s.TLS = nil // the system roots do not know the test certificate
		if err := s.Send(context.Background(), jobs.Mail{To: "mod@example.org", Subject: "s", Body: "b"}); err == nil {
			t.Fatal("sent to a server whose certificate is not trusted")
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d messages", n)
		}
	})
	t.Run("ErrNoAuthOffered", func(t *testing.T) {
		plain := smtptest.Start(t, smtptest.Options{})
		s := &jobs.SMTP{Addr: plain.Addr, From: "noreply@example.org", Username: "voice", Password: "s3cret"}
		if err := s.Send(context.Background(), jobs.Mail{To: "mod@example.org", Subject: "s", Body: "b"}); err == nil {
			t.Fatal("sent without the authentication configured")
		}
	})
}

func TestSMTPRefusedRecipient(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	srv.Refuse("gone@example.org", true)
	s := &jobs.SMTP{Addr: srv.Addr, From: "noreply@example.org"}
	if err := s.Send(context.Background(), jobs.Mail{To: "gone@example.org", Subject: "s", Body: "b"}); err == nil {
		t.Fatal("no error for a refused recipient")
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages", n)
	}
}

// A server that accepts the connection and never answers does not hold the
// sender beyond its timeout, nor beyond a cancelled context.
func TestSMTPTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	t.Run("Timeout", func(t *testing.T) {
		s := &jobs.SMTP{Addr: ln.Addr().String(), From: "noreply@example.org", Timeout: 200 * time.Millisecond}
		if err := s.Send(context.Background(), jobs.Mail{To: "mod@example.org", Subject: "s", Body: "b"}); err == nil {
			t.Fatal("no error from a silent server")
		}
	})
	t.Run("Cancel", func(t *testing.T) {
		s := &jobs.SMTP{Addr: ln.Addr().String(), From: "noreply@example.org"}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		if err := s.Send(ctx, jobs.Mail{To: "mod@example.org", Subject: "s", Body: "b"}); err == nil {
			t.Fatal("no error from a cancelled send")
		}
	})
}
