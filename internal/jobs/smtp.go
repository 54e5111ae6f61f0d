package jobs

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"
)

// SMTP sends email through one SMTP server. The connection is upgraded with
// STARTTLS whenever the server offers it, and must be unless the server is
// on this machine (loopback): nothing is sent in clear over a network.
type SMTP struct {
	Addr     string // host:port
	From     string // sender, e.g. "Survivor Voice <noreply@example.org>"
	Username string // when set, PLAIN authentication with Password
	Password string
	// Hello is the name given in EHLO; empty: "localhost".
	Hello string
	// DialTimeout bounds the connection; Timeout bounds the whole exchange,
	// connection included. Zero: 10 s and 1 min.
	DialTimeout, Timeout time.Duration
	// TLS configures STARTTLS; nil: the system's roots, checked against the
	// host of Addr.
	TLS *tls.Config
}

// Mail is one plain-text message to one person.
type Mail struct {
	To      string // one address
	Subject string
	Body    string // lines separated by \n
	Date    time.Time
}

// Send delivers m in one SMTP exchange.
func (s *SMTP) Send(ctx context.Context, m Mail) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("sender address: %w", err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("recipient address: %w", err)
	}
	msg, err := m.message(from, to)
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("SMTP address %q: want host:port", s.Addr)
	}
	ctx, cancel := context.WithTimeout(ctx, or(s.Timeout, time.Minute))
	defer cancel()
	d := net.Dialer{Timeout: or(s.DialTimeout, 10*time.Second)}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("SMTP %s: %w", s.Addr, err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// A cancelled context ends the exchange at once, whatever it waits for.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("SMTP %s: %w", s.Addr, err)
	}
	defer c.Close()
	if err := s.exchange(c, host, conn.RemoteAddr(), from.Address, to.Address, msg); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("SMTP %s: %w", s.Addr, ctx.Err())
		}
		return fmt.Errorf("SMTP %s: %w", s.Addr, err)
	}
	return nil
}

func (s *SMTP) exchange(c *smtp.Client, host string, remote net.Addr, from, to string, msg []byte) error {
	if err := c.Hello(or(s.Hello, "localhost")); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if s.TLS != nil {
			cfg = s.TLS.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = host
		}
		if err := c.StartTLS(cfg); err != nil {
			return err
		}
	} else if !isLoopback(remote) {
		return errors.New("the server does not offer STARTTLS; mail goes in clear only to a server on this machine")
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("a user name is configured but the server offers no authentication")
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func isLoopback(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// message renders m as an RFC 5322 message: UTF-8 plain text in
// quoted-printable, so that it passes through servers without 8BITMIME, and
// a subject in RFC 2047 encoded words when it is not ASCII.
func (m Mail) message(from, to *mail.Address) ([]byte, error) {
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("a subject has one line")
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	var b bytes.Buffer
	header := func(name, value string) { writeHeader(&b, name, value) }
	header("Date", date.Format(time.RFC1123Z))
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Message-ID", "<"+strings.ToLower(rand.Text())+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated") // RFC 3834: no out-of-office replies
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(m.Body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

// writeHeader writes one header field, folded at spaces so that its lines
// stay within 78 octets as far as its words allow. Encoded words hold no
// space, so a long encoded subject folds between its words.
func writeHeader(b *bytes.Buffer, name, value string) {
	n := b.Len()
	b.WriteString(name + ":")
	for _, w := range strings.Split(value, " ") {
		if w != "" && b.Len()-n+1+len(w) > 78 {
			b.WriteString("\r\n")
			n = b.Len()
		}
		b.WriteString(" " + w)
	}
	b.WriteString("\r\n")
}
