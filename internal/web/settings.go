package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/experts"
	"stackdesk/internal/httpx"
	"stackdesk/internal/store"
)

// settingsPage is the data of the profile settings form.
type settingsPage struct {
	Profile      *experts.Profile
	Modes        []string
	EmailEnabled bool
	Saved        bool
	PasswordSet  bool             // the password was just set or changed
	Tokens       []store.APIToken // the user's live API tokens
	NewToken     string           // a token just created, shown this once (see takeNewToken)
	Revoked      bool             // a token was just revoked
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
	ts, err := s.auth.Tokens(c.Request().Context(), u.ID)
	if err != nil {
		return nil, err
	}
	live := ts[:0]
	for _, t := range ts {
		if t.RevokedAt == nil {
			live = append(live, t)
		}
	}
	return &settingsPage{Profile: prof, Modes: config.EmailModes, EmailEnabled: s.cfg.Notify.Enabled(),
		Saved: c.QueryParam("saved") == "1", PasswordSet: c.QueryParam("password") == "1",
		Revoked: c.QueryParam("revoked") == "1", Tokens: live}, nil
}

func (s *Server) settingsForm(c echo.Context) error {
	d, err := s.settingsData(c)
	if err != nil {
		return err
	}
	d.NewToken = s.takeNewToken(c)
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
		p.back = "/settings"
		return s.formError(c, "settings", p, err)
	}
	return c.Redirect(http.StatusSeeOther, "/settings?saved=1")
}

// tokenCreate issues an API token for the user logged in, who confirms it
// with their current password, and sends them to the settings page, which
// shows it once and is not stored anywhere.
func (s *Server) tokenCreate(c echo.Context) error {
	d, err := s.settingsData(c)
	if err != nil {
		return err
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("settings.title")
	p.NoIndex = true
	p.back = "/settings"
	name := strings.TrimSpace(c.FormValue("token_name"))
	if name == "" {
		var f errs.Fields
		f.Add("token_name", "field.token_name.required", "Name the token after what uses it, e.g. “backup script”.")
		return s.formError(c, "settings", p, f.Err())
	}
	scope := c.FormValue("token_scope")
	if scope == "" {
		scope = store.ScopeRead // the form picks read unless asked otherwise
	}
	secret, _, err := s.auth.CreateTokenConfirmed(c.Request().Context(), httpx.User(c), c.FormValue("token_password"), name, scope)
	if err != nil {
		errs.RenameField(err, "name", "token_name")
		errs.RenameField(err, "scope", "token_scope")
		errs.RenameField(err, "current_password", "token_password") // the password change form's field

		return s.formError(c, "settings", p, err)
	}
	// Shown once, on the page the redirect opens: a reload there does not
	// create another token. The cookie lives for that one page.
	c.SetCookie(s.newTokenCookie(c, secret, 120))
	return c.Redirect(http.StatusSeeOther, "/settings#tokens")
}

// newTokenCookieName carries a token just created to the one page that
// shows it.
const newTokenCookieName = "stackdesk_new_token"

func (s *Server) newTokenCookie(c echo.Context, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: newTokenCookieName, Value: value, Path: "/settings", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure(c), SameSite: http.SameSiteStrictMode}
}

// takeNewToken returns the token created just before this page, once.
func (s *Server) takeNewToken(c echo.Context) string {
	ck, err := c.Cookie(newTokenCookieName)
	if err != nil {
		return ""
	}
	c.SetCookie(s.newTokenCookie(c, "", -1))
	if !strings.HasPrefix(ck.Value, auth.TokenPrefix) || len(ck.Value) > 100 {
		return ""
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return ck.Value
}

// tokenRevoke revokes one of the user's API tokens.
func (s *Server) tokenRevoke(c echo.Context) error {
	u := httpx.User(c)
	if u == nil {
		return loginRequired()
	}
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return err
	}
	if err := s.auth.RevokeToken(c.Request().Context(), u, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?revoked=1#tokens")
}
