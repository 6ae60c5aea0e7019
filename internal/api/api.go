// Package api is the JSON API v1. Every route is declared once in the routes
// table, which both registers it on Echo and describes it in the OpenAPI
// document served at /api/v1/openapi.json.
package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/experts"
	"stackdesk/internal/httpx"
	"stackdesk/internal/i18n"
	"stackdesk/internal/markdown"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/store"
	"stackdesk/internal/uploads"
)

// Deps are the domain services the API calls.
type Deps struct {
	Auth    *auth.Service
	QA      *qa.Service
	Rep     *reputation.Service
	Search  *engine.Engine
	Help    *deflection.Service
	Notify  *notify.Service
	Experts *experts.Service
	Uploads *uploads.Service
	Catalog *i18n.Catalog
	// Images are the other sites whose images body_html shows; any other
	// site's image is a link to it there (markdown.ImagePolicy.Gate).
	Images  *markdown.ImagePolicy
	Now     func() time.Time
	BaseURL string // the site's public URL, for links; "" uses the request's host
	// SignupClosed lets only administrators create accounts (POST /users).
	SignupClosed bool
	// Settings are the site's effective settings, secrets left out, for
	// GET /admin/settings (config.Config.Overview).
	Settings []config.SettingGroup
}

type handlers struct {
	Deps
}

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// Register mounts every API route on g (which must be mounted at Prefix).
func Register(g *echo.Group, d Deps) {
	h := &handlers{Deps: d}
	for _, r := range routes(h) {
		g.Add(r.Method, r.Path, r.handler)
	}
	doc := openAPI(routes(h))
	g.GET("/openapi.json", func(c echo.Context) error { return c.JSON(http.StatusOK, doc) })
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// actor returns the logged-in user or a 401.
func actor(c echo.Context) (*store.User, error) {
	u := httpx.User(c)
	if u == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	return u, nil
}

// actorAndID returns the caller and the :id of the path: the prologue of
// every handler that acts on one thing.
func actorAndID(c echo.Context) (*store.User, int64, error) {
	u, err := actor(c)
	if err != nil {
		return nil, 0, err
	}
	id, err := httpx.ParamID(c, "id")
	if err != nil {
		return nil, 0, err
	}
	return u, id, nil
}

// paging reads page and page_size (at most 100).
// maxPage bounds page numbers, so that no offset computed from one can
// overflow; no list is that long.
const maxPage = 1 << 20

func paging(c echo.Context, def int) (page, size int, err error) {
	var f errs.Fields
	page = wholeNumber(c, &f, "page", 1)
	size = wholeNumber(c, &f, "page_size", def)
	if err := f.Err(); err != nil {
		return 0, 0, err
	}
	// Numbers out of range are clamped, as documented; only what cannot be
	// read at all is refused.
	page = min(max(page, 1), maxPage)
	if size < 1 {
		size = def
	}
	if size > qa.MaxPageSize {
		size = qa.MaxPageSize
	}
	return page, size, nil
}

// wholeNumber reads an integer query parameter, def when absent; anything
// else is a field error.
func wholeNumber(c echo.Context, f *errs.Fields, name string, def int) int {
	v := c.QueryParam(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if errors.Is(err, strconv.ErrRange) {
		return n // the largest or smallest int, which the caller clamps
	}
	if err != nil {
		f.Add(name, "field.whole_number", "Use a whole number.")
		return def
	}
	return n
}

// whole is an unpaged list: every item on page 1, whose page_size is the
// largest page a paged list gives (qa.MaxPageSize), or the item count when
// that is more, as the page holds them all. Never 0, also for an empty list,
// so that page_size means what it does for paged lists.
func whole[T any](items []T) ListJSON[T] {
	return list(items, int64(len(items)), 1, max(len(items), qa.MaxPageSize))
}

// list is a page of a paged list.
func list[T any](items []T, total int64, page, size int) ListJSON[T] {
	if items == nil {
		items = []T{}
	}
	return ListJSON[T]{Items: items, Total: total, Page: page, PageSize: size}
}
