package importer

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dumpTime is the layout of dump dates: UTC, no zone, milliseconds.
const dumpTime = "2006-01-02T15:04:05.999999999"

// fields reads typed attributes of one row and remembers the first problem,
// so that a parser can read every field and check once.
type fields struct {
	row *xmlRow
	err *problem
}

func (f *fields) fail(attr, value, want string) {
	if f.err == nil {
		f.err = &problem{Line: f.row.Line, Reason: ReasonBadRow,
			Msg: fmt.Sprintf("attribute %s=%q is not %s", attr, clip(value, 40), want)}
	}
}

// id reads a required integer id.
func (f *fields) id(attr string) int64 {
	v, ok := f.row.get(attr)
	if !ok {
		if f.err == nil {
			f.err = &problem{Line: f.row.Line, Reason: ReasonBadRow, Msg: "attribute " + attr + " is missing"}
		}
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		f.fail(attr, v, "an integer")
	}
	return n
}

// optID reads an optional integer id; 0 means absent.
func (f *fields) optID(attr string) int64 {
	if _, ok := f.row.get(attr); !ok {
		return 0
	}
	return f.id(attr)
}

// num reads an optional integer; absent is 0.
func (f *fields) num(attr string) int {
	v, ok := f.row.get(attr)
	if !ok || v == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		f.fail(attr, v, "an integer")
	}
	return n
}

// when reads an optional date; absent is the zero time.
func (f *fields) when(attr string) time.Time {
	v, ok := f.row.get(attr)
	if !ok || v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(dumpTime, strings.TrimSpace(v), time.UTC)
	if err != nil {
		f.fail(attr, v, "a date such as 2021-04-27T15:06:44.553")
	}
	return t
}

// text reads an optional text attribute with CRLF line ends made LF.
func (f *fields) text(attr string) string {
	v, _ := f.row.get(attr)
	if strings.IndexByte(v, '\r') >= 0 {
		v = strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
	}
	return v
}

// optTime returns nil for the zero time, else a pointer to t.
func optTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// orTime returns t, or def when t is zero.
func orTime(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}

// optInt returns nil for 0, else v: the NULL of an optional reference.
func optInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// clip shortens s to at most n runes for a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// cut keeps the first n runes of s.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
