package web

import (
	"context"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/text"
)

// UnreadCount is the user's number of unread notifications, for the header;
// it is read once per page, when the layout asks.
func (p *page) UnreadCount() int64 {
	if p.User == nil || p.unread == nil {
		return 0
	}
	n := p.unread()
	p.unread = func() int64 { return n }
	return n
}

// unreadFunc counts a user's unread notifications, 0 when that fails.
func (s *Server) unreadFunc(ctx context.Context, u *store.User) func() int64 {
	return func() int64 {
		if u == nil || s.notes == nil {
			return 0
		}
		n, err := s.notes.Unread(ctx, u.ID)
		if err != nil {
			s.log.Warn("unread count", "err", err)
			return 0
		}
		return n
	}
}

// inboxPage is the data of the inbox.
type inboxPage struct {
	*notify.Inbox
	Pages pager
}

// Line says what a notification is about, in the page's language, with the
// name of who did it and a moderator's note isolated in their own direction,
// and a staff member's name followed by the ♦ with their role for screen
// readers, as user_link shows it.
func (p *page) Line(it notify.Item) template.HTML {
	const mark = "\uE000" // where the ♦ goes: a private-use character, taken out of the texts first
	it.ActorName = strings.ReplaceAll(it.ActorName, mark, "")
	it.Note = text.Isolate(strings.ReplaceAll(it.Note, mark, ""))
	role := ""
	if it.ActorStaff() && it.ActorName != "" {
		role, it.ActorRole = it.ActorRole, ""
		it.ActorName = text.Isolate(it.ActorName) + mark
	} else {
		it.ActorName = text.Isolate(it.ActorName)
	}
	line := template.HTMLEscapeString(notify.Line(p.cat.T, p.Lang, &it))
	if role != "" {
		line = strings.Replace(line, mark, p.staffMark(role), 1)
	}
	return template.HTML(line)
}

// staffMark is the HTML of the ♦ after a moderator's or administrator's
// name, as the staff_mark template writes it; for other roles, nothing.
func (p *page) staffMark(role string) string {
	key := "user.staff_mark.moderator"
	switch role {
	case store.RoleModerator:
	case store.RoleAdmin:
		key = "user.staff_mark.admin"
	default:
		return ""
	}
	label := template.HTMLEscapeString(p.T(key))
	return ` <span class="staff-mark" title="` + label + `"><span aria-hidden="true">♦</span><span class="sr-only">` + label + `</span></span>`
}

// TNamed is the text id, whose "Name" is a person's name, isolated in its
// own direction and followed by the staff mark when role is a moderator's
// or an administrator's, as user_link shows a name.
func (p *page) TNamed(id, name, role string, kv ...any) template.HTML {
	const mark = "\uE000" // where the ♦ goes, as in Line
	name = text.Isolate(strings.ReplaceAll(name, mark, ""))
	if p.staffMark(role) != "" {
		name += mark
	}
	line := template.HTMLEscapeString(p.T(id, append(kv, "Name", name)...))
	return template.HTML(strings.Replace(line, mark, p.staffMark(role), 1))
}

func loginRequired() error {
	return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
}

func (s *Server) inbox(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	page := max(httpx.QueryInt(c, "page", 1), 1)
	in, err := s.notes.Inbox(c.Request().Context(), u.ID, page, 30)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", inboxPage{Inbox: in, Pages: newPager(page, 30, in.Total)})
	p.Title = p.T("inbox.title")
	p.NoIndex = true
	p.unread = func() int64 { return in.Unread }
	return s.render(c, "inbox", p)
}

// inboxOpen marks a notification read and goes where it points.
func (s *Server) inboxOpen(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	it, err := s.notes.Open(c.Request().Context(), u.ID, id)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, it.URL())
}

func (s *Server) inboxMarkOne(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.notes.MarkRead(c.Request().Context(), u.ID, []int64{id}, false); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localPath(c.FormValue("next")))
}

func (s *Server) inboxMarkAll(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	if _, err := s.notes.MarkRead(c.Request().Context(), u.ID, nil, true); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/inbox")
}
