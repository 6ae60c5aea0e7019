package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/httpx"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
)

// usersPage is the data of the user directory.
type usersPage struct {
	Users   []reputation.Ranked
	Period  string
	Periods []string
	Filter  string
	Role    string // "" or "staff": the moderators and administrators
	Pages   pager
}

// users lists people by reputation gained in a period, or finds them by name.
func (s *Server) users(c echo.Context) error {
	ctx := c.Request().Context()
	page := max(httpx.QueryInt(c, "page", 1), 1)
	d := usersPage{Period: c.QueryParam("period"), Periods: reputation.Periods, Filter: c.QueryParam("filter"), Role: c.QueryParam("role")}
	if _, ok := reputation.PeriodStart(d.Period, s.now()); !ok || d.Period == "" {
		d.Period = "all"
	}
	var total int64
	var err error
	if _, ok := reputation.RoleFilters[d.Role]; !ok {
		d.Role = ""
	}
	d.Users, total, err = s.rep.Leaders(ctx, d.Period, auth.NormalizeUsername(d.Filter), d.Role, page, 36)
	if err != nil {
		return err
	}
	d.Pages = newPager(page, 36, total)
	p := s.newPage(c, "", d)
	p.Title = p.T("users.title")
	return s.render(c, "users", p)
}

// Posts a profile lists of each kind, and a page of its tabs.
const (
	profilePosts = 20
	tabPosts     = 30
)

// userPage is the data of a profile.
type userPage struct {
	Profile   *store.User
	Questions []qa.UserPost // the latest, or a page of them (Tab "questions")
	Answers   []qa.UserPost // the latest, or a page of them (Tab "answers")

	QuestionCount, AnswerCount int64 // live posts in all
	// Deleted is a page of the user's deleted posts (Tab "deleted"), which
	// the user themselves and staff alone see (ShowDeleted).
	Deleted       []qa.DeletedPost
	DeletedCount  int64
	ShowDeleted   bool
	Tab           string
	Pages         pager                  // of the tab's list
	Events        []reputation.EventView // the latest, or a page of them (Tab "reputation")
	EventCount    int64
	Badges        []store.UserBadge
	BadgeGroups   []badgeGroup // Badges, each badge (and tag) once with its count
	TopTags       []reputation.TagScore
	ShowEmail     bool     // the viewer is the user or an admin
	CanLink       bool     // the viewer is an admin, who may issue a password link and change the role
	Roles         []string // the roles an admin may give
	RoleChanged   bool     // the admin has just changed the role
	ActiveChanged bool     // the admin has just deactivated or reactivated the account
	userExtras
}

func (s *Server) user(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.auth.UserByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	canonical := userPath(id, u.DisplayName)
	if slug := c.Param("slug"); slug != "" && !atCanonical(c.Request(), canonical) || c.Param("id") != strconv.FormatInt(id, 10) {
		return redirectCanonical(c, canonical)
	}
	p, err := s.userProfile(c, u)
	if err != nil {
		return err
	}
	// The notice shows to the admin who changed the role, and to an admin
	// who took their own away (no admin any more).
	if d := p.Data.(userPage); (d.CanLink || httpx.User(c).Owns(&u.ID)) && c.QueryParam("role") == "1" {
		d.RoleChanged = true
		p.Data = d
	}
	if d := p.Data.(userPage); d.CanLink && c.QueryParam("active") == "1" {
		d.ActiveChanged = true
		p.Data = d
	}
	return s.render(c, "user", p)
}

// activeSubmit deactivates (active=0) or reactivates (active=1) the user's
// account (administrators only).
func (s *Server) activeSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	actor := httpx.User(c)
	if actor == nil {
		return loginRequired()
	}
	if actor.Role != store.RoleAdmin { // who may ask comes before what they asked
		return errs.E(errs.Forbidden, "auth.admin_only", "Only administrators may do this.")
	}
	active := c.FormValue("active")
	if active != "0" && active != "1" {
		return errs.E(errs.Invalid, "account.active_invalid", "Choose whether to deactivate or reactivate the account.")
	}
	ctx := c.Request().Context()
	u, err := s.auth.SetActive(ctx, actor, id, active == "1")
	if err == nil && s.ex != nil {
		s.ex.Forget() // the lists of experts show it at once
	}
	if err != nil {
		if errs.CodeOf(err) != errs.Conflict {
			return err
		}
		return s.profileRefusal(c, id, err)
	}
	return c.Redirect(http.StatusSeeOther, userPath(id, u.DisplayName)+"?active=1")
}

// roleSubmit gives the user another role (administrators only).
func (s *Server) roleSubmit(c echo.Context) error {
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	actor := httpx.User(c)
	if actor == nil {
		return loginRequired()
	}
	ctx := c.Request().Context()
	u, err := s.auth.ChangeRole(ctx, actor, id, c.FormValue("role"))
	if err != nil {
		if errs.CodeOf(err) == errs.Internal || errs.CodeOf(err) == errs.NotFound {
			return err
		}
		return s.profileRefusal(c, id, err)
	}
	return c.Redirect(http.StatusSeeOther, userPath(id, u.DisplayName)+"?role=1")
}

// profileRefusal shows user id's page again with the refusal err of an
// administrator's form on it.
func (s *Server) profileRefusal(c echo.Context, id int64, err error) error {
	cur, uerr := s.auth.UserByID(c.Request().Context(), id)
	if uerr != nil {
		return uerr
	}
	p, perr := s.userProfile(c, cur)
	if perr != nil {
		return perr
	}
	p.back = userPath(cur.ID, cur.DisplayName)
	return s.formError(c, "user", p, err)
}

// userProfile builds the profile page of u for the viewer.
func (s *Server) userProfile(c echo.Context, u *store.User) (*page, error) {
	ctx, id := c.Request().Context(), u.ID
	// The profile lists the latest questions, answers and reputation
	// changes; ?tab= pages through all of one kind.
	d := userPage{Tab: c.QueryParam("tab")}
	page, size := 1, profilePosts
	viewer := httpx.User(c)
	d.ShowDeleted = qa.MayListDeleted(viewer, id)
	if d.Tab == "deleted" && !d.ShowDeleted {
		return nil, errs.E(errs.NotFound, "error.not_found", "Not found.") // to others, there is no such list
	}
	if d.Tab == "questions" || d.Tab == "answers" || d.Tab == "reputation" || d.Tab == "deleted" {
		page, size = max(httpx.QueryInt(c, "page", 1), 1), tabPosts
	} else {
		d.Tab = ""
	}
	if d.ShowDeleted {
		// The tab lists a page of them; the profile links it with their count.
		dPage, dSize := 1, 1
		if d.Tab == "deleted" {
			dPage, dSize = page, size
		}
		ds, nd, err := s.qa.DeletedUserPosts(ctx, viewer, id, dPage, dSize)
		if err != nil {
			return nil, err
		}
		d.DeletedCount = nd
		if d.Tab == "deleted" {
			d.Deleted, d.Pages = ds, newPager(page, size, nd)
		}
	}
	qPage, aPage, rPage := 1, 1, 1
	if d.Tab == "questions" {
		qPage = page
	} else if d.Tab == "answers" {
		aPage = page
	} else if d.Tab == "reputation" {
		rPage = page
	}
	qs, nq, err := s.qa.UserPosts(ctx, id, store.PostQuestion, qPage, size)
	if err != nil {
		return nil, err
	}
	as, na, err := s.qa.UserPosts(ctx, id, store.PostAnswer, aPage, size)
	if err != nil {
		return nil, err
	}
	d.QuestionCount, d.AnswerCount = nq, na
	evs, ne, err := s.rep.Events(ctx, id, rPage, tabPosts)
	if err != nil {
		return nil, err
	}
	d.EventCount = ne
	switch d.Tab {
	case "questions":
		d.Pages = newPager(page, size, nq)
	case "answers":
		d.Pages = newPager(page, size, na)
	case "reputation":
		d.Pages = newPager(page, size, ne)
	}
	bs, err := s.rep.UserBadges(ctx, id)
	if err != nil {
		return nil, err
	}
	top, err := s.rep.TopTags(ctx, id, 10)
	if err != nil {
		return nil, err
	}
	extras, err := s.userExtras(ctx, id)
	if err != nil {
		return nil, err
	}
	show := viewer != nil && (viewer.ID == u.ID || viewer.Role == store.RoleAdmin)
	d.Profile, d.Questions, d.Answers, d.Events, d.Badges, d.TopTags = u, qs, as, evs, bs, top
	d.BadgeGroups = groupBadges(bs)
	d.ShowEmail, d.CanLink, d.userExtras = show, viewer != nil && viewer.Role == store.RoleAdmin, extras
	if d.CanLink {
		d.Roles = auth.Roles
	}
	return s.newPage(c, u.DisplayName, d), nil
}

// badgeGroup is one badge (of one tag) a user holds, and how many times.
type badgeGroup struct {
	Badge, Tag string
	Count      int
}

// groupBadges counts a user's badges per badge and tag, in the list's order
// (the latest first): Nice Answer, earned for four answers, shows once, ×4.
func groupBadges(bs []store.UserBadge) []badgeGroup {
	var out []badgeGroup
	at := map[[2]string]int{}
	for _, b := range bs {
		k := [2]string{b.Badge, b.Tag}
		if i, ok := at[k]; ok {
			out[i].Count++
			continue
		}
		at[k] = len(out)
		out = append(out, badgeGroup{Badge: b.Badge, Tag: b.Tag, Count: 1})
	}
	return out
}
