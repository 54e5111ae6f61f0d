// Package smtptest runs a small SMTP server inside a test and records the
// messages it receives. It speaks enough of RFC 5321 for net/smtp: EHLO,
// STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT.
package smtptest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one message the server accepted.
type Message struct {
	From string   // MAIL FROM
	To   []string // RCPT TO
	Data string   // the message as sent, dot-stuffing undone, CRLF line ends
	TLS  bool     // received after STARTTLS
	User string   // the AUTH PLAIN user name, if any
	Pass string
}

// Options choose what the server offers.
type Options struct {
	TLS  *tls.Config // non-nil: offer STARTTLS with this configuration
	Auth bool        // offer AUTH PLAIN
}

// Server is a running test SMTP server on 127.0.0.1, closed at cleanup.
type Server struct {
	Addr string

	opts   Options
	ln     net.Listener
	mu     sync.Mutex
	msgs   []Message
	refuse map[string]bool
	conns  map[net.Conn]bool
	wg     sync.WaitGroup
}

// Start runs a server on a free port of 127.0.0.1.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), opts: opts, ln: ln, refuse: map[string]bool{}, conns: map[net.Conn]bool{}}
	s.wg.Go(s.accept)
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

// Messages returns what the server accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Refuse makes the server refuse (true) or accept (false) a recipient.
func (s *Server) Refuse(rcpt string, refuse bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse[strings.ToLower(rcpt)] = refuse
}

func (s *Server) accept() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[conn] = true
		s.mu.Unlock()
		s.wg.Go(func() {
			defer func() {
				conn.Close()
				s.mu.Lock()
				delete(s.conns, conn)
				s.mu.Unlock()
			}()
			conn.SetDeadline(time.Now().Add(time.Minute))
			s.serve(conn)
		})
	}
}

// session is the state of one connection.
type session struct {
	conn net.Conn
	r    *bufio.Reader
	tls  bool
	user string
	pass string
	msg  *Message
}

func (ss *session) reply(lines ...string) bool {
	_, err := ss.conn.Write([]byte(strings.Join(lines, "\r\n") + "\r\n"))
	return err == nil
}

func (ss *session) line() (string, bool) {
	l, err := ss.r.ReadString('\n')
	return strings.TrimRight(l, "\r\n"), err == nil
}

func (s *Server) serve(conn net.Conn) {
	ss := &session{conn: conn, r: bufio.NewReader(conn)}
	if !ss.reply("220 smtptest ESMTP") {
		return
	}
	for {
		l, ok := ss.line()
		if !ok {
			return
		}
		verb, arg, _ := strings.Cut(l, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ext := []string{"250-smtptest", "250-PIPELINING"}
			if s.opts.TLS != nil && !ss.tls {
				ext = append(ext, "250-STARTTLS")
			}
			if s.opts.Auth {
				ext = append(ext, "250-AUTH PLAIN")
			}
			ext = append(ext, "250 SMTPUTF8")
			ss.reply(ext...)
		case "HELO", "NOOP":
			ss.reply("250 ok")
		case "STARTTLS":
			if s.opts.TLS == nil || ss.tls {
				ss.reply("502 no")
				continue
			}
			ss.reply("220 go ahead")
			tc := tls.Server(conn, s.opts.TLS)
			if tc.Handshake() != nil {
				return
			}
			ss.conn, ss.r, ss.tls, ss.msg = tc, bufio.NewReader(tc), true, nil
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !s.opts.Auth || !strings.EqualFold(mech, "PLAIN") {
				ss.reply("504 unsupported")
				continue
			}
			if initial == "" {
				ss.reply("334 ")
				if initial, ok = ss.line(); !ok {
					return
				}
			}
			raw, err := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(raw), "\x00")
			if err != nil || len(parts) != 3 {
				ss.reply("501 malformed")
				continue
			}
			ss.user, ss.pass = parts[1], parts[2]
			ss.reply("235 ok")
		case "MAIL":
			ss.msg = &Message{From: address(arg), TLS: ss.tls, User: ss.user, Pass: ss.pass}
			ss.reply("250 ok")
		case "RCPT":
			if ss.msg == nil {
				ss.reply("503 MAIL first")
				continue
			}
			to := address(arg)
			s.mu.Lock()
			refused := s.refuse[strings.ToLower(to)]
			s.mu.Unlock()
			if refused {
				ss.reply("550 no such mailbox")
				continue
			}
			ss.msg.To = append(ss.msg.To, to)
			ss.reply("250 ok")
		case "DATA":
			if ss.msg == nil || len(ss.msg.To) == 0 {
				ss.reply("503 RCPT first")
				continue
			}
			ss.reply("354 end with .")
			var b strings.Builder
			for {
				l, ok := ss.line()
				if !ok {
					return
				}
				if l == "." {
					break
				}
				b.WriteString(strings.TrimPrefix(l, ".") + "\r\n")
			}
			ss.msg.Data = b.String()
			s.mu.Lock()
			s.msgs = append(s.msgs, *ss.msg)
			s.mu.Unlock()
			ss.msg = nil
			ss.reply("250 queued")
		case "RSET":
			ss.msg = nil
			ss.reply("250 ok")
		case "QUIT":
			ss.reply("221 bye")
			return
		default:
			ss.reply("502 unknown command")
		}
	}
}

// address reads the path of "FROM:<a@b> PARAMS" or "TO:<a@b>".
func address(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	a, _, _ := strings.Cut(rest, ">")
	return a
}

// TLS returns a server configuration with a new self-signed certificate for
// 127.0.0.1, and a client configuration that trusts only it.
func TLS(t testing.TB) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}
	client = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return server, client
}
