package httpx

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
	"stackdesk/internal/i18n"
)

// Status maps an error code to its HTTP status.
func Status(code errs.Code) int {
	switch code {
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.BadRequest:
		return http.StatusBadRequest
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Method:
		return http.StatusMethodNotAllowed
	case errs.Conflict:
		return http.StatusConflict
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.RateLimited:
		return http.StatusTooManyRequests
	case errs.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// codeFromStatus maps an Echo HTTP error (routing, body limit, CSRF) to a code.
func codeFromStatus(status int) errs.Code {
	switch status {
	case http.StatusBadRequest:
		return errs.BadRequest
	case http.StatusUnauthorized:
		return errs.Unauthorized
	case http.StatusForbidden:
		return errs.Forbidden
	case http.StatusNotFound:
		return errs.NotFound
	case http.StatusMethodNotAllowed:
		return errs.Method
	case http.StatusRequestEntityTooLarge:
		return errs.TooLarge
	case http.StatusTooManyRequests:
		return errs.RateLimited
	case http.StatusUnprocessableEntity:
		return errs.Invalid
	case http.StatusServiceUnavailable:
		return errs.Unavailable
	}
	return errs.Internal
}

// FromEcho turns any handler error into an *errs.Error.
func FromEcho(err error) *errs.Error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code := codeFromStatus(he.Code)
		switch code {
		case errs.TooLarge:
			return errs.E(code, "error.too_large", "The request is too large.")
		case errs.RateLimited:
			return errs.E(code, "error.rate_limited", "Too many requests. Please wait a moment and try again.")
		case errs.NotFound:
			return errs.E(code, "error.not_found", "Not found.")
		case errs.Method:
			return errs.E(code, "error.method", "This address does not accept this method.")
		case errs.Forbidden:
			return errs.E(code, "error.csrf", "The form expired or came from another site. Please reload the page and try again.")
		case errs.BadRequest:
			if msg, ok := he.Message.(string); ok && len(msg) > 0 && len(msg) < 200 {
				return errs.E(code, "error.bad_request_detail", "Bad request: {{.Detail}}", "Detail", msg)
			}
			return errs.E(code, "error.bad_request", "The request could not be understood.")
		case errs.Internal:
			return errs.Internalf(err, "http")
		}
		return errs.E(code, "error.http", http.StatusText(he.Code))
	}
	return errs.As(err)
}

// ErrorBody is the JSON shape of every API error.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail names the code, a message and, for validation errors, each field.
type ErrorDetail struct {
	Code    errs.Code         `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// JSONError renders e as the API's error body in the request's language.
func JSONError(c echo.Context, cat *i18n.Catalog, e *errs.Error) error {
	lang := Lang(c)
	body := ErrorBody{Error: ErrorDetail{Code: e.Code, Message: cat.Msg(lang, e.Msg)}}
	if len(e.Fields) > 0 {
		body.Error.Fields = FieldMessages(cat, lang, e)
	}
	return c.JSON(Status(e.Code), body)
}

// FieldMessages returns the translated message of each invalid field (the first per field).
func FieldMessages(cat *i18n.Catalog, lang string, e *errs.Error) map[string]string {
	out := map[string]string{}
	for _, f := range e.Fields {
		if _, ok := out[f.Field]; !ok {
			out[f.Field] = cat.Msg(lang, f.Msg)
		}
	}
	return out
}

// LogError logs internal errors only; the rest are the client's business.
func LogError(log *slog.Logger, c echo.Context, e *errs.Error) {
	if e.Code != errs.Internal {
		return
	}
	log.Error("request failed", "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
		"method", c.Request().Method, "path", RedactPath(c.Request().URL.Path), "err", e.Error())
}
