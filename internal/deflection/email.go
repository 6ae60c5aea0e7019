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
)

// sendEmail mails the ticket to the hotline's mailbox over SMTP, with
// STARTTLS when the server offers it and authentication when configured.
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
	msg, err := s.emailMessage(d)
	if err != nil {
		return err
	}
	if err := c.Mail(cfg.EmailFrom); err != nil {
		return err
	}
	if err := c.Rcpt(cfg.EmailTo); err != nil {
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

// emailMessage renders a delivery as a plain-text e-mail.
func (s *Service) emailMessage(d *Delivery) ([]byte, error) {
	var p Payload
	if err := json.Unmarshal([]byte(d.Payload), &p); err != nil {
		return nil, err
	}
	t := p.Ticket
	var text strings.Builder
	fmt.Fprintf(&text, "Ticket #%d from %s\n\n%s\n\n%s\n", t.ID, t.Email, t.Subject, t.Body)
	if p.Trail != nil {
		text.WriteString("\nSearched for:\n")
		for _, q := range p.Trail.Searches {
			fmt.Fprintf(&text, "- %s\n", q.Query)
		}
		if len(p.Trail.Viewed) > 0 {
			text.WriteString("\nQuestions looked at:\n")
			for _, q := range p.Trail.Viewed {
				fmt.Fprintf(&text, "- %s %s\n", q.Title, q.URL)
			}
		}
	}
	fmt.Fprintf(&text, "\nPublishing the answer is %s.\nTicket: %s\nAnswer through the API: POST %s\n",
		map[bool]string{true: "allowed", false: "not allowed"}[t.ConsentPublish], t.URL, t.ResolutionURL)
	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	w.Write([]byte(text.String()))
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
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", "[Stackdesk] Ticket #"+strconv.FormatInt(t.ID, 10)+": "+oneLine(t.Subject)))
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <ticket-%d-delivery-%d@%s>\r\n", s.now().Format(time.RFC1123Z), t.ID, d.ID, host)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	b.Write(qp.Bytes())
	return b.Bytes(), nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
