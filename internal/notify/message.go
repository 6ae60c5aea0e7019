package notify

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// sendTimeout bounds one SMTP conversation.
const sendTimeout = 60 * time.Second

// Line is a notification in words, in the user's language, without the
// question's title (which pages show as a link).
func Line(t func(lang, id string, kv ...any) string, lang string, it *Item) string {
	badge := ""
	if it.Badge != "" {
		badge = t(lang, "badge."+it.Badge+".name")
	}
	actor := it.ActorName
	if actor == "" {
		actor = t(lang, "notify.someone")
	} else if it.ActorStaff() {
		actor += StaffMark
	}
	if it.Type == TypeClosed && it.ActorID == nil { // members' close votes
		if it.Reason == "" || it.Reason == "closed" {
			return t(lang, "notify.type.closed_by_votes")
		}
		return t(lang, "notify.type.closed_by_votes_because", "Reason", t(lang, "close.reason."+it.Reason))
	}
	if it.Type == TypeClosed && it.Reason != "" && it.Reason != "closed" {
		// "closed" is an imported question's reason when the dump does
		// not say why.
		return t(lang, "notify.type.closed_because", "Actor", actor, "Reason", t(lang, "close.reason."+it.Reason))
	}
	if it.Type == TypeEditRejected && it.Reason == ReasonPostDeleted {
		return t(lang, "notify.type.edit_rejected_deleted", "Actor", actor)
	}
	if it.Type == TypeEditRejected && it.Reason != "" {
		return t(lang, "notify.type.edit_rejected_because", "Actor", actor, "Reason", t(lang, "suggestion.reason."+it.Reason))
	}
	if it.Type == TypeFlagDeclined && it.Note != "" {
		return t(lang, "notify.type.flag_declined_because", "Actor", actor, "Note", it.Note)
	}
	if it.Type == TypeFlagHelpful && it.Reason == FlagDeleted {
		return t(lang, "notify.type.flag_helpful_deleted", "Actor", actor)
	}
	if it.Type == TypeTicket && it.QuestionID != nil && it.TicketID != nil {
		// Resolved by publishing it: the title that follows is the question's.
		return t(lang, "notify.type.ticket_published", "ID", *it.TicketID)
	}
	return t(lang, "notify.type."+it.Type, "Actor", actor, "Badge", badge, "Tag", it.Tag)
}

func (m *Mailer) link(path string) string {
	return strings.TrimSuffix(m.BaseURL, "/") + path
}

// MailLang is the language of the e-mails to u: their setting, else the
// site's default (English); nil, for nobody known, is the default too.
func MailLang(u *store.User) string {
	if u == nil || u.Language == "" {
		return "en"
	}
	return u.Language
}

// compose writes the e-mail for a user's notifications: one notification
// at once, several at once, or a daily digest, with an unsubscribe link.
func (m *Mailer) compose(u *store.User, token string, its []Item, digest bool, now time.Time) []byte {
	lang := MailLang(u)
	var subject string
	switch {
	case digest:
		subject = m.N(lang, "email.digest_subject", len(its))
	case len(its) == 1:
		subject = Line(m.T, lang, &its[0])
		if title := its[0].Title(); title != "" {
			subject += ": " + title
		}
	default:
		subject = m.N(lang, "email.subject_many", len(its))
	}
	var body strings.Builder
	body.WriteString(m.T(lang, "email.greeting", "Name", u.DisplayName) + "\n\n")
	if digest {
		body.WriteString(m.N(lang, "email.digest_intro", len(its)) + "\n\n")
	}
	for i := range its {
		it := &its[i]
		body.WriteString("* " + Line(m.T, lang, it))
		if title := it.Title(); title != "" {
			body.WriteString(": " + title)
		}
		body.WriteString("\n  " + m.link(it.URL()) + "\n\n")
	}
	unsubscribe := m.link("/unsubscribe/" + token)
	body.WriteString("-- \n")
	body.WriteString(m.T(lang, "email.inbox") + ": " + m.link("/inbox") + "\n")
	body.WriteString(m.T(lang, "email.settings") + ": " + m.link("/settings") + "\n")
	body.WriteString(m.T(lang, "email.unsubscribe") + ": " + unsubscribe + "\n")

	return m.write(u, subject, fmt.Sprintf("notify-%d-%d", its[0].ID, now.UnixNano()), now, body.String(),
		[2]string{"List-Unsubscribe", "<" + unsubscribe + ">"},
		[2]string{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"})
}

// write assembles a plain-text e-mail to u: the common headers, the extra
// ones, and the body in quoted-printable; id starts its Message-ID. The
// user text in the subject, the body and the name shows its embeddings and
// overrides as marks (text.MarkBidi), as pages do: a title cannot read as
// another in a mail client.
func (m *Mailer) write(u *store.User, subject, id string, now time.Time, body string, extra ...[2]string) []byte {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", m.Config.EmailFrom)
	header("To", (&mail.Address{Name: text.MarkBidi(u.DisplayName), Address: *u.Email}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", text.MarkBidi(oneLine(subject))))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<%s@%s>", id, m.host()))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	for _, h := range extra {
		header(h[0], h[1])
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(text.MarkBidi(body), "\n", "\r\n")))
	qp.Close()
	return b.Bytes()
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// host is the site's host name, for Message-ID and the SMTP greeting.
func (m *Mailer) host() string {
	if u, err := url.Parse(m.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

// send delivers one message with net/smtp: STARTTLS when the server offers
// it, PLAIN auth when a user is configured, all within sendTimeout.
func (m *Mailer) send(to string, msg []byte) error {
	addr := m.Config.SMTPAddr
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	conn, err := net.DialTimeout("tcp", addr, sendTimeout)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(sendTimeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello(m.host()); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return err
		}
	}
	if m.Config.SMTPUser != "" {
		if err := c.Auth(smtp.PlainAuth("", m.Config.SMTPUser, m.Config.SMTPPassword, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(m.Config.EmailFrom); err != nil {
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
	// The server took the message; a failed goodbye does not unsend it.
	c.Quit()
	return nil
}
