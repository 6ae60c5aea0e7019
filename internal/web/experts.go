package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/experts"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// expertsPage is the data of the expert directory.
type expertsPage struct {
	Tag      string
	Q        string
	List     *experts.List        // with a tag or words
	Overview []experts.TagExperts // without: the busiest tags' top experts
	SMEs     []store.User         // the tag's SMEs, for the admin form
	Pages    pager

	// SMEChanged is the user an admin has just named (SMENamed) or removed
	// as a subject-matter expert of the tag, for the notice that says so.
	SMEChanged *store.User
	SMENamed   bool
	// SMESame: nothing changed, they already were (or were not) one.
	SMESame bool
}

func (s *Server) expertsPage(c echo.Context) error {
	d, err := s.expertsData(c, c.QueryParam("tag"), c.QueryParam("q"), max(httpx.QueryInt(c, "page", 1), 1))
	p := s.newPage(c, "", d)
	p.Title = p.T("experts.title")
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.NotFound) {
		d.List = nil
		p.Status = httpx.Status(errs.CodeOf(err))
		p.Error = s.cat.Msg(p.Lang, errs.As(err).Msg)
		if fe := errs.As(err).Fields; len(fe) > 0 {
			p.Error = s.cat.Msg(p.Lang, fe[0].Msg)
		}
		return s.render(c, "experts", p)
	}
	if err != nil {
		return err
	}
	return s.render(c, "experts", p)
}

// expertsData loads the directory: the overview, or a page of a tag's or
// some words' experts (with the tag's SMEs for an admin).
func (s *Server) expertsData(c echo.Context, tag, q string, page int) (*expertsPage, error) {
	ctx := c.Request().Context()
	d := &expertsPage{Tag: tag, Q: q}
	var err error
	if d.Tag == "" && d.Q == "" {
		d.Overview, err = s.ex.Overview(ctx, 8, 3)
		return d, err
	}
	d.List, err = s.ex.Find(ctx, experts.Query{Tag: d.Tag, Q: d.Q, Page: page, PageSize: 20})
	if err == nil {
		d.Pages = newPager(page, 20, int64(d.List.Total))
	}
	if err == nil && d.List.Tag != nil && isAdmin(httpx.User(c)) {
		d.SMEs, err = s.ex.SMEs(ctx, d.List.Tag.Name)
		// Back from the form (?sme=ID&named=1): the notice says what changed.
		if id, perr := strconv.ParseInt(c.QueryParam("sme"), 10, 64); err == nil && perr == nil && id > 0 {
			var u store.User
			if s.ex.Store.DB.WithContext(ctx).Take(&u, id).Error == nil {
				d.SMEChanged, d.SMENamed, d.SMESame = &u, c.QueryParam("named") == "1", c.QueryParam("same") == "1"
			}
		}
	}
	return d, err
}

func isAdmin(u *store.User) bool { return u != nil && u.Role == store.RoleAdmin }

// smeSubmit names or removes a subject-matter expert from the directory's
// admin form; a username nobody has is shown under the form.
func (s *Server) smeSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	tag := c.Param("name")
	if err := experts.RequireAdmin(httpx.User(c)); err != nil {
		return err
	}
	// inline shows the form again with a message under the username.
	inline := func(id, english string) error {
		d, derr := s.expertsData(c, tag, "", 1)
		if derr != nil {
			return derr
		}
		var f errs.Fields
		f.Add("username", id, english)
		p := s.newPage(c, "", d)
		p.Title = p.T("experts.title")
		p.back = "/experts?tag=" + url.QueryEscape(tag)
		return s.formError(c, "experts", p, f.Err())
	}
	if strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c.FormValue("username")), "@")) == "" {
		return inline("field.text.required", "This field is required.") // not "nobody has it"
	}
	u, err := experts.FindUser(s.ex.Store.DB.WithContext(ctx), c.FormValue("username"))
	if errs.Is(err, errs.NotFound) {
		return inline("experts.sme_unknown", "Nobody has this username.")
	}
	var on, changed bool
	if err == nil {
		on, err = strconv.ParseBool(c.FormValue("sme")) // the form's buttons send true or false
		if err != nil {
			err = errs.E(errs.BadRequest, "error.bad_request", "The request could not be understood.")
		}
	}
	if err == nil {
		changed, err = s.ex.SetSME(ctx, httpx.User(c), tag, u.ID, on)
	}
	if err != nil && errs.As(err).Msg.ID == "sme.deactivated" { // said under the form, as an unknown name is
		return inline("sme.deactivated", "This account is deactivated: it cannot be a subject-matter expert.")
	}
	if err != nil {
		return err
	}
	named := "0"
	if on {
		named = "1"
	}
	if !changed { // already one, or not one: the notice says so
		named += "&same=1"
	}
	return c.Redirect(http.StatusSeeOther, "/experts?tag="+url.QueryEscape(tag)+"&sme="+strconv.FormatInt(u.ID, 10)+"&named="+named+"#sme-admin-h")
}

// tagExtras is what a tag page shows of the expert network.
type tagExtras struct {
	Experts   []experts.Expert
	Following bool
}

// tagExtras loads a tag's top experts and whether the user follows the tag.
func (s *Server) tagExtras(ctx context.Context, u *store.User, t *store.Tag) (tagExtras, error) {
	top, err := s.ex.Top(ctx, t.Name, 5)
	if err != nil {
		return tagExtras{}, err
	}
	following, err := s.notes.FollowsTag(ctx, u, t.ID)
	return tagExtras{Experts: top, Following: following}, err
}

// userExtras is what a profile page shows of the expert network.
type userExtras struct {
	Expertise    *experts.Profile
	FollowedTags []string
}

func (s *Server) userExtras(ctx context.Context, userID int64) (userExtras, error) {
	p, err := s.ex.Profile(ctx, userID)
	if err != nil {
		return userExtras{}, err
	}
	tags, err := s.notes.FollowedTags(ctx, userID)
	return userExtras{Expertise: p, FollowedTags: tags}, err
}
