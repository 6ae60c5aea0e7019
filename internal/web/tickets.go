package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// ticketsPage is the data of the hotline's ticket list.
type ticketsPage struct {
	Rows    []deflection.TicketRow
	Status  string // all, open or resolved
	Order   string // newest or oldest (first)
	Total   int64
	Pages   pager
	IsAdmin bool
	Staff   bool                  // every ticket; else the user's own
	Users   map[int64]*store.User // who filed the tickets (for those who may see it)
}

// ticketDefaults are the status and order the list shows when the address
// names none: the hotline works its queue, the open tickets oldest first;
// an employee reads their own tickets, all of them, newest first.
func ticketDefaults(staff bool) (status, order string) {
	if staff {
		return deflection.TicketOpen, "oldest"
	}
	return "all", "newest"
}

// Link is the list's address with a status and an order (the defaults left
// out).
func (d ticketsPage) Link(status, order string) string {
	defStatus, defOrder := ticketDefaults(d.Staff)
	v := url.Values{}
	if status != defStatus {
		v.Set("status", status)
	}
	if order != defOrder {
		v.Set("order", order)
	}
	if len(v) == 0 {
		return "/tickets"
	}
	return "/tickets?" + v.Encode()
}

// Filer is the user who filed a ticket, or nil.
func (d ticketsPage) Filer(t deflection.Ticket) *store.User {
	if t.UserID == nil {
		return nil
	}
	return d.Users[*t.UserID]
}

// ticketPage is the data of one ticket.
type ticketPage struct {
	Row        *deflection.TicketRow
	Trail      deflection.Trail
	CanResolve bool
	CanContact bool
	IsAdmin    bool
	Staff      bool // the hotline's view; else the employee's own ticket
	Answer     string
	Filer      *store.User        // who filed it (when logged in, for those who may see it)
	Resolver   *store.User        // who resolved it
	Next       *deflection.Ticket // the oldest other open ticket, for the hotline
}

// ReplyMail is a mailto link that sends a resolved ticket's answer to the
// address on the ticket, for the hotline to send from its own mail client.
func (d ticketPage) ReplyMail() template.URL {
	t := d.Row
	if !d.CanContact || t.Email == "" || t.Status != deflection.TicketResolved {
		return ""
	}
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	// One line of subject; a body short enough for every mail client's
	// link handling (some stop near 2,000 characters), with the rest cut.
	subject := strings.Join(strings.Fields("#"+strconv.FormatInt(t.ID, 10)+": "+t.Subject), " ")
	body := t.Resolution
	if r := []rune(body); len(r) > replyMailMax {
		body = string(r[:replyMailMax]) + " …"
	}
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n") // RFC 6068: CRLF line breaks
	return template.URL("mailto:" + url.PathEscape(t.Email) + "?subject=" + esc(subject) + "&body=" + esc(body))
}

// replyMailMax bounds the answer a reply link carries, in characters.
const replyMailMax = 1500

func (s *Server) tickets(c echo.Context) error {
	u := httpx.User(c)
	page := max(httpx.QueryInt(c, "page", 1), 1)
	staff := deflection.CanSeeTickets(u)
	status, order := c.QueryParam("status"), c.QueryParam("order")
	defStatus, defOrder := ticketDefaults(staff)
	if status == "" {
		status = defStatus
	}
	if order == "" {
		order = defOrder
	}
	filter := status
	if filter == "all" {
		filter = ""
	}
	rows, total, err := s.help.Tickets(c.Request().Context(), u, deflection.TicketFilter{Status: filter, Order: order, Page: page, PageSize: 30})
	if err != nil {
		return err
	}
	filers := make([]*int64, len(rows))
	for i := range rows {
		filers[i] = rows[i].UserID // nil where redacted
	}
	users, err := s.qa.Users(c.Request().Context(), filers...)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", ticketsPage{Rows: rows, Status: status, Order: order, Total: total, Pages: newPager(page, 30, total),
		IsAdmin: u.Role == store.RoleAdmin, Staff: staff, Users: users})
	p.Title = p.T("tickets.title")
	if !staff {
		p.Title = p.T("tickets.mine_title")
	}
	p.NoIndex = true
	return s.render(c, "tickets", p)
}

func (s *Server) ticketData(c echo.Context, id int64) (ticketPage, error) {
	u := httpx.User(c)
	row, err := s.help.TicketByID(c.Request().Context(), u, id)
	if err != nil {
		return ticketPage{}, err
	}
	users, err := s.qa.Users(c.Request().Context(), row.UserID, row.ResolvedBy)
	if err != nil {
		return ticketPage{}, err
	}
	d := ticketPage{Row: row, Trail: row.ParseTrail(), CanResolve: deflection.CanResolve(u),
		CanContact: deflection.CanSeeContact(u), IsAdmin: u.Role == store.RoleAdmin, Staff: deflection.CanSeeTickets(u)}
	if row.UserID != nil {
		d.Filer = users[*row.UserID]
	}
	if row.ResolvedBy != nil {
		d.Resolver = users[*row.ResolvedBy]
	}
	if d.Next, err = s.help.NextOpenTicket(c.Request().Context(), u, id); err != nil {
		return ticketPage{}, err
	}
	return d, nil
}

func (s *Server) ticket(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.ticketData(c, id)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("tickets.ticket", "ID", d.Row.ID)
	p.NoIndex = true
	return s.render(c, "tickets_show", p)
}

func (s *Server) ticketResolve(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	u := httpx.User(c)
	lang := httpx.Lang(c)
	in := deflection.ResolutionInput{Answer: c.FormValue("answer"), Publish: c.FormValue("publish") == "on",
		Title: c.FormValue("title"), QuestionBody: c.FormValue("question_body"), Tags: qa.SplitTags(c.FormValue("tags")),
		Mark: s.cat.T(lang, "ticket.answered_by_hotline")}
	_, err = s.help.Resolve(c.Request().Context(), u, id, in)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10))
	}
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		return err
	}
	d, derr := s.ticketData(c, id)
	if derr != nil {
		return derr
	}
	d.Answer = in.Answer
	p := s.newPage(c, "", d)
	p.Title = p.T("tickets.ticket", "ID", d.Row.ID)
	return s.formError(c, "tickets_show", p, err)
}

func (s *Server) deliveryRetry(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.help.RetryDelivery(c.Request().Context(), httpx.User(c), id)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(d.TicketID, 10))
}
