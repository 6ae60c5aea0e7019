package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// auditPage is the data of the audit log page.
type auditPage struct {
	Records []auditRow
	Actions []string
	Filter  auth.AuditFilter
	User    *store.User // the person the page is narrowed to (?user=ID)
	Total   int64
	Pages   pager
}

// auditRow is an audit entry with its detail in the reader's words.
type auditRow struct {
	auth.AuditRecord
	Said string
}

// auditLog lists the audit log (administrators only), filtered by action,
// by what an entry is about (?target_type=user&target_id=7), by who did it
// (?actor_id=7), or by both for one person (?user=7).
func (s *Server) auditLog(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	if err := auth.CanReadAudit(u); err != nil {
		return err
	}
	const size = 50
	page := max(httpx.QueryInt(c, "page", 1), 1)
	var fe errs.Fields
	id := func(name string) int64 {
		v := c.QueryParam(name)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			fe.Add(name, "field.id_number", "Use an id: a whole number from 1 up.")
		}
		return n
	}
	f := auth.AuditFilter{Action: c.QueryParam("action"), TargetType: c.QueryParam("target_type"),
		TargetID: id("target_id"), ActorID: id("actor_id"), UserID: id("user")}
	d := auditPage{Actions: auth.AuditActions, Filter: f}
	p := s.newPage(c, "", d)
	p.Title = p.T("audit.title")
	p.NoIndex = true
	err := fe.Err()
	var recs []auth.AuditRecord
	if err == nil {
		recs, d.Total, err = s.auth.AuditLog(c.Request().Context(), u, f, page, size)
	}
	if err == nil && f.UserID != 0 {
		d.User, err = s.auth.UserByID(c.Request().Context(), f.UserID)
	}
	if err != nil {
		if errs.CodeOf(err) == errs.Invalid {
			p.Data = d
			return s.formError(c, "audit", p, err)
		}
		return err
	}
	for _, r := range recs {
		d.Records = append(d.Records, auditRow{AuditRecord: r, Said: s.auditSaid(p, r)})
	}
	d.Pages = newPager(page, size, d.Total)
	if d.User != nil {
		p.Title = p.T("audit.title_for", "Name", d.User.DisplayName)
	}
	p.Data = d
	return s.render(c, "audit", p)
}

// auditSaid is an entry's detail in the reader's words: role names, close
// reasons, released tickets and created or revoked tokens translated; other details (a tag, an expiry) as stored.
func (s *Server) auditSaid(p *page, r auth.AuditRecord) string {
	switch r.Action {
	case "account.create": // the role it was created with
		if auth.ValidRole(r.Detail) {
			return p.T("role." + r.Detail)
		}
	case "role":
		if from, to, ok := strings.Cut(r.Detail, " → "); ok {
			return p.T("role."+from) + " → " + p.T("role."+to)
		}
	case "close":
		reason, of, dup := strings.Cut(r.Detail, " of ")
		key := "close.reason." + reason // the templates name every reason
		said := p.T(key)
		if dup {
			said += " (" + p.T("audit.question", "ID", of) + ")"
		}
		return said
	case "ticket.release": // "ticket #42", released from the agent the entry is about
		if id, ok := strings.CutPrefix(r.Detail, "ticket #"); ok {
			return p.T("tickets.ticket", "ID", id)
		}
	case "ticket.handover": // "ticket #42 to @bea", taken from the agent the entry is about ("ticket #42" before the recipient was kept)
		if rest, ok := strings.CutPrefix(r.Detail, "ticket #"); ok {
			if id, to, ok := strings.Cut(rest, " to @"); ok {
				return p.T("audit.ticket_handed_to", "ID", id, "Name", to)
			}
			return p.T("tickets.ticket", "ID", rest)
		}
	case "ticket.priority": // "normal → urgent", of the ticket the entry is about
		if from, to, ok := strings.Cut(r.Detail, " → "); ok {
			return p.T(priorityKey+from) + " → " + p.T(priorityKey+to)
		}
	case "token.create", "token.revoke": // `token #12 “CI build”, scope write` (revoked before scopes: no scope), of the user the entry is about
		if rest, ok := strings.CutPrefix(r.Detail, "token #"); ok {
			if id, name, ok := strings.Cut(rest, " "); ok {
				if i := strings.LastIndex(name, "”, scope "); i >= 0 {
					return p.T("audit.token_scope", "ID", id, "Name", strings.TrimPrefix(name[:i], "“"), "Scope", name[i+len("”, scope "):])
				}
				return p.T("audit.token", "ID", id, "Name", strings.TrimSuffix(strings.TrimPrefix(name, "“"), "”"))
			}
		}
	case "password_link", "password_reset":
		// "expires 2026-11-30T16:18:14Z", after "asked for by e-mail; " for a reset
		if _, at, ok := strings.Cut(r.Detail, "expires "); ok {
			if t, err := time.Parse(time.RFC3339, at); err == nil {
				return p.T("audit.expires", "When", p.Date(t)+" UTC")
			}
		}
	}
	return r.Detail
}
