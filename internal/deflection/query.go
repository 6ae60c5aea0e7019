package deflection

import (
	"strings"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/text"
)

// Dashboard intervals.
const (
	IntervalDay   = "day"
	IntervalWeek  = "week" // ISO weeks, Monday to Sunday
	IntervalMonth = "month"
)

// Limits of a dashboard query.
const (
	DefaultDays  = 30   // the range when none is given
	MaxRangeDays = 1830 // about five years
	MaxIntervals = 400
)

// Query selects what the dashboard shows: sessions started (and questions
// asked) from From up to, not including, To, per Interval, optionally only
// those touching Tag.
type Query struct {
	From     time.Time // midnight UTC, inclusive
	To       time.Time // midnight UTC after the last day, exclusive
	Interval string
	Tag      string
}

// LastDay is the last day the query includes.
func (q Query) LastDay() time.Time { return q.To.AddDate(0, 0, -1) }

// ParseQuery reads the dashboard's parameters: from and to as YYYY-MM-DD,
// both days included (default: the 30 days up to today), interval day, week
// or month (default day), and an optional tag. Bad values are field errors.
func ParseQuery(from, to, interval, tag string, now time.Time) (Query, error) {
	var f errs.Fields
	today := day(now.UTC())
	q := Query{Interval: strings.TrimSpace(interval), Tag: text.NormalizeTag(tag)}
	last := today
	if to = strings.TrimSpace(to); to != "" {
		t, err := time.Parse("2006-01-02", to)
		if err != nil {
			f.Add("to", "analytics.date_format", "Use a date such as 2026-03-01.")
		}
		last = t
	}
	first := last.AddDate(0, 0, -(DefaultDays - 1))
	if from = strings.TrimSpace(from); from != "" {
		t, err := time.Parse("2006-01-02", from)
		if err != nil {
			f.Add("from", "analytics.date_format", "Use a date such as 2026-03-01.")
		}
		first = t
	}
	q.From, q.To = first, last.AddDate(0, 0, 1)
	if !f.Has("from") && !f.Has("to") {
		switch {
		case q.From.After(last):
			f.Add("from", "analytics.from_after_to", "The start is after the end.")
		case q.To.Sub(q.From) > MaxRangeDays*24*time.Hour:
			// Only a start typed can make it so (without one the range is
			// the default 30 days up to the end): the start reaches too far
			// back.
			f.Add("from", "analytics.range_too_long", "Choose a range of at most five years.")
		}
	}
	switch q.Interval {
	case "":
		q.Interval = IntervalDay
	case IntervalDay, IntervalWeek, IntervalMonth:
	default:
		f.Add("interval", "analytics.interval_value", "The interval is day (daily), week (weekly) or month (monthly).")
	}
	if q.Tag != "" && !text.ValidTag(q.Tag) {
		f.Add("tag", "analytics.tag_format", "This is not a tag.")
	}
	if err := f.Err(); err != nil {
		return Query{}, err
	}
	if len(q.Buckets()) > MaxIntervals {
		f.Add("interval", "analytics.too_many_intervals", "That makes more than {{.Max}} intervals: choose a longer interval or a shorter range.", "Max", MaxIntervals)
		return Query{}, f.Err()
	}
	return q, nil
}

// Bucket is one interval of the dashboard: [Start, End).
type Bucket struct {
	Start, End time.Time
}

// Buckets splits the query's range into intervals aligned to days, ISO weeks
// or months; the first and last are clipped to the range.
func (q Query) Buckets() []Bucket {
	var out []Bucket
	for cur := q.From; cur.Before(q.To); {
		next := nextBoundary(cur, q.Interval)
		if next.After(q.To) {
			next = q.To
		}
		out = append(out, Bucket{Start: cur, End: next})
		cur = next
	}
	return out
}

func nextBoundary(t time.Time, interval string) time.Time {
	d := day(t)
	switch interval {
	case IntervalWeek:
		monday := (int(d.Weekday()) + 6) % 7
		return d.AddDate(0, 0, 7-monday)
	case IntervalMonth:
		return time.Date(d.Year(), d.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d.AddDate(0, 0, 1)
}

func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
