// Package errs defines the one error type that domain code returns: a code that
// says what went wrong in HTTP-independent terms, and a message that can be
// shown to the user in their language.
package errs

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Code classifies an error; the web layer maps each code to one HTTP status.
type Code string

// The codes domain code may return.
const (
	Invalid      Code = "invalid"            // input failed validation (422)
	BadRequest   Code = "bad_request"        // input could not be parsed at all (400)
	Unauthorized Code = "unauthorized"       // no or bad credentials (401)
	Forbidden    Code = "forbidden"          // authenticated but not allowed (403)
	NotFound     Code = "not_found"          // no such thing, or not visible (404)
	Method       Code = "method_not_allowed" // the address takes other HTTP methods (405)
	Conflict     Code = "conflict"           // state conflict, e.g. duplicate name (409)
	TooLarge     Code = "too_large"          // request body over the limit (413)
	RateLimited  Code = "rate_limited"       // too many requests (429)
	Internal     Code = "internal"           // a bug or an outage (500), logged
	Unavailable  Code = "unavailable"        // temporarily unable to serve (503)
)

// Msg is a user-facing message: a catalogue id, its template data, and the
// English text used where no catalogue is at hand (logs, tests, CLI).
type Msg struct {
	ID   string
	Data map[string]any
	Text string
}

// FieldError names one invalid input field and what is wrong with it.
type FieldError struct {
	Field string
	Msg   Msg
}

// Error is the error type of every domain package.
type Error struct {
	Code   Code
	Msg    Msg
	Fields []FieldError
	Err    error // an underlying cause, for Internal errors
	// Roles, on a refusal by role (Forbidden), are the roles it lets
	// through, so that a caller acting with less than its role (an API
	// token's scope) can be told truly whether its role would have done.
	Roles []string
	// RetryAfter, on a RateLimited error, is when the client may try
	// again (the Retry-After header); 0 says nothing.
	RetryAfter time.Duration
}

// Error returns the English text, with field messages for Invalid errors.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Msg.Text)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Msg.Text)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// M builds a message. Data is given as alternating key, value pairs; the English
// text may refer to them as {{.Key}} and is expanded here for Text.
func M(id, english string, kv ...any) Msg {
	m := Msg{ID: id, Text: english}
	if len(kv) > 0 {
		m.Data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			m.Data[k] = kv[i+1]
		}
		m.Text = expand(english, m.Data)
	}
	return m
}

// expand substitutes {{.Key}} placeholders; the catalogue does the same in other languages.
func expand(s string, data map[string]any) string {
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s = strings.ReplaceAll(s, "{{."+k+"}}", fmt.Sprint(data[k]))
	}
	return s
}

// Decimal is a number a message says with at most Frac decimals (2.5, 4):
// the catalogue writes it as the reader's language writes numbers (2,5 in
// German), the English text as English does.
type Decimal struct {
	Value float64
	Frac  int
}

// String writes d as English does, without grouping.
func (d Decimal) String() string {
	return strconv.FormatFloat(math.Round(d.Value*math.Pow10(d.Frac))/math.Pow10(d.Frac), 'f', -1, 64)
}

// Span is a length of time a message says in words, in the reader's
// language ("30 seconds", "24 hours"), rounded up to its unit: seconds
// below two minutes (unless whole minutes), minutes below two hours, hours
// below three days, days after.
type Span time.Duration

// Unit returns the span as a whole number of its unit: second, minute,
// hour or day.
func (s Span) Unit() (int64, string) {
	d := time.Duration(s)
	up := func(unit time.Duration) int64 { return max(1, int64((d+unit-1)/unit)) }
	switch secs := up(time.Second); {
	case secs < 120 && secs%60 != 0:
		return secs, "second"
	case d < 2*time.Hour:
		return up(time.Minute), "minute"
	case d < 72*time.Hour:
		return up(time.Hour), "hour"
	}
	return up(24 * time.Hour), "day"
}

// String writes the span as English does: "1 minute", "24 hours".
func (s Span) String() string {
	n, unit := s.Unit()
	if n != 1 {
		unit += "s"
	}
	return strconv.FormatInt(n, 10) + " " + unit
}

// InSpan is a Span a message says after "in" ("in 3 days"), which some
// languages write in another form than the span alone (German: "in 3
// Tagen", but "3 Tage Zeit").
type InSpan time.Duration

// String writes the span as English does, as Span does.
func (s InSpan) String() string { return Span(s).String() }

// New returns an error with the given code and message.
func New(code Code, m Msg) *Error { return &Error{Code: code, Msg: m} }

// E is shorthand for New(code, M(id, english, kv...)).
func E(code Code, id, english string, kv ...any) *Error {
	return New(code, M(id, english, kv...))
}

// Internalf wraps an unexpected error; its details are logged, never shown.
func Internalf(err error, format string, args ...any) *Error {
	return &Error{Code: Internal, Msg: M("error.internal", "Something went wrong on our side."), Err: fmt.Errorf(format+": %w", append(args, err)...)}
}

// CodeOf returns the code of err, Internal for errors of other types, "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as *Error, wrapping foreign errors as Internal.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internalf(err, "unexpected")
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// Fields collects field errors while validating input.
type Fields []FieldError

// Add records a problem with one field.
func (f *Fields) Add(field, id, english string, kv ...any) {
	*f = append(*f, FieldError{Field: field, Msg: M(id, english, kv...)})
}

// Has reports whether field already has an error.
func (f Fields) Has(field string) bool {
	for _, e := range f {
		if e.Field == field {
			return true
		}
	}
	return false
}

// Err returns an Invalid error listing the fields, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Msg: M("error.invalid", "Please correct the marked fields."), Fields: f}
}

// RenameField gives err's field errors for field from the name to, for a
// form or body that calls the field differently; it returns err.
func RenameField(err error, from, to string) error {
	if e := As(err); e != nil {
		for i := range e.Fields {
			if e.Fields[i].Field == from {
				e.Fields[i].Field = to
			}
		}
	}
	return err
}
