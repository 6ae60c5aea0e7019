// Package httpx holds what the HTML pages and the JSON API share on top of
// Echo: who is asking, in which language, and how errors become responses.
package httpx

import (
	"errors"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

const (
	userKey = "stackdesk.user"
	langKey = "stackdesk.lang"
	// scopeKey holds the tokenScope of a request that came with an API token.
	scopeKey = "stackdesk.token_scope"
	// accountKey holds the owner of an API token whose scope narrowed
	// the owner's role to a member's.
	accountKey = "stackdesk.account"
)

// SessionCookie is the name of the web session cookie.
const SessionCookie = "stackdesk_session"

// User returns the logged-in user, or nil for an anonymous visitor.
func User(c echo.Context) *store.User {
	u, _ := c.Get(userKey).(*store.User)
	return u
}

// SetUser records the request's user.
func SetUser(c echo.Context, u *store.User) { c.Set(userKey, u) }

// Account returns the account behind the request: for an API token whose
// scope acts as a member (read, write), its owner with their whole role;
// otherwise User. What the request may do is User's to decide; who made
// it (such as whether the support team did) is the account's.
func Account(c echo.Context) *store.User {
	if u, ok := c.Get(accountKey).(*store.User); ok {
		return u
	}
	return User(c)
}

// Lang returns the request's UI language.
func Lang(c echo.Context) string {
	if l, ok := c.Get(langKey).(string); ok {
		return l
	}
	return "en"
}

// SetLang records the request's UI language.
func SetLang(c echo.Context, lang string) { c.Set(langKey, lang) }

// IsAPI reports whether the request is for the JSON API.
func IsAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}

// ParamID parses a positive integer path parameter, or fails with not found.
func ParamID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "error.not_found", "Not found.")
	}
	return id, nil
}

// QueryInt parses an integer query parameter, returning def when absent or
// malformed; a number too large for an int is taken as the largest allowed.
func QueryInt(c echo.Context, name string, def int) int {
	v := c.QueryParam(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if errors.Is(err, strconv.ErrRange) {
		// A number too long is a very large one (page 10^20 is past the end).
		n = maxQueryInt
		if strings.HasPrefix(v, "-") {
			n = -maxQueryInt
		}
	} else if err != nil {
		return def
	}
	// Bounded, so that offsets computed from page numbers cannot overflow.
	return min(max(n, -maxQueryInt), maxQueryInt)
}

// maxQueryInt bounds QueryInt's results.
const maxQueryInt = 1 << 30

// AbsoluteURL is path on this site as a full URL: under base (the
// configured public URL) when set, else on the host the request came to.
func AbsoluteURL(c echo.Context, base, path string) string {
	if base != "" {
		return strings.TrimSuffix(base, "/") + path
	}
	return c.Scheme() + "://" + c.Request().Host + path
}
