package web

import (
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// errCSRF refuses a form without a valid token, missing or not.
var errCSRF = errs.E(errs.Forbidden, "error.csrf",
	"The form expired or came from another site. Please reload the page and try again.")

// csrfCookie holds the token the forms carry (the same value).
const csrfCookie = "stackdesk_csrf"

// errorPage is the data of the error page. A form that failed (logged out
// meanwhile, an expired form, a closed request) shows what was typed in it,
// so nothing is lost, with the way back to the form; a link that led to an
// error leads back to the page it was on.
type errorPage struct {
	Kept  []keptField
	Back  string // the page the form or link was on, when it is on this site
	Login string // log in, then back to that page
	// OfferLogin shows the log-in link: for a request that needs a log-in
	// (401), and for a visitor whose form expired because they logged out
	// meanwhile (the form's token was their session's).
	OfferLogin bool
	// A tag name that leads nowhere: the tags whose names start as it
	// does (with SimilarPrefix), and a link to all tags.
	SimilarTags   []store.Tag
	SimilarPrefix string
	TagList       bool
}

// newErrorPage collects what a failed form post leaves to show, or the way
// back from a failed page.
func newErrorPage(c echo.Context) errorPage {
	if c.Request().Method != "POST" {
		// Not the failing page itself (a reload), nor the questions, which
		// the page offers anyway.
		back := backPath(c)
		if back == c.Request().URL.RequestURI() || back == "/" {
			back = ""
		}
		return errorPage{Back: back}
	}
	d := errorPage{Back: backPath(c), Login: "/login"}
	if d.Back == "" {
		// Not sent from a page of this site (or the browser said nothing):
		// no text is shown back, so another site cannot put words on ours.
		return d
	}
	d.Kept = keptText(c)
	d.Login += "?next=" + url.QueryEscape(d.Back)
	return d
}

// keptField is one text a failed form carried.
type keptField struct {
	Label string // message id
	Value string
}

// keptFields are the form fields that hold text people type, in the order
// the error page shows them, with their labels.
var keptFields = []struct{ name, label string }{
	{"title", "kept.title"}, {"subject", "kept.title"}, {"tags", "kept.tags"},
	{"body", "kept.text"}, {"answer", "kept.text"}, {"question_body", "kept.text"},
	{"query", "kept.text"}, {"comment", "kept.comment"},
}

// keptText returns the typed text of a failed form post.
func keptText(c echo.Context) []keptField {
	form, err := c.FormParams()
	if err != nil {
		return nil
	}
	var out []keptField
	for _, f := range keptFields {
		if v := form.Get(f.name); strings.TrimSpace(v) != "" {
			out = append(out, keptField{Label: f.label, Value: v})
		}
	}
	return out
}

// backPath is the path of the page a form was sent from, or a link followed
// from, if on this site.
func backPath(c echo.Context) string {
	ref, err := url.Parse(c.Request().Referer())
	if err != nil || ref.Host != c.Request().Host || ref.Path == "" {
		return ""
	}
	back := ref.EscapedPath()
	if ref.RawQuery != "" {
		back += "?" + ref.RawQuery
	}
	if p := localPath(back); p == back {
		return p
	}
	return ""
}
