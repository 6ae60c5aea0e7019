package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/config"
	"stackdesk/internal/experts"
	"stackdesk/internal/httpx"
)

// settingsPage is the data of the profile settings form.
type settingsPage struct {
	Profile      *experts.Profile
	Modes        []string
	EmailEnabled bool
	Saved        bool
	PasswordSet  bool // the password was just set or changed
}

func (s *Server) settingsData(c echo.Context) (*settingsPage, error) {
	u := httpx.User(c)
	if u == nil {
		return nil, loginRequired()
	}
	prof, err := s.ex.Profile(c.Request().Context(), u.ID)
	if err != nil {
		return nil, err
	}
	return &settingsPage{Profile: prof, Modes: config.EmailModes, EmailEnabled: s.cfg.Notify.Enabled(),
		Saved: c.QueryParam("saved") == "1", PasswordSet: c.QueryParam("password") == "1"}, nil
}

func (s *Server) settingsForm(c echo.Context) error {
	d, err := s.settingsData(c)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("settings.title")
	p.NoIndex = true
	return s.render(c, "settings", p)
}

// splitTags reads tags typed into one field, separated by spaces or commas.
func splitTags(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

func (s *Server) settingsSubmit(c echo.Context) error {
	d, err := s.settingsData(c)
	if err != nil {
		return err
	}
	about, mode := c.FormValue("ask_me_about"), c.FormValue("email")
	in := experts.ProfileInput{AskMeAbout: &about, Tags: splitTags(c.FormValue("tags"))}
	if in.Tags == nil {
		in.Tags = []string{}
	}
	if mode != "" {
		in.EmailMode = &mode
	}
	if err := s.ex.UpdateProfile(c.Request().Context(), httpx.User(c), in); err != nil {
		p := s.newPage(c, "", d)
		p.Title = p.T("settings.title")
		return s.formError(c, "settings", p, err)
	}
	return c.Redirect(http.StatusSeeOther, "/settings?saved=1")
}
