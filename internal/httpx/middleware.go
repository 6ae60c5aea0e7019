package httpx

import (
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"stackdesk/internal/auth"
	"stackdesk/internal/errs"
	"stackdesk/internal/i18n"
	"stackdesk/internal/uploads"
)

// BodyLimit refuses bodies over n bytes with 413: at once when Content-Length
// says so, else when reading passes the limit. The exempt paths are bounded
// later, by UploadLimit, once the user is known.
func BodyLimit(n int64, exempt ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if slices.Contains(exempt, r.URL.Path) {
				return next(c)
			}
			if r.ContentLength > n {
				return errTooLarge
			}
			r.Body = limitBody(c, r.Body, n, errTooLarge)
			return next(c)
		}
	}
}

// errTooLarge refuses a request whose body is over the limit of forms.
var errTooLarge = errs.E(errs.TooLarge, "error.too_large", "The request is too large.")

// limitedBody is a request body bounded by http.MaxBytesReader that
// remembers passing its limit, for whatever meets a form it could not read,
// and the refusal that says so (an image's for an upload).
type limitedBody struct {
	io.ReadCloser
	over    bool
	refusal error
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooLarge *http.MaxBytesError
	if err != nil && errors.As(err, &tooLarge) {
		b.over = true
	}
	return n, err
}

// limitBody bounds a request's body to n bytes, refused with refusal when
// reading passes them (see limitedBody).
func limitBody(c echo.Context, body io.ReadCloser, n int64, refusal error) io.ReadCloser {
	return &limitedBody{ReadCloser: http.MaxBytesReader(c.Response(), body, n), refusal: refusal}
}

// BodyOverLimit returns the refusal of a request whose body passed its
// limit while it was read, nil if it did not: a form that reads as empty
// (no CSRF token, say) was too large. An upload's is the image's refusal,
// as when its Content-Length says so at once.
func BodyOverLimit(c echo.Context) error {
	if b, ok := c.Request().Body.(*limitedBody); ok && b.over {
		return b.refusal
	}
	return nil
}

// UploadLimit bounds the bodies of the upload paths, which BodyLimit leaves
// alone: a logged-in user's to an image of up to image bytes and the form
// around it, anyone else's to n, as every other request. It runs after
// Authenticate and before anything reads the body, so that nobody
// anonymous has a large body read.
func UploadLimit(n, image int64, paths ...string) echo.MiddlewareFunc {
	upload := image + 64<<10
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if !slices.Contains(paths, r.URL.Path) {
				return next(c)
			}
			limit, refusal := n, error(errTooLarge)
			if User(c) != nil {
				limit, refusal = upload, uploads.TooLarge(image)
			}
			if r.ContentLength > limit {
				return refusal
			}
			r.Body = limitBody(c, r.Body, limit, refusal)
			return next(c)
		}
	}
}

// ValidInput refuses a request whose address (path and query) or posted
// form holds text that is not valid UTF-8 or holds a NUL character, with
// 400: browsers never send either, PostgreSQL can store neither, and stored
// text is kept exactly as sent or refused, never repaired. (BindJSON checks
// JSON bodies the same way.)
func ValidInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if err := validText(r.URL.Path); err != nil {
			return err
		}
		for k, vs := range r.URL.Query() {
			if err := validTexts(k, vs); err != nil {
				return err
			}
		}
		ct := r.Header.Get(echo.HeaderContentType)
		if r.Method != http.MethodPost || !(strings.HasPrefix(ct, echo.MIMEApplicationForm) || strings.HasPrefix(ct, echo.MIMEMultipartForm)) {
			return next(c)
		}
		form, err := c.FormParams()
		if err != nil {
			return next(c) // the handler meets the same error and answers it
		}
		for k, vs := range form {
			if err := validTexts(k, vs); err != nil {
				return err
			}
		}
		return next(c)
	}
}

// validTexts checks a form or query key and its values (see validText).
func validTexts(k string, vs []string) error {
	if err := validText(k); err != nil {
		return err
	}
	for _, v := range vs {
		if err := validText(v); err != nil {
			return err
		}
	}
	return nil
}

// validText refuses text that is not valid UTF-8 or holds a NUL character.
func validText(s string) error {
	if !utf8.ValidString(s) {
		return errs.E(errs.BadRequest, "error.utf8", "The request holds text that is not valid UTF-8.")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return errNUL
	}
	return nil
}

// errNUL refuses a NUL character in a request.
var errNUL = errs.E(errs.BadRequest, "error.nul", "The request holds a NUL character, which no text here may hold.")

// Authenticate identifies the user from a Bearer token (API) or the session
// cookie, and names the client address to auth (auth.WithClient). A bad
// Bearer token is a 401; a stale cookie is simply ignored.
func Authenticate(a *auth.Service) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			// Failed log-ins are counted per client address too.
			ctx := auth.WithClient(c.Request().Context(), c.RealIP())
			c.SetRequest(c.Request().WithContext(ctx))
			if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
				token, ok := strings.CutPrefix(h, "Bearer ")
				if !ok {
					return errs.E(errs.Unauthorized, "auth.bad_header", "Use the header Authorization: Bearer <token>.")
				}
				u, scope, err := a.TokenOwner(ctx, strings.TrimSpace(token))
				if err != nil {
					return err
				}
				acting, narrowed := auth.ActingUser(u, scope)
				SetUser(c, acting)
				ts := tokenScope{scope: scope}
				if narrowed {
					ts.leftOut = u.Role
					c.Set(accountKey, u)
				}
				c.Set(scopeKey, ts)
				return next(c)
			}
			if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
				if u, err := a.UserBySession(ctx, ck.Value); err == nil {
					SetUser(c, u)
				} else if errs.CodeOf(err) == errs.Internal {
					return err
				}
			}
			return next(c)
		}
	}
}

// tokenScope is the scope of the API token a request came with, and the
// owner's role when the scope left it out ("" otherwise).
type tokenScope struct {
	scope   string
	leftOut string
}

// TokenScope holds a request authenticated by an API token to the token's
// scope (it follows Authenticate and Language, so that its refusals speak
// the owner's language): a read token's unsafe request is refused before
// anything runs; a refusal that the owner's role would have lifted, met by
// a read or write token (which acts as a member), is said to be the
// scope's, which names the staff scope it needs.
func TokenScope(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ts, ok := c.Get(scopeKey).(tokenScope)
		if !ok {
			return next(c)
		}
		if m := c.Request().Method; !auth.ScopeAllows(ts.scope, m) {
			return auth.WriteScopeError(m)
		}
		err := next(c)
		if ts.leftOut != "" && auth.IsStaffRefusal(err, ts.leftOut) {
			return auth.StaffScopeError(ts.scope)
		}
		return err
	}
}

// Language picks the UI language from the user's setting, a lang cookie, or Accept-Language.
func Language(cat *i18n.Catalog) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			setting := ""
			if u := User(c); u != nil {
				setting = u.Language
			}
			if setting == "" {
				if ck, err := c.Cookie("lang"); err == nil {
					setting = ck.Value
				}
			}
			SetLang(c, cat.Match(setting, c.Request().Header.Get("Accept-Language")))
			return next(c)
		}
	}
}

// RequireLogin refuses anonymous requests except those allowed lets through.
func RequireLogin(allowed func(method, path string) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if User(c) == nil && !allowed(c.Request().Method, c.Request().URL.Path) {
				return errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
			}
			return next(c)
		}
	}
}

// WriteLimit rate-limits unsafe methods per user, or per client address for
// anonymous requests, with a token bucket: perMinute sustained, burst at once.
// Requests to the exempt paths are not counted: they are limited on their
// own (PathLimit), such as the previews sent while a post is typed.
func WriteLimit(perMinute float64, burst int, exempt ...string) echo.MiddlewareFunc {
	return userLimit(perMinute, burst, func(c echo.Context) bool {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return true
		}
		return slices.Contains(exempt, c.Request().URL.Path)
	})
}

// PathLimit rate-limits the requests to the given paths per user, or per
// client address for anonymous requests, as WriteLimit does other writes.
func PathLimit(perMinute float64, burst int, paths ...string) echo.MiddlewareFunc {
	return userLimit(perMinute, burst, func(c echo.Context) bool {
		return !slices.Contains(paths, c.Request().URL.Path)
	})
}

// ReadLimit rate-limits the GET (and HEAD) requests to the given paths per
// user, or per client address for anonymous requests; a path ending in "/"
// covers the addresses under it ("/help/" every help session's page).
func ReadLimit(perMinute float64, burst int, paths ...string) echo.MiddlewareFunc {
	return userLimit(perMinute, burst, func(c echo.Context) bool {
		r := c.Request()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return true
		}
		for _, p := range paths {
			if r.URL.Path == p || strings.HasSuffix(p, "/") && strings.HasPrefix(r.URL.Path, p) {
				return false
			}
		}
		return true
	})
}

// PostLimit rate-limits the POST requests to the given paths (uploads, say,
// whose reads are not counted) as PathLimit does.
func PostLimit(perMinute float64, burst int, paths ...string) echo.MiddlewareFunc {
	return userLimit(perMinute, burst, func(c echo.Context) bool {
		return c.Request().Method != http.MethodPost || !slices.Contains(paths, c.Request().URL.Path)
	})
}

// userLimit is a token bucket per user (or client address) over the
// requests skip lets through.
func userLimit(perMinute float64, burst int, skip middleware.Skipper) echo.MiddlewareFunc {
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(perMinute / 60), Burst: burst, ExpiresIn: 10 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: skip,
		Store:   store,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			if u := User(c); u != nil {
				return "u:" + strconv.FormatInt(u.ID, 10), nil
			}
			return "ip:" + c.RealIP(), nil
		},
		ErrorHandler: func(c echo.Context, err error) error {
			return errs.E(errs.Internal, "error.internal", "Something went wrong on our side.")
		},
		DenyHandler: func(c echo.Context, id string, err error) error {
			retryAfter(c, perMinute)
			return errs.E(errs.RateLimited, "error.rate_limited", "Too many requests. Please wait a moment and try again.")
		},
	})
}

// NoStoreForUsers keeps API answers to a logged-in user (by session or
// token) out of every cache, as the pages are; and every API answer says
// that it depends on who asks.
func NoStoreForUsers(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if IsAPI(c) {
			h := c.Response().Header()
			h.Add(echo.HeaderVary, echo.HeaderCookie)
			h.Add(echo.HeaderVary, echo.HeaderAuthorization)
			if User(c) != nil {
				h.Set("Cache-Control", "no-store")
			}
		}
		return next(c)
	}
}

// RequestLog logs each request once with its id, status and duration.
func RequestLog(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURIPath: true, LogMethod: true, LogLatency: true, LogRequestID: true,
		LogRemoteIP: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			switch {
			case v.Status == http.StatusServiceUnavailable:
				level = slog.LevelWarn // not ready yet (an index building), or busy: expected, not a fault
			case v.Status >= 500:
				level = slog.LevelError
			}
			log.LogAttrs(c.Request().Context(), level, "request",
				slog.String("request_id", v.RequestID), slog.String("method", v.Method),
				slog.String("path", RedactPath(v.URIPath)), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency), slog.String("remote_ip", v.RemoteIP))
			return nil
		},
	})
}

// secretPaths are path prefixes followed by a secret (a password link, an
// unsubscribe link), which the logs leave out.
var secretPaths = []string{"/password/", "/unsubscribe/"}

// RedactPath is path with any secret in it replaced by "…", as every log
// line shows a path.
func RedactPath(path string) string {
	for _, p := range secretPaths {
		if strings.HasPrefix(path, p) && len(path) > len(p) {
			return p + "…"
		}
	}
	return path
}

// LoginLimit slows password guessing: per client address, at most perMinute
// attempts on the given paths (log-in and token creation), with a small burst.
func LoginLimit(perMinute float64, burst int, paths ...string) echo.MiddlewareFunc {
	limited := map[string]bool{}
	for _, p := range paths {
		limited[p] = true
	}
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(perMinute / 60), Burst: burst, ExpiresIn: 30 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool {
			return c.Request().Method != http.MethodPost || !limited[c.Request().URL.Path]
		},
		Store:               store,
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		ErrorHandler: func(c echo.Context, err error) error {
			return errs.E(errs.Internal, "error.internal", "Something went wrong on our side.")
		},
		DenyHandler: func(c echo.Context, id string, err error) error {
			retryAfter(c, perMinute)
			return errs.E(errs.RateLimited, "error.login_rate_limited", "Too many log-in attempts. Please wait a minute and try again.")
		},
	})
}

// retryAfter tells a client refused by a limit of perMinute requests when
// the next one is let through.
func retryAfter(c echo.Context, perMinute float64) {
	RetryAfter(c, time.Duration(float64(time.Minute)/perMinute))
}

// RetryAfter tells a client refused with 429 to try again after d
// (Retry-After, in whole seconds).
func RetryAfter(c echo.Context, d time.Duration) {
	c.Response().Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(d.Seconds())))))
}
