package web

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// rowView is one question of a list, with everything the row shows worked
// out in Go: the template only prints fields, which keeps long lists fast.
type rowView struct {
	URL         string
	Title       string
	Lang        string // the title's language when not the page's (search.Lang)
	Tags        []string
	Score       string
	Answers     string
	Views       string
	VotesWord   string
	AnswersWord string
	ViewsWord   string
	Answered    bool   // an accepted answer or one voted up: the count is outlined
	Accepted    bool   // an accepted answer: the count is filled and shows a ✓
	StateText   string // the answered state in words, for screen readers
	Closed      bool
	ClosedMark  string
	AuthorName  string
	AuthorURL   string
	When        string // "active" before the time on the Active sort; the time is then the last activity's
	ISO         string
	Ago         string
}

// Rows renders a page of questions as list rows in the page's language; in
// the order of activity (sort "active") a row shows when the question was
// last active, so the times read in the order of the list, else when it was
// asked. Rows are the same for every reader, so each rendered row is kept in a small
// cache keyed by everything it shows, worked out from the stored fields before
// anything is formatted: a busy list page renders few rows and formats none.
func (p *page) Rows(list *qa.QuestionList, sort string) ([]template.HTML, error) {
	out := make([]template.HTML, len(list.Items))
	key := make([]byte, 0, 256)
	active := sort == qa.SortActive
	for i, q := range list.Items {
		var owner *store.User
		if q.OwnerID != nil {
			owner = list.Users[*q.OwnerID]
		}
		key = p.rowKey(key[:0], q, owner, active, list.Answered[q.ID])
		if h, ok := p.views.cachedRow(key); ok {
			out[i] = h
			continue
		}
		r := p.rowView(q, owner, active, list.Answered[q.ID])
		h, err := p.views.renderRow(p.Lang, string(key), &r)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// rowTime is the time a row shows: the last activity's when active, else
// (and for a row without one) the question's creation.
func rowTime(q *store.Post, active bool) time.Time {
	if active && !q.LastActivityAt.IsZero() {
		return q.LastActivityAt
	}
	return q.CreatedAt
}

// rowView works out what a row shows.
func (p *page) rowView(q *store.Post, owner *store.User, active, positive bool) rowView {
	at := rowTime(q, active)
	r := rowView{
		URL: questionPath(q.ID, q.Title), Title: q.Title,
		Tags: strings.Fields(q.Tags), Score: p.Int(q.Score), Answers: p.Int(q.AnswerCount), Views: p.Int(q.ViewCount),
		VotesWord: p.N("stat.votes", q.Score), AnswersWord: p.N("stat.answers", q.AnswerCount),
		ViewsWord: p.N("stat.views", q.ViewCount), Answered: q.AcceptedAnswerID != nil || positive,
		Accepted: q.AcceptedAnswerID != nil, Closed: q.ClosedAt != nil,
		ISO: at.UTC().Format("2006-01-02T15:04:05Z07:00"), Ago: p.Ago(at), Lang: p.TextLang(q.Title),
	}
	if active {
		r.When = p.T("question.active")
	}
	if r.Accepted {
		r.StateText = p.T("stat.accepted")
	} else if r.Answered {
		r.StateText = p.T("stat.answered")
	}
	if r.Closed {
		r.ClosedMark = p.T("question.closed_mark")
		if q.ClosedReason == qa.CloseDuplicate { // closed as a duplicate: said so, as Stack Overflow marks it
			r.ClosedMark = p.T("question.duplicate_mark")
		}
	}
	if owner != nil {
		r.AuthorName = owner.DisplayName
		r.AuthorURL = userPath(owner.ID, owner.DisplayName)
	} else {
		r.AuthorName = q.OwnerName
	}
	return r
}

// rowKey appends to b everything a row shows, as stored: the language, the
// question's fields, its author, which time it shows and the age as Ago
// words it (its unit and count), so that a row is rendered again exactly when
// its text would change.
func (p *page) rowKey(b []byte, q *store.Post, owner *store.User, active, positive bool) []byte {
	b = append(b, p.Lang...)
	b = append(b, 0)
	b = strconv.AppendBool(b, active)
	b = append(b, 0)
	b = strconv.AppendInt(b, q.ID, 10)
	b = append(b, 0)
	b = append(b, q.Title...)
	b = append(b, 0)
	b = append(b, q.Tags...)
	b = append(b, 0)
	for _, n := range []int{q.Score, q.AnswerCount, q.ViewCount} {
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, 0)
	}
	b = strconv.AppendBool(b, q.AcceptedAnswerID != nil)
	b = strconv.AppendBool(b, positive)
	b = strconv.AppendBool(b, q.ClosedAt != nil)
	b = append(b, q.ClosedReason...)
	b = append(b, 0)
	at := rowTime(q, active)
	b = strconv.AppendInt(b, at.UnixNano(), 10)
	b = append(b, 0)
	b = p.appendAge(b, at)
	b = append(b, 0)
	if owner != nil {
		b = strconv.AppendInt(b, owner.ID, 10)
		b = append(b, 0)
		b = append(b, owner.DisplayName...)
	} else {
		b = append(b, q.OwnerName...)
	}
	return b
}

// appendAge appends the unit and count Ago would show for t.
func (p *page) appendAge(b []byte, t time.Time) []byte {
	d := p.now.Sub(t)
	switch {
	case d < time.Minute:
		return append(b, 's')
	case d < time.Hour:
		return strconv.AppendInt(append(b, 'm'), int64(d/time.Minute), 10)
	case d < 24*time.Hour:
		return strconv.AppendInt(append(b, 'h'), int64(d/time.Hour), 10)
	case d < 30*24*time.Hour:
		return strconv.AppendInt(append(b, 'd'), int64(d/(24*time.Hour)), 10)
	}
	return append(b, 'D') // a date, fixed by the creation time in the key
}

// rowCache holds rendered rows; it is emptied when full, which is simpler
// than an LRU and enough for lists whose hot rows come back at once.
type rowCache struct {
	mu sync.Mutex
	m  map[string]template.HTML
}

const rowCacheSize = 20000

// cachedRow returns a row rendered before under key.
func (v *views) cachedRow(key []byte) (template.HTML, bool) {
	v.rows.mu.Lock()
	h, ok := v.rows.m[string(key)]
	v.rows.mu.Unlock()
	return h, ok
}

// renderRow renders one list row and keeps it under key.
func (v *views) renderRow(lang, key string, r *rowView) (template.HTML, error) {
	v.mu.RLock()
	t := v.pages[lang]["questions"]
	v.mu.RUnlock()
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "question_row", r); err != nil {
		return "", err
	}
	h := template.HTML(b.String()) // rendered by html/template, so escaped
	v.rows.mu.Lock()
	if v.rows.m == nil || len(v.rows.m) >= rowCacheSize {
		v.rows.m = make(map[string]template.HTML, 1024)
	}
	v.rows.m[key] = h
	v.rows.mu.Unlock()
	return h, nil
}
