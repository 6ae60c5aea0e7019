package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/search/engine"
)

// who identifies the caller of the help-session routes: the user, and the
// browser's visitor cookie (made when a session starts), and the client's
// address (which limits tickets filed without logging in). Callers with a
// Bearer token are known by their user alone, and by the token's owner
// (whose role, not the token's scope, says whether the support team asks).
func who(c echo.Context, create bool) deflection.Who {
	if c.Request().Header.Get(echo.HeaderAuthorization) != "" {
		return deflection.Who{User: httpx.User(c), Client: c.RealIP(), Account: httpx.Account(c), Lang: httpx.Lang(c)}
	}
	return deflection.Who{User: httpx.User(c), Visitor: httpx.Visitor(c, create, c.Scheme() == "https"), Client: c.RealIP(), Lang: httpx.Lang(c)}
}

func (h *handlers) startHelpSession(c echo.Context) error {
	var in HelpSessionInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	v, err := h.Help.Start(c.Request().Context(), who(c, true), in.Query)
	if err != nil {
		return err
	}
	return h.helpSession(c, http.StatusCreated, v.Session, v.Suggestions)
}

func (h *handlers) getHelpSession(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.Help.Session(c.Request().Context(), who(c, false), id)
	if err != nil {
		return err
	}
	return h.helpSession(c, http.StatusOK, v.Session, v.Suggestions)
}

func (h *handlers) addHelpEvent(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	var in HelpEventJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	res, err := h.Help.AddEvent(c.Request().Context(), who(c, false), id,
		deflection.EventInput{Type: in.Type, Query: in.Query, QuestionID: in.QuestionID})
	if err != nil {
		return err
	}
	return h.helpSession(c, http.StatusCreated, res.Session, res.Suggestions)
}

// helpSession answers with a help session and its suggestions, saying which
// of them the logged-in caller follows.
func (h *handlers) helpSession(c echo.Context, status int, s *deflection.Session, items []engine.Item) error {
	j := helpSessionJSON(s, items)
	if u := httpx.User(c); u != nil && h.Notify != nil && len(items) > 0 {
		ids := make([]int64, len(items))
		for i, it := range items {
			ids[i] = it.Post.ID
		}
		following, err := h.Notify.FollowsQuestions(c.Request().Context(), u, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if following[id] {
				j.Following = append(j.Following, id)
			}
		}
	}
	return c.JSON(status, j)
}

func (h *handlers) setHelpOutcome(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	var in HelpOutcomeJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	oin := deflection.OutcomeInput{Outcome: in.Outcome, QuestionID: in.QuestionID, AnswerID: in.AnswerID}
	if t := in.Ticket; t != nil {
		oin.Ticket = &deflection.TicketInput{Subject: t.Subject, Body: t.Body, Email: t.Email,
			ConsentPublish: t.ConsentPublish, QuestionIDs: t.QuestionIDs}
	}
	res, err := h.Help.SetOutcome(c.Request().Context(), who(c, false), id, oin)
	if err != nil {
		return err
	}
	out := helpSessionJSON(res.Session, nil)
	if res.Ticket != nil {
		tj := ticketJSON(res.Ticket, "")
		// The filer's language (their account's when logged in), as on their ticket.
		tj.Language = res.Ticket.MailLang(httpx.User(c))
		tj.Priority = "" // the hotline's business, as on the employee's ticket
		out.Ticket = &tj
	}
	return c.JSON(http.StatusOK, out)
}

func (h *handlers) deflectionAnalytics(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	if err := deflection.RequireAnalyst(u); err != nil {
		return err
	}
	q, err := deflection.ParseQuery(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("interval"), c.QueryParam("tag"), h.Now())
	if err != nil {
		return err
	}
	r, err := h.Help.Dashboard(c.Request().Context(), u, q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// deflectionCSV is one of the dashboard's tables as CSV (part: intervals,
// the default, gaps, rising or holdout), the same file the dashboard's page
// downloads, for the same callers as deflectionAnalytics.
func (h *handlers) deflectionCSV(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	if err := deflection.RequireAnalyst(u); err != nil {
		return err
	}
	q, part, err := deflection.ParseCSVQuery(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("interval"),
		c.QueryParam("tag"), c.QueryParam("part"), h.Now())
	if err != nil {
		return err
	}
	r, err := h.Help.Dashboard(c.Request().Context(), u, q)
	if err != nil {
		return err
	}
	return r.ServeCSV(c.Response(), part)
}

func (h *handlers) listTickets(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	page, size, err := paging(c, 20)
	if err != nil {
		return err
	}
	rows, total, err := h.Help.Tickets(c.Request().Context(), u, deflection.TicketFilter{Status: c.QueryParam("status"), Order: c.QueryParam("order"),
		Assigned: c.QueryParam("assigned"), Query: c.QueryParam("q"), Delivery: c.QueryParam("delivery"),
		Priority: c.QueryParam("priority"), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	items := make([]TicketJSON, len(rows))
	for i := range rows {
		items[i] = ticketRowJSON(&rows[i])
	}
	return c.JSON(http.StatusOK, list(items, total, page, size))
}

func (h *handlers) getTicket(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	row, err := h.Help.TicketByID(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	history, err := h.Help.HistoryOf(c.Request().Context(), u, row)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ticketDetailJSON(row, history))
}

func (h *handlers) resolveTicket(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in ResolutionJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	row, err := h.Help.Resolve(c.Request().Context(), u, id, deflection.ResolutionInput{Answer: in.Answer,
		Publish: in.Publish != nil && *in.Publish, IfConsented: in.Publish == nil,
		Title: in.Title, QuestionBody: in.QuestionBody, Tags: in.Tags, Mark: deflection.HotlineMark(h.Catalog)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ticketRowJSON(row))
}

func (h *handlers) listTicketMessages(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	ms, err := h.Help.TicketMessages(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	items := make([]TicketMessageJSON, len(ms))
	for i, m := range ms {
		items[i] = ticketMessageJSON(m)
	}
	return c.JSON(http.StatusOK, list(items, int64(len(items)), 1, max(len(items), 1)))
}

func (h *handlers) postTicketMessage(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in TicketMessageInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	m, t, again, err := h.Help.PostMessageOnce(c.Request().Context(), u, id, deflection.MessageInput{Body: in.Body, Waiting: in.Waiting})
	if err != nil {
		return err
	}
	j := ticketMessageJSON(*m)
	j.TicketStatus = t.Status
	return c.JSON(createdStatus(again), j)
}

// takeTicket gives the ticket to the caller (hotline, admins); one someone
// else holds is 409 until released.
func (h *handlers) takeTicket(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	row, err := h.Help.Take(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ticketRowJSON(row))
}

// releaseTicket lets go of the ticket: the caller's own, or anyone's for admins.
func (h *handlers) releaseTicket(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	row, err := h.Help.Release(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ticketRowJSON(row))
}

// withdrawTicket withdraws the caller's own open or waiting ticket; the
// body, with the reason, may be left out.
func (h *handlers) withdrawTicket(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in WithdrawJSON
	if c.Request().ContentLength != 0 { // the reason is optional: so is the body
		if err := httpx.BindJSON(c, &in); err != nil {
			return err
		}
	}
	row, err := h.Help.Withdraw(c.Request().Context(), u, id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ticketRowJSON(row))
}

// reopenTicket reopens the caller's own resolved or withdrawn ticket with
// their message.
func (h *handlers) reopenTicket(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	var in TicketMessageInputJSON
	if err := httpx.BindJSON(c, &in); err != nil {
		return err
	}
	if in.Waiting {
		var f errs.Fields
		f.Add("waiting", "ticket.waiting_staff", "Only the hotline sets a ticket to waiting.")
		return f.Err()
	}
	_, row, err := h.Help.Reopen(c.Request().Context(), u, id, in.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ticketRowJSON(row))
}

func (h *handlers) listDeliveries(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	page, size, err := paging(c, 20)
	if err != nil {
		return err
	}
	var ticket int64 // (the service refuses one that is no id, after it checks the caller)
	if v := c.QueryParam("ticket_id"); v != "" {
		if ticket, err = strconv.ParseInt(v, 10, 64); err != nil || ticket < 1 {
			ticket = -1
		}
	}
	ds, total, err := h.Help.Deliveries(c.Request().Context(), u, deflection.DeliveryFilter{Status: c.QueryParam("status"),
		TicketID: ticket, Page: page, PageSize: size})
	if err != nil {
		return err
	}
	items := make([]DeliveryJSON, len(ds))
	for i, d := range ds {
		items[i] = deliveryJSON(d)
	}
	return c.JSON(http.StatusOK, list(items, total, page, size))
}

func (h *handlers) retryDelivery(c echo.Context) error {
	u, id, err := actorAndID(c)
	if err != nil {
		return err
	}
	d, err := h.Help.RetryDelivery(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, deliveryJSON(*d))
}

// deflectionSessions lists the help sessions behind one of the dashboard's
// figures, for the same callers as deflectionAnalytics: the dashboard's
// range and tag, narrowed by outcome, topic (a further tag) and day (the
// first day of one of its intervals), newest first.
func (h *handlers) deflectionSessions(c echo.Context) error {
	u, err := actor(c)
	if err != nil {
		return err
	}
	if err := deflection.RequireAnalyst(u); err != nil {
		return err
	}
	page, size, err := paging(c, 20)
	if err != nil {
		return err
	}
	q, err := deflection.ParseQuery(c.QueryParam("from"), c.QueryParam("to"), c.QueryParam("interval"), c.QueryParam("tag"), h.Now())
	if err != nil {
		return err
	}
	d, err := deflection.ParseDrill(q, c.QueryParam("outcome"), c.QueryParam("topic"), c.QueryParam("day"))
	if err != nil {
		return err
	}
	d.Page, d.PageSize = page, size
	rows, total, err := h.Help.DrillSessions(c.Request().Context(), u, d)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(rows, total, page, size))
}
