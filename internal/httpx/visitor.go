package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// VisitorCookie holds a random id per browser, so that anonymous help
// sessions can be continued and counted; it carries no personal data.
const VisitorCookie = "stackdesk_visitor"

// Visitor returns the browser's visitor id ("" when it has none). With
// create, a missing id is made and set as a cookie for a year.
func Visitor(c echo.Context, create, secure bool) string {
	if ck, err := c.Cookie(VisitorCookie); err == nil && validVisitor(ck.Value) {
		return ck.Value
	}
	if !create {
		return ""
	}
	return newVisitor(c, secure)
}

// RotateVisitor gives a browser that has a visitor id a new one, so that
// what it did without logging in (its help sessions) is no longer its own:
// at log-out, for whoever uses the browser next.
func RotateVisitor(c echo.Context, secure bool) {
	if _, err := c.Cookie(VisitorCookie); err == nil {
		newVisitor(c, secure)
	}
}

// newVisitor makes a visitor id and sets it as a cookie for a year.
func newVisitor(c echo.Context, secure bool) string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return ""
	}
	id := hex.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: VisitorCookie, Value: id, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, Expires: time.Now().Add(365 * 24 * time.Hour)})
	c.Request().AddCookie(&http.Cookie{Name: VisitorCookie, Value: id})
	return id
}

func validVisitor(v string) bool {
	if len(v) != 32 {
		return false
	}
	_, err := hex.DecodeString(v)
	return err == nil
}
