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
		key := "user.staff_mark.moderator"
		if role == store.RoleAdmin {
			key = "user.staff_mark.admin"
		}
		label := template.HTMLEscapeString(p.T(key))
		line = strings.Replace(line, mark, ` <span class="staff-mark" title="`+label+`"><span aria-hidden="true">♦</span><span class="sr-only">`+label+`</span></span>`, 1)
	}
	return template.HTML(line)
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
