package httpx

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
)

// BindJSON decodes the request's JSON body into dst: malformed JSON is a 400,
// a value of the wrong type or a field dst does not have (a misspelt name
// would otherwise be ignored in silence) a 422 naming the field, a body over
// the limit a 413.
func BindJSON(c echo.Context, dst any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct != "" && !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return errs.E(errs.BadRequest, "error.json_content_type", "Send the body as application/json.")
	}
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		return nil
	}
	var maxErr *http.MaxBytesError
	var he *echo.HTTPError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &maxErr), errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge:
		return errs.E(errs.TooLarge, "error.too_large", "The request is too large.")
	case errors.Is(err, io.EOF):
		return errs.E(errs.BadRequest, "error.json_empty", "The request body is empty; send a JSON object.")
	case errors.As(err, &typeErr):
		var f errs.Fields
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		f.Add(field, "field.json_type", "Expected a value of type {{.Type}}.", "Type", typeErr.Type.String())
		return f.Err()
	}
	if name, ok := unknownField(err); ok {
		var f errs.Fields
		f.Add(name, "field.json_unknown", "There is no such field.")
		return f.Err()
	}
	return errs.E(errs.BadRequest, "error.json_malformed", "The request body is not valid JSON.")
}

// unknownField returns the name in encoding/json's error for a field the
// target does not have (it has no error type of its own).
func unknownField(err error) (string, bool) {
	rest, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	name, uerr := strconv.Unquote(rest)
	if uerr != nil || name == "" || len(name) > 100 {
		return "body", true
	}
	return name, true
}
