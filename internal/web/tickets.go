package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// ticketsPage is the data of the hotline's ticket list.
type ticketsPage struct {
	Rows       []deflection.TicketRow
	Status     string   // all, active (open or waiting), open, waiting, resolved or withdrawn
	Order      string   // newest or oldest (first)
	Assigned   string   // "" (anyone's), me or none
	Query      string   // words the subject or text contains
	Delivery   string   // "" (any) or failed: a delivery to the hotline failed
	Priority   string   // "" (any) or one of deflection.Priorities (staff)
	Priorities []string // the priorities to filter by, the most urgent first
	Failed     int64    // tickets with a failed delivery, for those who see deliveries
	Total      int64
	Pages      pager
	IsAdmin    bool
	Staff      bool // every ticket; else the user's own
	CanResolve bool // the hotline: takes tickets
	// SeesContacts: the user sees who filed tickets, and so may search by
	// them (their username, name or e-mail), as the search label says.
	SeesContacts bool
	Users        map[int64]*store.User // who filed the tickets (for those who may see it) and who holds them
	badQuery     bool                  // the search is refused: the field keeps it to correct, the links leave it out
	// OtherStates is, when a search finds no ticket in the status shown,
	// how many tickets of the other statuses it finds (the other filters
	// kept), which the page offers with a link to them: the queue opens on
	// the open tickets, and a caller's ticket may be resolved.
	OtherStates int64
}

// ticketDefaults are the status and order the list shows when the address
// names none: the hotline works its queue, the open tickets oldest first,
// and an agent's own ones (assigned=me) those open or waiting on the
// employee, all they hold; an employee reads their own tickets, all of
// them, newest first.
func ticketDefaults(staff bool, assigned string) (status, order string) {
	switch {
	case staff && assigned == deflection.AssignedMe:
		return deflection.StatusActive, "oldest"
	case staff:
		return deflection.TicketOpen, "oldest"
	}
	return deflection.StatusAll, "newest"
}

// Link is the list's address with a status and an order (the defaults left
// out), keeping the assignment filter and the search.
func (d ticketsPage) Link(status, order string) string {
	return d.link(status, order, d.Assigned, d.Delivery)
}

// AssignedLink is the list's address with an assignment filter ("" for
// anyone's), keeping the order, search and a status chosen; the default
// status of one assignment filter gives way to that of the other (the
// queue's open tickets, an agent's own open and waiting ones).
func (d ticketsPage) AssignedLink(assigned string) string {
	status := d.Status
	if def, _ := ticketDefaults(d.Staff, d.Assigned); status == def {
		status, _ = ticketDefaults(d.Staff, assigned)
	}
	return d.link(status, d.Order, assigned, d.Delivery)
}

// DeliveryLink is the list's address with a delivery filter ("" for any),
// keeping the order, assignment and search. The failed ones are listed
// whatever their status, as they are counted.
func (d ticketsPage) DeliveryLink(delivery string) string {
	status := d.Status
	if delivery != "" {
		status = "all"
	}
	return d.link(status, d.Order, d.Assigned, delivery)
}

func (d ticketsPage) link(status, order, assigned, delivery string) string {
	defStatus, defOrder := ticketDefaults(d.Staff, assigned)
	v := url.Values{}
	if status != defStatus {
		v.Set("status", status)
	}
	if order != defOrder {
		v.Set("order", order)
	}
	if assigned != "" {
		v.Set("assigned", assigned)
	}
	if delivery != "" {
		v.Set("delivery", delivery)
	}
	if d.Priority != "" {
		v.Set("priority", d.Priority)
	}
	if d.Query != "" && !d.badQuery {
		v.Set("q", d.Query)
	}
	if len(v) == 0 {
		return "/tickets"
	}
	return "/tickets?" + v.Encode()
}

// dropRefused leaves the refused filter values out of the list's links and
// its search form's hidden fields, so that none of them asks for the same
// refusal again: a refused status or order gives way to the default, a
// refused assignment, delivery or priority filter to none; a refused search
// stays in its field to be corrected.
func (d *ticketsPage) dropRefused(err error) {
	e := errs.As(err)
	if e == nil {
		return
	}
	for _, f := range e.Fields {
		switch f.Field {
		case "assigned":
			d.Assigned = ""
		case "delivery":
			d.Delivery = ""
		case "priority":
			d.Priority = ""
		case "q":
			d.badQuery = true
		}
	}
	if d.Priority != "" && !slices.Contains(d.Priorities, d.Priority) { // refused only once the rest is right
		d.Priority = ""
	}
	defStatus, defOrder := ticketDefaults(d.Staff, d.Assigned)
	for _, f := range e.Fields {
		switch f.Field {
		case "status":
			d.Status = defStatus
		case "order":
			d.Order = defOrder
		}
	}
}

// Filer is the user who filed a ticket, or nil.
func (d ticketsPage) Filer(t deflection.Ticket) *store.User {
	if t.UserID == nil {
		return nil
	}
	return d.Users[*t.UserID]
}

// Holder is the agent who holds a ticket, or nil.
func (d ticketsPage) Holder(t deflection.Ticket) *store.User {
	if t.AssignedTo == nil {
		return nil
	}
	return d.Users[*t.AssignedTo]
}

// ticketPage is the data of one ticket.
type ticketPage struct {
	Row         *deflection.TicketRow
	Trail       deflection.Trail
	CanResolve  bool
	CanContact  bool
	IsAdmin     bool
	Staff       bool // the hotline's view; else the employee's own ticket
	Answer      string
	PublishTags string             // the tags a published question gets unless the agent gives others
	Filer       *store.User        // who filed it (when logged in, for those who may see it)
	AnswerLang  string             // the language to answer the employee in (the hotline's view)
	Resolver    *store.User        // who resolved it
	Holder      *store.User        // the agent who holds it
	HeldByMe    bool               // the holder is the reader
	HoldError   string             // why taking or releasing it failed
	HoldSaid    bool               // HoldError says who holds it since when: the page does not say it again
	Next        *deflection.Ticket // the oldest other open ticket nobody else holds, for the hotline
	Published   string             // for a published ticket, the reply mail's line leading to the question
	Greeting    string             // the reply mail's first line, in the employee's language
	Quote       string             // the reply mail's last lines, repeating the ticket, in the employee's language
	// AnswerMail is the reply delivery that mails the resolution to a
	// ticket filed without logging in (replies mailed), the newest; nil if none.
	AnswerMail *deflection.Delivery

	CanMessage   bool                       // the reader may read and write the conversation
	Messages     []deflection.TicketMessage // the conversation, oldest first
	Authors      map[int64]*store.User      // who wrote the messages
	MailsReplies bool                       // the hotline's messages are e-mailed to the ticket's address
	ticketWrite                             // whether the hotline's message reaches the employee, else a mail to write them
	Message      string                     // a refused message, as typed
	MessageForm  bool                       // the refused form is the message's (not the resolution's)

	IsFiler        bool                     // the reader filed the ticket: may withdraw and reopen it
	ReopenUntil    *time.Time               // until when the filer may reopen the closed ticket; nil while open
	CanReopen      bool                     // the filer may reopen it now
	ReopenDays     int                      // how many days after closing a ticket can be reopened
	History        []deflection.TicketEvent // its withdrawals and reopenings, oldest first
	ActionForm     string                   // the employee's refused form: withdraw or reopen; "" for none
	ticketDesk                              // internal notes and priority, for those who work tickets
	ticketHandOver                          // handing it to a colleague
}

// Author is the user who wrote a message, or nil.
func (d ticketPage) Author(m deflection.TicketMessage) *store.User { return d.Authors[m.AuthorID] }

// ReplyMail is a mailto link that sends a resolved ticket's answer to the
// address on the ticket, for the hotline to send from its own mail client,
// in the words of the mail Stackdesk sends when replies are mailed
// (deflection.ResolutionText); for a published ticket it ends with the link
// to the question. Its subject and body show embeddings and overrides as
// marks (text.MarkBidi), as every mail does. When the answer is mailed, it
// is offered only once that mail failed.
func (d ticketPage) ReplyMail() template.URL {
	t := d.Row
	if !d.CanContact || t.Email == "" || t.Status != deflection.TicketResolved {
		return ""
	}
	if d.AnswerMail != nil && d.AnswerMail.Status != deflection.DeliveryFailed {
		return ""
	}
	// A body short enough for every mail client's link handling (some stop
	// near 2,000 characters), with the rest cut.
	answer := t.Resolution
	if r := []rune(answer); len(r) > replyMailMax {
		answer = string(r[:replyMailMax]) + " …"
	}
	return mailto(&t.Ticket, deflection.ResolutionText(d.Greeting, answer, d.Published, d.Quote))
}

// replyMailMax bounds the answer a reply link carries, in characters.
const replyMailMax = 1500

func (s *Server) tickets(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	pageNo := max(httpx.QueryInt(c, "page", 1), 1)
	staff := deflection.CanSeeTickets(u)
	status, order := c.QueryParam("status"), c.QueryParam("order")
	defStatus, defOrder := ticketDefaults(staff, c.QueryParam("assigned"))
	if status == "" {
		status = defStatus
	}
	if order == "" {
		order = defOrder
	}
	priority := c.QueryParam("priority")
	if !staff { // the priority is the hotline's business: an employee's own list is neither sorted nor narrowed by it
		priority = ""
		if order == deflection.OrderPriority {
			order = defOrder
		}
	}
	filter := status
	if filter == "all" {
		filter = ""
	}
	d := ticketsPage{Status: status, Order: order, Assigned: c.QueryParam("assigned"), Query: c.QueryParam("q"), Delivery: c.QueryParam("delivery"),
		Priority: priority, Priorities: deflection.Priorities, IsAdmin: u.Role == store.RoleAdmin, Staff: staff, CanResolve: deflection.CanResolve(u),
		SeesContacts: deflection.CanSeeContact(u)}
	failed, err := s.help.FailedDeliveryTickets(c.Request().Context(), u)
	if err != nil {
		return err
	}
	d.Failed = failed
	rows, total, err := s.help.Tickets(c.Request().Context(), u, deflection.TicketFilter{Status: filter, Order: order,
		Assigned: d.Assigned, Query: d.Query, Delivery: d.Delivery, Priority: d.Priority, Page: pageNo, PageSize: 30})
	title := func(p *page) {
		p.Title = p.T("tickets.title")
		if !staff {
			p.Title = p.T("tickets.mine_title")
		}
		p.NoIndex = true
	}
	// A bad filter or search is said beside the filters, and the list is
	// the one the filter bar then shows: the defaults in place of each
	// refused value, the others as given, the first page.
	refused := err
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.BadRequest) {
		d.dropRefused(err)
		query := d.Query
		if d.badQuery {
			query = ""
		}
		filter, pageNo = d.Status, 1
		if filter == deflection.StatusAll {
			filter = ""
		}
		rows, total, err = s.help.Tickets(c.Request().Context(), u, deflection.TicketFilter{Status: filter, Order: d.Order,
			Assigned: d.Assigned, Query: query, Delivery: d.Delivery, Priority: d.Priority, Page: pageNo, PageSize: 30})
	}
	if err != nil {
		return err
	}
	if total == 0 && refused == nil && d.Query != "" && d.Status != deflection.StatusAll {
		if _, d.OtherStates, err = s.help.Tickets(c.Request().Context(), u, deflection.TicketFilter{Order: d.Order,
			Assigned: d.Assigned, Query: d.Query, Delivery: d.Delivery, Priority: d.Priority, PageSize: 1}); err != nil {
			return err
		}
	}
	people := make([]*int64, 0, 2*len(rows))
	for i := range rows {
		people = append(people, rows[i].UserID, rows[i].AssignedTo) // nil where redacted
	}
	users, err := s.qa.Users(c.Request().Context(), people...)
	if err != nil {
		return err
	}
	d.Rows, d.Total, d.Pages, d.Users = rows, total, newPager(pageNo, 30, total), users
	p := s.newPage(c, "", d)
	title(p)
	if refused != nil {
		return s.formError(c, "tickets", p, refused)
	}
	return s.render(c, "tickets", p)
}

func (s *Server) ticketData(c echo.Context, id int64) (ticketPage, error) {
	u := httpx.User(c)
	row, err := s.help.TicketByID(c.Request().Context(), u, id)
	if err != nil {
		return ticketPage{}, err
	}
	users, err := s.qa.Users(c.Request().Context(), row.UserID, row.ResolvedBy, row.AssignedTo)
	if err != nil {
		return ticketPage{}, err
	}
	d := ticketPage{Row: row, Trail: row.ParseTrail(), CanResolve: deflection.CanResolve(u),
		CanContact: deflection.CanSeeContact(u), IsAdmin: u.Role == store.RoleAdmin, Staff: deflection.CanSeeTickets(u)}
	if row.UserID != nil {
		d.Filer = users[*row.UserID]
	}
	if d.Staff {
		d.AnswerLang = row.MailLang(d.Filer)
	}
	if d.CanResolve && row.ConsentPublish && !row.Closed() {
		tags, err := s.help.PublicationTags(c.Request().Context(), &row.Ticket)
		if err != nil {
			return ticketPage{}, err
		}
		d.PublishTags = strings.Join(tags, " ")
	}
	if row.ResolvedBy != nil {
		d.Resolver = users[*row.ResolvedBy]
	}
	if d.CanContact && row.Status == deflection.TicketResolved {
		// The reply mail is the employee's to read: in their language, not the agent's.
		var employee *store.User
		if row.UserID != nil {
			if employee, err = s.auth.UserByID(c.Request().Context(), *row.UserID); err != nil && !errs.Is(err, errs.NotFound) {
				return ticketPage{}, err
			}
		}
		lang := row.Ticket.MailLang(employee)
		tr := func(id string, kv ...any) string { return s.cat.T(lang, id, kv...) }
		name, question := "", ""
		if employee != nil {
			name = employee.DisplayName
		}
		if q := row.PublishedQuestionID; q != nil {
			question = httpx.AbsoluteURL(c, s.cfg.BaseURL, "/questions/"+strconv.FormatInt(*q, 10))
		}
		d.Greeting, d.Published, d.Quote = deflection.ResolutionParts(tr, name, question, row.Subject, row.Body)
		for i := range row.Deliveries { // oldest first: the last is the latest resolution's
			if dl := &row.Deliveries[i]; dl.Channel == deflection.ChannelReply && dl.Event() == deflection.EventTicketResolved {
				d.AnswerMail = dl
			}
		}
	}
	if d.CanMessage = deflection.CanMessage(u, &row.Ticket); d.CanMessage {
		if d.Messages, err = s.help.TicketMessages(c.Request().Context(), u, id); err != nil {
			return ticketPage{}, err
		}
		ids := make([]*int64, len(d.Messages))
		for i := range d.Messages {
			ids[i] = &d.Messages[i].AuthorID
		}
		if d.Authors, err = s.qa.Users(c.Request().Context(), ids...); err != nil {
			return ticketPage{}, err
		}
		d.MailsReplies = s.help.MailsReplies()
		s.writeData(c, &d)
	}
	d.IsFiler, d.ReopenDays = deflection.CanWithdraw(u, &row.Ticket), int(deflection.ReopenWindow/(24*time.Hour))
	if d.IsFiler {
		d.ReopenUntil = row.ReopenableUntil()
		d.CanReopen = s.help.Reopenable(&row.Ticket)
	}
	if d.History, err = s.help.HistoryOf(c.Request().Context(), u, row); err != nil {
		return ticketPage{}, err
	}
	if err := s.deskData(c, u, &d); err != nil {
		return ticketPage{}, err
	}
	if err := s.handOverData(c, u, &d); err != nil {
		return ticketPage{}, err
	}
	if row.AssignedTo != nil {
		d.Holder = users[*row.AssignedTo]
		d.HeldByMe = *row.AssignedTo == u.ID
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
	in := deflection.ResolutionInput{Answer: c.FormValue("answer"), Publish: c.FormValue("publish") == "on",
		Title: c.FormValue("title"), QuestionBody: c.FormValue("question_body"), Tags: qa.SplitTags(c.FormValue("tags")),
		Mark: deflection.HotlineMark(s.cat)}
	_, err = s.help.Resolve(c.Request().Context(), u, id, in)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10))
	}
	if errs.Is(err, errs.Forbidden) {
		// Another's ticket, to whoever may not see it, is as if there were
		// none (404), as its page and taking it are; one's own is a 403.
		if _, derr := s.help.TicketByID(c.Request().Context(), u, id); derr != nil {
			return derr
		}
	}
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		return err
	}
	d, derr := s.ticketData(c, id)
	if derr != nil {
		return derr
	}
	err = publishAboveForm(err)
	d.Answer = in.Answer
	p := s.newPage(c, "", d)
	p.back = "/tickets/" + strconv.FormatInt(id, 10)
	p.Title = p.T("tickets.ticket", "ID", d.Row.ID)
	return s.formError(c, "tickets_show", p, err)
}

// publishAboveForm turns a refusal of the resolution's publish field alone
// (the employee did not consent, so the form offers no such field: a crafted
// form, or consent asked of an older page) into the form's own message,
// which the page shows above the resolution form; others are left as they are.
func publishAboveForm(err error) error {
	e := errs.As(err)
	if e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "publish" {
		return err
	}
	return &errs.Error{Code: e.Code, Msg: e.Fields[0].Msg}
}

// ticketTake gives the ticket to the agent; a ticket someone else holds
// (or one resolved meanwhile) shows again with why not.
func (s *Server) ticketTake(c echo.Context) error {
	return s.ticketHold(c, s.help.Take)
}

// heldSince maps the refusals to take or release a ticket another agent
// holds to the sentence that says so together with since when they hold it,
// which the page says once instead of twice.
var heldSince = map[string]string{"ticket.held": "tickets.held_by_take", "ticket.release_not_yours": "tickets.held_by_release",
	"ticket.handover_not_yours": "tickets.held_by_handover"}

// ticketRelease lets go of the ticket (one's own; an admin anyone's).
func (s *Server) ticketRelease(c echo.Context) error {
	return s.ticketHold(c, s.help.Release)
}

func (s *Server) ticketHold(c echo.Context, act func(context.Context, *store.User, int64) (*deflection.TicketRow, error)) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	_, err = act(c.Request().Context(), httpx.User(c), id)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tickets/"+strconv.FormatInt(id, 10))
	}
	return s.holdRefused(c, id, err)
}

// holdRefused shows the ticket's page again with why taking, releasing or
// handing it over was refused: another holds it, or it was closed meanwhile.
func (s *Server) holdRefused(c echo.Context, id int64, err error) error {
	if !errs.Is(err, errs.Conflict) && !errs.Is(err, errs.Forbidden) {
		return err
	}
	d, derr := s.ticketData(c, id)
	if derr != nil {
		return derr
	}
	p := s.newPage(c, "", d)
	p.back = "/tickets/" + strconv.FormatInt(id, 10)
	d.HoldError = s.cat.Msg(p.Lang, errs.As(err).Msg)
	if merged := heldSince[errs.As(err).Msg.ID]; merged != "" && d.Holder != nil && !d.HeldByMe && d.Row.AssignedAt != nil {
		// One sentence says who holds it, since when, and what the reader can do.
		d.HoldError = p.T(merged, "Name", text.Isolate(d.Holder.DisplayName), "When", p.Date(*d.Row.AssignedAt))
		d.HoldSaid = true
	}
	p.Data = d
	p.Title = p.T("tickets.ticket", "ID", d.Row.ID)
	p.NoIndex = true
	p.Status = httpx.Status(errs.CodeOf(err))
	return s.render(c, "tickets_show", p)
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

// OpenTickets is the number of open tickets nobody holds, for the header of
// a hotline agent or an administrator; 0 for others.
func (p *page) OpenTickets() int64 {
	if p.User == nil || p.openTickets == nil {
		return 0
	}
	n := p.openTickets()
	p.openTickets = func() int64 { return n }
	return n
}

// openTicketsFunc counts the open tickets nobody holds for u's header, 0
// for those who work no tickets or when that fails.
func (s *Server) openTicketsFunc(ctx context.Context, u *store.User) func() int64 {
	return func() int64 {
		n, err := s.help.UnassignedOpenTickets(ctx, u)
		if err != nil {
			s.log.Warn("unassigned open tickets", "err", err)
			return 0
		}
		return n
	}
}
