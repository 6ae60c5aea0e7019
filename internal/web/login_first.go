package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// loginReasons are the member-only actions a visitor who is not logged in
// may start from a question page (the vote arrows are shown to everyone; a
// page left open while the session ran out still shows the others), and
// help_follow, following a question nobody answered from the Get-help page.
// The log-in page says which one brought them there; any other value says
// nothing.
var loginReasons = map[string]bool{"vote": true, "accept": true, "follow": true, "flag": true, "help_follow": true}

// loginFirst sends a visitor who is not logged in to the log-in page, which
// says why (reason, one of loginReasons) and returns them to back, a path
// on this site (the post they acted on), afterwards.
func loginFirst(c echo.Context, reason, back string) error {
	q := url.Values{"next": {localPath(back)}, "why": {reason}}
	return c.Redirect(http.StatusSeeOther, "/login?"+q.Encode())
}

// loginPage is the data of the log-in page.
type loginPage struct {
	Why string // the action that needs a member (a loginReasons key), or ""
}

// newLoginPage reads why the visitor was sent to log in, if they were.
func newLoginPage(c echo.Context) loginPage {
	if why := c.QueryParam("why"); loginReasons[why] {
		return loginPage{Why: why}
	}
	return loginPage{}
}
