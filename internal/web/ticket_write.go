package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/text"
)

// ticketWrite says, on an open ticket's page, whether the hotline's message
// reaches the employee; when it reaches nobody (filed without logging in,
// and no mail server or no address), the page offers no message form but
// says why and offers a mail to the ticket's address instead.
type ticketWrite struct {
	Unreachable bool         // the hotline's message would reach nobody: it is refused
	WriteMail   template.URL // a mailto link to the ticket's address, greeting the employee and quoting the ticket; "" without an address
}

// writeData fills in d.ticketWrite for the hotline's reader of an open ticket.
func (s *Server) writeData(c echo.Context, d *ticketPage) {
	t := d.Row
	if !d.CanResolve || t.Closed() || s.help.MessageReaches(&t.Ticket) {
		return
	}
	d.Unreachable = true
	if !d.CanContact || t.Email == "" {
		return
	}
	// Filed without logging in: in the language of the page it was filed on.
	lang := t.MailLang(nil)
	tr := func(id string, kv ...any) string { return s.cat.T(lang, id, kv...) }
	greeting, _, quote := deflection.ResolutionParts(tr, "", "", t.Subject, t.Body)
	d.WriteMail = mailto(&t.Ticket, deflection.ResolutionText(greeting, "", "", quote))
}

// mailto is a link that writes a mail about ticket t to its address, with
// the ticket's number and subject on one line as the mail's subject and
// body as its text (CRLF line breaks, RFC 6068). Subject and body show
// embeddings and overrides as marks (text.MarkBidi), as every mail does.
func mailto(t *deflection.Ticket, body string) template.URL {
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	subject := strings.Join(strings.Fields("#"+strconv.FormatInt(t.ID, 10)+": "+t.Subject), " ")
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	return template.URL("mailto:" + url.PathEscape(t.Email) + "?subject=" + esc(text.MarkBidi(subject)) + "&body=" + esc(text.MarkBidi(body)))
}
