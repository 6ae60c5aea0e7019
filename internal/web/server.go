// Package web is the HTTP face of Stackdesk: the Echo server, its middleware,
// the HTML pages and the mounting of the JSON API. Handlers stay thin: parse,
// call one domain method, render.
package web

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"stackdesk/internal/api"
	"stackdesk/internal/auth"
	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/experts"
	"stackdesk/internal/httpx"
	"stackdesk/internal/i18n"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/search/engine"
	"stackdesk/internal/uploads"
)

// Deps are what the web server needs.
type Deps struct {
	Config  config.Config
	Logger  *slog.Logger
	Auth    *auth.Service
	QA      *qa.Service
	Rep     *reputation.Service
	Views   *qa.ViewCounter
	Search  *engine.Engine
	Help    *deflection.Service
	Notify  *notify.Service
	Resets  *notify.Resets // nil: no e-mail, so no self-service password links
	Experts *experts.Service
	Uploads *uploads.Service
	Catalog *i18n.Catalog
	Now     func() time.Time
	Ready   func() (map[string]any, error) // details, and nil when the service can take traffic
}

// Server is the configured Echo instance with its pages.
type Server struct {
	Echo     *echo.Echo
	cfg      config.Config
	log      *slog.Logger
	auth     *auth.Service
	qa       *qa.Service
	rep      *reputation.Service
	views    *qa.ViewCounter
	engine   *engine.Engine
	help     *deflection.Service
	notes    *notify.Service
	resets   *notify.Resets
	ex       *experts.Service
	uploads  *uploads.Service
	cat      *i18n.Catalog
	tmpl     *views
	now      func() time.Time
	ready    func() (map[string]any, error)
	settings Settings
	reads    map[string]bool // the routes of pages, see readBack
}

// New builds the server: middleware, pages, API and static files.
func New(d Deps) (*Server, error) {
	v, err := newViews(d.Config.DevAssets, d.Catalog)
	if err != nil {
		return nil, err
	}
	s := &Server{
		Echo: echo.New(), cfg: d.Config, log: d.Logger, auth: d.Auth, qa: d.QA, rep: d.Rep, views: d.Views, engine: d.Search, help: d.Help,
		notes: d.Notify, resets: d.Resets, ex: d.Experts, uploads: d.Uploads,
		cat: d.Catalog, tmpl: v, now: d.Now, ready: d.Ready,
		settings: Settings{RequireLogin: d.Config.RequireLogin, SignupClosed: d.Config.SignupClosed, Images: imagePolicy(d.Config.ImageHosts).WithSite(d.Config.BaseURL)},
	}
	e := s.Echo
	e.HideBanner, e.HidePort = true, true
	e.Renderer = v
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = ipExtractor(d.Config.TrustedProxies)
	// A trailing slash leads to the address without it: 301 for reads, 308
	// for writes, which a client follows with the same method and body (a
	// 301 turned a POST into a GET of the list).
	read := func(c echo.Context) bool {
		m := c.Request().Method
		return m == http.MethodGet || m == http.MethodHead
	}
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently,
		Skipper: func(c echo.Context) bool { return !read(c) }}))
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusPermanentRedirect,
		Skipper: read}))
	e.Pre(decodedPath)
	e.Pre(headAsGet)
	e.Use(headRestore)
	e.Use(middleware.RequestID())
	e.Use(httpx.RequestLog(d.Logger))
	e.Use(onlyDocuments)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			d.Logger.Error("panic", "path", httpx.RedactPath(c.Request().URL.Path), "err", err, "stack", string(stack))
			return err
		},
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: contentSecurityPolicy(s.settings.Images),
		HSTSMaxAge:            hstsAge(d.Config),
	}))
	// The language is picked twice: from the request alone first, so that
	// a refusal before log-in (a bad token) speaks it too, then with the
	// user's setting.
	e.Use(httpx.Language(d.Catalog))
	// Who it is and their language are known before any body limit
	// refuses: a form over the limit is refused on a page in the user's
	// language, with the user logged in. Neither reads the body, and the
	// limits below bound it before anything does.
	e.Use(httpx.Authenticate(d.Auth))
	e.Use(httpx.Language(d.Catalog))
	e.Use(httpx.TokenScope)
	e.Use(httpx.NoStoreForUsers)
	uploadPaths := []string{"/uploads", api.Prefix + "/uploads"}
	e.Use(httpx.BodyLimit(d.Config.MaxBodyBytes, uploadPaths...))
	// An image upload takes more than a form (the image and the form around
	// it), for logged-in users only, and has a budget of its own, counted
	// before anything reads the body.
	e.Use(httpx.UploadLimit(d.Config.MaxBodyBytes, d.Config.UploadMax, uploadPaths...))
	e.Use(httpx.PostLimit(uploadsPerMinute, uploadsBurst, uploadPaths...))
	if d.Config.RequireLogin {
		e.Use(httpx.RequireLogin(openWithoutLogin))
	}
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper:        skipCSRF,
		TokenLookup:    "header:X-CSRF-Token,form:_csrf",
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   d.Config.SecureCookies(),
		CookieSameSite: http.SameSiteLaxMode,
		// As long as a session: a form left open overnight still sends.
		CookieMaxAge: int(d.Config.SessionCookieAge().Seconds()),
		// A browser's write from another site, or from a sibling of this
		// one (another host of the same domain, which could plant a
		// token cookie of its choice), is refused whatever token it
		// carries: nothing but this site's own pages writes here.
		AllowSecFetchSiteFunc: func(echo.Context) (bool, error) { return false, errCSRF },
		// A missing token and a wrong one are the same to the person.
		// A form too large to read has no token to find: it is refused
		// as too large, not as forged.
		ErrorHandler: func(_ error, c echo.Context) error {
			if err := httpx.BodyOverLimit(c); err != nil {
				return err
			}
			return errCSRF
		},
	}))
	e.Use(s.csrfBound)
	e.Use(httpx.ValidInput)
	// Previews come while a post is typed: they have a budget of their own,
	// so that typing never uses up the one for saving.
	e.Use(httpx.WriteLimit(d.Config.WriteRate, d.Config.WriteBurst, api.Prefix+"/preview", "/uploads", api.Prefix+"/uploads"))
	e.Use(httpx.PathLimit(2*d.Config.WriteRate, d.Config.WriteBurst, api.Prefix+"/preview"))
	if d.Config.SearchRate > 0 {
		// Searches are reads that cost the index work: a budget of their
		// own, far above what a person types, so one client cannot keep
		// the cores busy for everyone.
		// A help session's page searches again for its suggestions.
		e.Use(httpx.ReadLimit(d.Config.SearchRate, d.Config.SearchBurst, "/search", "/experts", "/help/",
			api.Prefix+"/search", api.Prefix+"/experts", api.Prefix+"/questions/similar", api.Prefix+"/help-sessions/"))
	}
	e.Use(httpx.LoginLimit(d.Config.LoginRate, d.Config.LoginBurst, "/login", "/api/v1/tokens", "/password/forgot"))

	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", s.readyz)
	e.GET("/static/*", v.static.handler)
	// Browsers and tools ask for /favicon.ico whatever the page declares:
	// the site's icon. An intranet site is not for search engines.
	e.GET("/favicon.ico", func(c echo.Context) error {
		return c.Redirect(http.StatusFound, v.staticURL("logo.svg"))
	})
	e.GET("/robots.txt", func(c echo.Context) error { return c.String(http.StatusOK, "User-agent: *\nDisallow: /\n") })
	s.routes()
	api.Register(e.Group("/api/v1"), api.Deps{Auth: d.Auth, QA: d.QA, Rep: d.Rep, Search: d.Search, Help: d.Help,
		Notify: d.Notify, Experts: d.Experts, Uploads: d.Uploads, Catalog: d.Catalog, Now: d.Now, BaseURL: d.Config.BaseURL, SignupClosed: d.Config.SignupClosed, Images: s.settings.Images,
		Settings: d.Config.Overview()})
	s.reads = readRoutes(e)
	return s, nil
}

func hstsAge(c config.Config) int {
	if c.SecureCookies() {
		return 31536000
	}
	return 0
}

// openWithoutLogin lists what an anonymous visitor may reach when login is required.
func openWithoutLogin(method, path string) bool {
	switch path {
	case "/login", "/signup", "/healthz", "/readyz", "/language", "/favicon.ico", "/robots.txt": // not the OpenAPI document: it maps the whole intranet API
		return true
	case "/api/v1/tokens", "/api/v1/users":
		return method == http.MethodPost
	}
	return strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/unsubscribe/") ||
		strings.HasPrefix(path, "/password/") // a password link is how an imported account logs in at all
}

// skipCSRF exempts API requests authenticated by a Bearer token or carrying no
// session cookie (nothing a forged request could ride on), and static files.
func skipCSRF(c echo.Context) bool {
	r := c.Request()
	if _, ok := c.Get(echo.ContextKeyHeaderAllow).(string); ok {
		return true // the address takes no such method: its 405 says so, not a form check
	}
	if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
		return true
	}
	if strings.HasPrefix(r.URL.Path, "/unsubscribe/") {
		return true // the secret token in the link is the authority (one-click unsubscribe, RFC 8058)
	}
	if httpx.IsAPI(c) {
		if r.Header.Get(echo.HeaderAuthorization) != "" {
			return true
		}
		if _, err := r.Cookie(httpx.SessionCookie); err != nil {
			return true
		}
		return r.Method == http.MethodGet || r.Method == http.MethodHead
	}
	return false
}

// NotReady is why the service cannot take traffic: Reason is shown by
// /readyz, Err only logged.
type NotReady struct {
	Reason string
	Err    error
}

func (e *NotReady) Error() string {
	if e.Err == nil {
		return e.Reason
	}
	return e.Reason + ": " + e.Err.Error()
}

func (e *NotReady) Unwrap() error { return e.Err }

func (s *Server) readyz(c echo.Context) error {
	info, err := s.ready()
	if info == nil {
		info = map[string]any{}
	}
	if err != nil {
		// Only a fixed reason: the error of a database names its host,
		// user and database, and the address is open to anyone.
		reason := "unavailable"
		var nr *NotReady
		if errors.As(err, &nr) {
			reason = nr.Reason
		}
		s.log.Warn("not ready", "reason", reason, "err", err)
		info["status"], info["reason"] = "unavailable", reason
		return c.JSON(http.StatusServiceUnavailable, info)
	}
	info["status"] = "ok"
	return c.JSON(http.StatusOK, info)
}

// handleError is Echo's one error handler: it maps the error's code to a
// status, answers JSON for the API and a page otherwise, and logs internal errors only.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e := httpx.FromEcho(err)
	httpx.LogError(s.log, c, e)
	if e.Msg.ID == "auth.too_many_failures" && c.Response().Header().Get("Retry-After") == "" {
		httpx.RetryAfter(c, auth.FailureWait) // a wrong current password, too often
	}
	if e.Code == errs.RateLimited && e.RetryAfter > 0 {
		httpx.RetryAfter(c, e.RetryAfter)
	}
	if !httpx.IsAPI(c) {
		s.errorPageCSRF(c)
	}
	if e.Code == errs.TooLarge && s.uploadTooLarge(c) {
		return // the upload form again, saying so
	}
	if httpx.IsAPI(c) {
		if e.Msg.ID == "error.csrf" { // an API call with the session cookie: no form to reload
			e = errs.E(e.Code, "error.csrf_api", "A write with the session cookie needs the X-CSRF-Token header (the token of the page's forms), or use an API token.")
		}
		if err := httpx.JSONError(c, s.cat, e); err != nil {
			s.log.Error("write error response", "err", err)
		}
		return
	}
	if e.Code == errs.Unauthorized && c.Request().Method == http.MethodGet {
		// Back to the page asked for; the site's root asks for none, so
		// that logging in leads to the first page of the person's role.
		loc := "/login"
		if uri := c.Request().URL.RequestURI(); uri != "/" {
			loc += "?next=" + urlQueryEscape(uri)
		}
		c.Redirect(http.StatusSeeOther, loc)
		return
	}
	d := newErrorPage(c)
	d.OfferLogin = e.Code == errs.Unauthorized ||
		e.Msg.ID == "error.csrf" && httpx.User(c) == nil && !strings.HasPrefix(d.Back, "/login")
	p := s.newPage(c, s.cat.T(httpx.Lang(c), "error.title"), d)
	p.Status = httpx.Status(e.Code)
	p.Error = s.cat.Msg(p.Lang, e.Msg)
	if len(e.Fields) > 0 {
		// No form here to mark the fields on: say what was wrong.
		msgs := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			msgs[i] = s.cat.Msg(p.Lang, f.Msg)
		}
		p.Error = strings.Join(msgs, " ")
	}
	if e.Code == errs.TooLarge && e.Msg.ID == "error.too_large" {
		// What was typed cannot be shown back (it was not read), but the
		// browser's page before this one usually still holds it.
		p.Error = p.T("error.too_large_form", "Max", byteSize(s.cfg.MaxBodyBytes))
	}
	p.NoIndex = true
	if err := s.render(c, "error", p); err != nil {
		s.log.Error("render error page", "err", err)
		c.String(p.Status, p.Error)
	}
}

// byteSize writes a size limit for people: 1 MiB, 512 KiB, 1000 bytes.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// decodedPath routes on the decoded path, so path parameters arrive
// decoded: the tag "c#" is /tags/c%23, and /tags/c%2B%2B is /tags/c++. (Echo
// routes on the escaped form when a path has one.) No parameter may hold a
// slash, so decoding cannot move a request to another route.
func decodedPath(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Request().URL.RawPath = ""
		return next(c)
	}
}

// ipExtractor finds the client's address for the limits kept per address:
// the connection's peer, unless that is a trusted proxy, whose
// X-Forwarded-For is then read back to the first address it does not trust.
func ipExtractor(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range proxies {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// headAsGet answers HEAD wherever GET works (uptime checks, link checkers):
// Echo routes the request as a GET, and headRestore gives it back its
// method before any handler runs, so net/http sends the headers, with the
// length of the body it drops.
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if r := c.Request(); r.Method == http.MethodHead {
			r.Method = http.MethodGet
			c.Set(headKey, true)
		}
		return next(c)
	}
}

// headKey marks a HEAD request routed as a GET.
const headKey = "stackdesk.head"

// headRestore undoes headAsGet once the request is routed, and adds HEAD
// to the Allow header the router gives a 405 or an OPTIONS request wherever
// it lists GET.
func headRestore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if head, _ := c.Get(headKey).(bool); head {
			c.Request().Method = http.MethodHead
		}
		if allow, ok := c.Get(echo.ContextKeyHeaderAllow).(string); ok && withHead(allow) != allow {
			allow = withHead(allow)
			c.Set(echo.ContextKeyHeaderAllow, allow)
			c.Response().Before(func() {
				if h := c.Response().Header(); h.Get(echo.HeaderAllow) != "" {
					h.Set(echo.HeaderAllow, allow)
				}
			})
		}
		return next(c)
	}
}

// withHead adds HEAD to an Allow list that has GET and lacks it.
func withHead(allow string) string {
	methods := strings.Split(allow, ", ")
	if !slices.Contains(methods, http.MethodGet) || slices.Contains(methods, http.MethodHead) {
		return allow
	}
	return allow + ", " + http.MethodHead
}
