package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/errs"
)

// BindJSON decodes the request's JSON body into dst: malformed JSON is a 400,
// a value of the wrong type or a field dst does not have (a misspelt name
// would otherwise be ignored in silence) a 422 naming the field, a body over
// the limit a 413.
func BindJSON(c echo.Context, dst any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if mt, _, err := mime.ParseMediaType(ct); ct != "" && (err != nil || mt != echo.MIMEApplicationJSON) {
		return errs.E(errs.BadRequest, "error.json_content_type", "Send the body as application/json.")
	}
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return errs.E(errs.TooLarge, "error.too_large", "The request is too large.")
		}
		return errs.E(errs.BadRequest, "error.bad_request", "The request could not be understood.")
	}
	if ct == "" && len(bytes.TrimSpace(raw)) > 0 {
		// Only a request without a body may leave its type out.
		return errs.E(errs.BadRequest, "error.json_content_type", "Send the body as application/json.")
	}
	nul, surrogate := badEscapes(raw)
	if !utf8.Valid(raw) || surrogate {
		// Stored text is kept exactly as sent, or refused: never repaired.
		return errs.E(errs.BadRequest, "error.utf8", "The request holds text that is not valid UTF-8.")
	}
	if nul {
		return errNUL
	}
	if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) > 0 && t[0] != '{' {
		return errs.E(errs.BadRequest, "error.json_object", "The request body must be a JSON object.")
	}
	if f := badKeys(raw, dst); len(f) > 0 {
		typeErrors(raw, reflect.TypeOf(dst), "", &f)
		return f.Err()
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err = dec.Decode(dst)
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
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return errs.E(errs.BadRequest, "error.json_object", "The request body must be a JSON object.")
	case errors.As(err, &typeErr):
		// encoding/json names only the first such field: every one is said,
		// so a client fixes them all in one round.
		var f errs.Fields
		typeErrors(raw, reflect.TypeOf(dst), "", &f)
		if len(f) == 0 {
			kind := jsonType(typeErr.Type)
			f.Add(typeErr.Field, "field.json_type."+kind, jsonTypeMsg[kind])
		}
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

// jsonType names the kind of JSON a Go type takes (the last part of a
// message id), so that people read "Expected a list of strings.", not
// "[]string".
func jsonType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch k := t.Kind(); {
	case k == reflect.String:
		return "string"
	case k == reflect.Bool:
		return "bool"
	case k >= reflect.Int && k <= reflect.Uint64:
		return "integer"
	case k == reflect.Float32 || k == reflect.Float64:
		return "number"
	case k == reflect.Slice || k == reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return "strings"
		}
		return "list"
	}
	return "object"
}

// jsonTypeMsg are the English messages of jsonType's kinds.
var jsonTypeMsg = map[string]string{
	"string": "Expected a string.", "bool": "Expected true or false.", "integer": "Expected a whole number.",
	"number": "Expected a number.", "strings": "Expected a list of strings.", "list": "Expected a list.",
	"object": "Expected an object.",
}

// badEscapes reports a \u0000 escape (NUL, which PostgreSQL cannot store in
// text) and a \uD800-\uDFFF escape that is not half of a pair (which
// encoding/json would store as U+FFFD). Backslashes occur only inside JSON
// strings, so escapes can be read without tracking them.
func badEscapes(raw []byte) (nul, surrogate bool) {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16)
		return rune(n), err == nil
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		if !ok {
			i++ // a two-character escape such as \\ or \"
			continue
		}
		switch {
		case r == 0:
			nul = true
			i += 5
		case r >= 0xD800 && r <= 0xDBFF:
			low, ok := hex4(i + 6)
			if !ok || low < 0xDC00 || low > 0xDFFF {
				return nul, true
			}
			i += 11
		case r >= 0xDC00 && r <= 0xDFFF:
			return nul, true
		default:
			i += 5
		}
	}
	return nul, false
}

// badKeys says, for each key of a JSON object body that names none of dst's
// fields exactly, or that comes twice, what is wrong with it. encoding/json
// matches names ignoring case and lets a later key win, so "Title", or a
// second "title", would change the title unnoticed.
func badKeys(raw []byte, dst any) errs.Fields {
	t := reflect.TypeOf(dst)
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	fields := jsonFields(t.Elem())
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil // the decoder says what is wrong
	}
	var f errs.Fields
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := tok.(string)
		if len(key) > 100 {
			key = "body"
		}
		_, known := fields[key]
		switch {
		case f.Has(key):
		case !known:
			f.Add(key, "field.json_unknown", "There is no such field.")
		case seen[key]:
			f.Add(key, "field.json_duplicate", "This field is given twice.")
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return nil
		}
	}
	return f
}

// typeErrors adds a message for every value in raw, a JSON value for a Go
// type t, that is of the wrong kind, named by its path (ticket.subject),
// in the order of the keys. It descends into objects for structs (which do
// not decode themselves), so each field is tried on its own: encoding/json
// would stop at the first.
func typeErrors(raw []byte, t reflect.Type, path string, f *errs.Fields) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshalerType) {
		if v := bytes.TrimLeft(raw, " \t\r\n"); len(v) > 0 && v[0] == '{' {
			fields := jsonFields(t)
			dec := json.NewDecoder(bytes.NewReader(v))
			if _, err := dec.Token(); err != nil {
				return
			}
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return
				}
				key, _ := tok.(string)
				var val json.RawMessage
				if dec.Decode(&val) != nil {
					return
				}
				name := key
				if path != "" {
					name = path + "." + key
				}
				if ft, ok := fields[key]; ok && !f.Has(name) {
					typeErrors(val, ft, name, f)
				}
			}
			return
		}
	}
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal(raw, reflect.New(t).Interface()); errors.As(err, &typeErr) && path != "" {
		kind := jsonType(typeErr.Type)
		f.Add(path, "field.json_type."+kind, jsonTypeMsg[kind])
	}
}

// unmarshalerType is json.Unmarshaler's type.
var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// jsonFieldCache holds jsonFields by type.
var jsonFieldCache sync.Map

// jsonFields are the JSON names of a struct type's fields, embedded ones
// included, with their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if v, ok := jsonFieldCache.Load(t); ok {
		return v.(map[string]reflect.Type)
	}
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" && tag == "-":
			continue
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			for n, ft := range jsonFields(f.Type) {
				fields[n] = ft
			}
			continue
		case !f.IsExported():
			continue
		case name == "":
			name = f.Name
		}
		fields[name] = f.Type
	}
	jsonFieldCache.Store(t, fields)
	return fields
}
