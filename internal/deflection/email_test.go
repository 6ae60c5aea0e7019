package deflection_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"stackdesk/internal/deflection"
	"stackdesk/internal/i18n"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// mailbox is a real SMTP server (go-smtp) on a local port that takes
// PLAIN logins and keeps what it receives.
type mailbox struct {
	mu       sync.Mutex
	messages []mailMsg
	reject   bool // refuse the next DATA with a temporary error
}

type mailMsg struct {
	from, to, user string
	data           []byte
}

type mailSession struct {
	box  *mailbox
	msg  mailMsg
	auth bool
}

func (b *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mailSession{box: b}, nil }

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != "stackdesk" || password != "pw" {
			return errors.New("bad login")
		}
		s.auth, s.msg.user = true, username
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.auth {
		return smtp.ErrAuthRequired
	}
	s.msg.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.msg.to = to; return nil }

func (s *mailSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	if s.box.reject {
		s.box.reject = false
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.msg.data = data
	s.box.messages = append(s.box.messages, s.msg)
	return nil
}

func (s *mailSession) Reset()        { s.msg = mailMsg{user: s.msg.user} }
func (s *mailSession) Logout() error { return nil }

func TestTicketByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		box := &mailbox{reject: true}
		srv := smtp.NewServer(box)
		srv.Domain = "localhost"
		srv.AllowInsecureAuth = true
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go srv.Serve(ln)
		defer srv.Close()

		r := newRig(t, st)
		cfg := &r.svc.Settings
		cfg.SMTPAddr, cfg.SMTPUser, cfg.SMTPPassword = ln.Addr().String(), "stackdesk", "pw"
		cfg.EmailFrom, cfg.EmailTo = "stackdesk@example.com", "hotline@example.com"
		r.svc.BaseURL = "https://help.example.com"
		r.svc.T = i18n.MustLoad().T
		ctx := context.Background()
		me := deflection.Who{Visitor: "v1", Lang: "de"}
		s := r.start(t, me, "2026-03-02 10:00", "Drucker druckt nur leere Seiten")
		tk := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Drucker im 3. Stock: leere Seiten", Body: "Seit Montag kommen nur leere Seiten.", Email: "emp@example.com"}}).Ticket

		// The first attempt meets a temporary refusal and is retried after the backoff.
		if n, err := r.svc.RunDeliveries(ctx); n != 1 || err != nil {
			t.Fatalf("attempt 1: %d %v", n, err)
		}
		var d deflection.Delivery
		st.DB.Where("ticket_id = ?", tk.ID).Take(&d)
		if d.Channel != "email" || d.Status != "pending" || !strings.Contains(d.LastError, "try again later") {
			t.Fatalf("after refusal: %+v", d)
		}
		r.clk.Advance(cfg.RetryBase)
		if n, err := r.svc.RunDeliveries(ctx); n != 1 || err != nil {
			t.Fatalf("attempt 2: %d %v", n, err)
		}
		st.DB.Where("ticket_id = ?", tk.ID).Take(&d)
		if d.Status != "delivered" || d.Attempts != 2 {
			t.Fatalf("after delivery: %+v", d)
		}

		box.mu.Lock()
		defer box.mu.Unlock()
		if len(box.messages) != 1 {
			t.Fatalf("%d messages", len(box.messages))
		}
		m := box.messages[0]
		if m.from != "stackdesk@example.com" || m.to != "hotline@example.com" || m.user != "stackdesk" {
			t.Fatalf("envelope %+v", m)
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(m.data)))
		if err != nil {
			t.Fatal(err)
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if !strings.Contains(subject, "Drucker im 3. Stock: leere Seiten") || msg.Header.Get("Reply-To") != "emp@example.com" {
			t.Fatalf("headers %v (subject %q)", msg.Header, subject)
		}
		body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
		for _, want := range []string{"Seit Montag kommen nur leere Seiten.", "Drucker druckt nur leere Seiten", "Answer in: German",
			"https://help.example.com/api/v1/tickets/"} {
			if !strings.Contains(string(body), want) {
				t.Fatalf("body lacks %q:\n%s", want, body)
			}
		}
	})
}

// bidiMarked fails the test unless s shows the override before "txt.exe"
// as a mark, [U+202E], and holds the character itself nowhere.
func bidiMarked(t *testing.T, what, s string) {
	t.Helper()
	if strings.ContainsRune(s, '\u202e') || !strings.Contains(s, "[U+202E]txt.exe") {
		t.Errorf("%s does not show the override as a mark: %q", what, s)
	}
}

// oneLine fails the test unless the mail's subject kept the subject's
// line break as a space, adding no header.
func oneLine(t *testing.T, m *mail.Message, subject string) {
	t.Helper()
	if !strings.HasSuffix(subject, "Papierstau [U+202E]txt.exe Bcc: eve@example.com") || m.Header.Get("Bcc") != "" {
		t.Errorf("subject %q, Bcc %q: not one line", subject, m.Header.Get("Bcc"))
	}
}

// TestTicketMailsMarkBidiControls: the employee's words reach the
// hotline's mailbox, and the hotline's message reaches the employee, with
// the bidirectional overrides in them shown as marks, in the subject as in
// the text: "Papierstau \u202Etxt.exe" cannot show as "Papierstau exe.txt"
// in a mail client. A subject is one line whatever the ticket's.
func TestTicketMailsMarkBidiControls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		box := r.withMailbox(t)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		s := r.start(t, deflection.Who{User: emp}, "2026-03-02 10:00", "Drucker druckt nicht")
		tk := r.outcome(t, deflection.Who{User: emp}, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Papierstau im Drucker", Body: "Papierstau im Drucker \u202etxt.exe", Email: "emp@example.com"}}).Ticket

		// A one-line subject refuses the character today; a delivery
		// queued before did not, nor do imported accounts' names.
		var d deflection.Delivery
		if err := st.DB.Where("ticket_id = ? AND channel = ?", tk.ID, deflection.ChannelEmail).Take(&d).Error; err != nil {
			t.Fatal(err)
		}
		var p deflection.Payload
		if err := json.Unmarshal([]byte(d.Payload), &p); err != nil {
			t.Fatal(err)
		}
		p.Ticket.Subject = "Papierstau \u202etxt.exe\r\nBcc: eve@example.com"
		payload, _ := json.Marshal(p)
		st.DB.Model(&d).Update("payload", string(payload))
		st.DB.Table("tickets").Where("id = ?", tk.ID).Update("subject", "Papierstau \u202etxt.exe\r\nBcc: eve@example.com")
		st.DB.Model(emp).Update("display_name", "Erika \u202etxt.exe")

		mails := r.replies(t, box, "hotline@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d mails to the hotline", len(mails))
		}
		subject, body := mailText(t, mails[0])
		bidiMarked(t, "the hotline's subject", subject)
		oneLine(t, mails[0], subject)
		bidiMarked(t, "the hotline's mail", body)
		if !strings.Contains(body, "Papierstau im Drucker [U+202E]txt.exe") {
			t.Errorf("the ticket's text changed otherwise:\n%s", body)
		}

		if _, _, err := r.svc.PostMessage(ctx, hot, tk.ID, deflection.MessageInput{Body: "Ist die Datei \u202etxt.exe von Ihnen?", Waiting: true}); err != nil {
			t.Fatal(err)
		}
		mails = r.replies(t, box, "emp@example.com")
		if len(mails) != 1 {
			t.Fatalf("%d mails to the employee", len(mails))
		}
		subject, body = mailText(t, mails[0])
		bidiMarked(t, "the employee's subject", subject)
		oneLine(t, mails[0], subject)
		bidiMarked(t, "the employee's mail", body)
		for _, want := range []string{"Erika [U+202E]txt.exe", "Ist die Datei [U+202E]txt.exe von Ihnen?", "> Papierstau im Drucker [U+202E]txt.exe"} {
			if !strings.Contains(body, want) {
				t.Errorf("the employee's mail lacks %q:\n%s", want, body)
			}
		}
	})
}
