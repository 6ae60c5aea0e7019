// Package notifytest runs a real SMTP server (github.com/emersion/go-smtp)
// for tests of notification e-mail, and decodes what it received.
package notifytest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one e-mail the server accepted, decoded.
type Message struct {
	From    string
	To      []string
	Header  mail.Header
	Subject string
	Body    string // decoded from quoted-printable
	Raw     []byte
}

// Server is an SMTP server on a free local port that keeps what it receives.
type Server struct {
	Addr    string
	mu      sync.Mutex
	msgs    []Message
	fail    bool
	refused int           // messages refused while failing
	arrived chan struct{} // closed and replaced when a message arrives
}

// Start runs a server until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), arrived: make(chan struct{})}
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Messages returns what was received so far, in order, and forgets it.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.msgs
	s.msgs = nil
	return out
}

// Wait returns the messages received so far, and forgets them, once there
// are at least n; the test fails if they do not arrive within timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		have, arrived := len(s.msgs), s.arrived
		s.mu.Unlock()
		if have >= n {
			return s.Messages()
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("notifytest: %d of %d messages after %s", have, n, timeout)
		}
	}
}

// WaitRefused waits until the server has refused n messages in all (see
// Fail); the test fails if that does not happen within timeout.
func (s *Server) WaitRefused(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		have, arrived := s.refused, s.arrived
		s.mu.Unlock()
		if have >= n {
			return
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("notifytest: %d of %d refusals after %s", have, n, timeout)
		}
	}
}

// Fail makes the server refuse (on) or accept messages.
func (s *Server) Fail(on bool) {
	s.mu.Lock()
	s.fail = on
	s.mu.Unlock()
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	if x.s.fail {
		x.s.refused++
		close(x.s.arrived)
		x.s.arrived = make(chan struct{})
		return &smtp.SMTPError{Code: 451, Message: "try again later"}
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := decode(raw)
	if err != nil {
		return err
	}
	m.From, m.To = x.from, x.to
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, m)
	close(x.s.arrived)
	x.s.arrived = make(chan struct{})
	x.s.mu.Unlock()
	return nil
}

func decode(raw []byte) (Message, error) {
	pm, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
	if err != nil {
		return Message{}, err
	}
	var body []byte
	if pm.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
		body, err = io.ReadAll(quotedprintable.NewReader(pm.Body))
	} else {
		body, err = io.ReadAll(pm.Body)
	}
	if err != nil {
		return Message{}, errors.Join(errors.New("notifytest: body"), err)
	}
	return Message{Header: pm.Header, Subject: subject, Body: string(bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))), Raw: raw}, nil
}
