package deflection

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"stackdesk/internal/text"
)

// sendEmail mails the ticket to the hotline's mailbox (or, for a reply,
// the hotline's message to the ticket's address) over SMTP, with STARTTLS
// when the server offers it and authentication when configured.
func (s *Service) sendEmail(ctx context.Context, d *Delivery) error {
	cfg := s.Settings
	host, _, err := net.SplitHostPort(cfg.SMTPAddr)
	if err != nil {
		return err
	}
	dialer := net.Dialer{Timeout: 15 * time.Second}
	conn, err := dialer.DialContext(ctx, "tcp", cfg.SMTPAddr)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(60 * time.Second))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return err
		}
	}
	if cfg.SMTPUser != "" {
		if err := c.Auth(smtp.PlainAuth("", cfg.SMTPUser, cfg.SMTPPassword, host)); err != nil {
			return err
		}
	}
	msg, rcpt := s.emailMessage, cfg.EmailTo
	if d.Channel == ChannelReply {
		msg, rcpt = s.replyMessage, d.Target
	}
	body, err := msg(d)
	if err != nil {
		return err
	}
	if err := c.Mail(cfg.EmailFrom); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// emailMessage renders a delivery as a plain-text e-mail. Its subject and
// text show the embeddings and overrides in the employee's words as marks
// (text.MarkBidi), as the ticket's page does, and so does replyMessage.
func (s *Service) emailMessage(d *Delivery) ([]byte, error) {
	var p Payload
	if err := json.Unmarshal([]byte(d.Payload), &p); err != nil {
		return nil, err
	}
	t := p.Ticket
	var out strings.Builder
	fmt.Fprintf(&out, "Ticket #%d from %s\n", t.ID, t.Email)
	if t.Language != "" {
		// The mail is the hotline's, in English; the employee reads theirs.
		lang := t.Language
		if s.T != nil {
			lang = s.T("en", "tickets.language_"+t.Language)
		}
		fmt.Fprintf(&out, "Answer in: %s\n", lang)
	}
	fmt.Fprintf(&out, "\n%s\n\n%s\n", t.Subject, t.Body)
	if p.Trail != nil {
		out.WriteString("\nSearched for:\n")
		for _, q := range p.Trail.Searches {
			fmt.Fprintf(&out, "- %s\n", q.Query)
		}
		if len(p.Trail.Viewed) > 0 {
			out.WriteString("\nQuestions looked at:\n")
			for _, q := range p.Trail.Viewed {
				fmt.Fprintf(&out, "- %s %s\n", q.Title, q.URL)
			}
		}
	}
	fmt.Fprintf(&out, "\nPublishing the answer is %s.\nTicket: %s\nAnswer through the API: POST %s\n",
		map[bool]string{true: "allowed", false: "not allowed"}[t.ConsentPublish], t.URL, t.ResolutionURL)
	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	w.Write([]byte(text.MarkBidi(out.String())))
	w.Close()
	var b bytes.Buffer
	host := "stackdesk"
	if i := strings.LastIndexByte(s.Settings.EmailFrom, '@'); i >= 0 {
		host = s.Settings.EmailFrom[i+1:]
	}
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\n", s.Settings.EmailFrom, s.Settings.EmailTo)
	if t.Email != "" && !strings.ContainsAny(t.Email, "\r\n") {
		fmt.Fprintf(&b, "Reply-To: %s\r\n", t.Email)
	}
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", text.MarkBidi("[Stackdesk] Ticket #"+strconv.FormatInt(t.ID, 10)+": "+oneLine(t.Subject))))
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <ticket-%d-delivery-%d@%s>\r\n", s.now().Format(time.RFC1123Z), t.ID, d.ID, host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	b.Write(qp.Bytes())
	return b.Bytes(), nil
}

// replyMessage renders a reply delivery: the hotline's message to the
// employee, greeting them, repeating their ticket, in their language; or
// the resolution of a ticket filed without logging in, as the ticket page's
// mailto link words it.
// Answers by e-mail go to the hotline's mailbox (Reply-To).
func (s *Service) replyMessage(d *Delivery) ([]byte, error) {
	var p ReplyPayload
	if err := json.Unmarshal([]byte(d.Payload), &p); err != nil {
		return nil, err
	}
	t := p.Ticket
	tr := func(id string, kv ...any) string {
		if s.T == nil {
			return id
		}
		return s.T(p.Lang, id, kv...)
	}
	var out strings.Builder
	if p.Event == EventTicketResolved {
		// The resolution: the text of the ticket page's mailto link.
		var r ResolutionPayload
		if err := json.Unmarshal([]byte(d.Payload), &r); err != nil {
			return nil, err
		}
		greeting, published, quote := ResolutionParts(tr, r.Name, r.QuestionURL, t.Subject, t.Body)
		out.WriteString(ResolutionText(greeting, strings.TrimSpace(r.Resolution), published, quote) + "\n")
	} else {
		if p.Name != "" {
			out.WriteString(tr("email.greeting", "Name", p.Name))
		} else {
			out.WriteString(tr("tickets.mail_greeting"))
		}
		out.WriteString("\n\n" + tr("tickets.mail_message_intro", "ID", t.ID) + "\n\n")
		out.WriteString(strings.TrimSpace(p.Message) + "\n\n")
		out.WriteString(tr("tickets.mail_your_ticket") + "\n\n" + Quote(t.Subject, t.Body) + "\n\n")
		if t.UserID != nil {
			out.WriteString(tr("tickets.mail_answer_on_page") + "\n  " + t.URL + "\n")
		} else {
			out.WriteString(tr("tickets.mail_answer_by_mail") + "\n")
		}
	}
	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	w.Write([]byte(strings.ReplaceAll(text.MarkBidi(out.String()), "\n", "\r\n")))
	w.Close()
	var b bytes.Buffer
	host := "stackdesk"
	if i := strings.LastIndexByte(s.Settings.EmailFrom, '@'); i >= 0 {
		host = s.Settings.EmailFrom[i+1:]
	}
	if strings.ContainsAny(d.Target, "\r\n") {
		return nil, fmt.Errorf("address %q spans lines", d.Target)
	}
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nReply-To: %s\r\n", s.Settings.EmailFrom, d.Target, s.Settings.EmailTo)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", text.MarkBidi("[Stackdesk] "+tr("tickets.mail_subject", "ID", t.ID, "Subject", oneLine(t.Subject)))))
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <ticket-%d-reply-%d@%s>\r\nAuto-Submitted: auto-generated\r\n", s.now().Format(time.RFC1123Z), t.ID, d.ID, host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	b.Write(qp.Bytes())
	return b.Bytes(), nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
