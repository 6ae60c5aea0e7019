package web

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"stackdesk/internal/qa"
)

// rowView is one question of a list, with everything the row shows worked
// out in Go: the template only prints fields, which keeps long lists fast.
type rowView struct {
	URL         string
	Title       string
	Tags        []string
	Score       int
	Answers     int
	Views       int
	VotesWord   string
	AnswersWord string
	ViewsWord   string
	Answered    bool
	Accepted    bool
	Closed      bool
	ClosedMark  string
	AuthorName  string
	AuthorURL   string
	ISO         string
	Ago         string
}

// Rows renders a page of questions as list rows in the page's language.
// Rows are the same for every reader, so each rendered row is kept in a small
// cache keyed by everything it shows; a busy list page renders few rows.
func (p *page) Rows(list *qa.QuestionList) ([]template.HTML, error) {
	out := make([]template.HTML, len(list.Items))
	views := p.rowViews(list)
	for i := range views {
		h, err := p.views.row(p.Lang, &views[i])
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// rowViews works out what each row shows.
func (p *page) rowViews(list *qa.QuestionList) []rowView {
	out := make([]rowView, len(list.Items))
	for i, q := range list.Items {
		r := rowView{
			URL: "/questions/" + strconv.FormatInt(q.ID, 10) + "/" + Slug(q.Title), Title: q.Title,
			Tags: strings.Fields(q.Tags), Score: q.Score, Answers: q.AnswerCount, Views: q.ViewCount,
			VotesWord: p.N("stat.votes", q.Score), AnswersWord: p.N("stat.answers", q.AnswerCount),
			ViewsWord: p.N("stat.views", q.ViewCount), Answered: q.AnswerCount > 0,
			Accepted: q.AcceptedAnswerID != nil, Closed: q.ClosedAt != nil,
			ISO: q.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"), Ago: p.Ago(q.CreatedAt),
		}
		if r.Closed {
			r.ClosedMark = p.T("question.closed_mark")
		}
		if q.OwnerID != nil {
			if u := list.Users[*q.OwnerID]; u != nil {
				r.AuthorName = u.DisplayName
				r.AuthorURL = "/users/" + strconv.FormatInt(u.ID, 10) + "/" + Slug(u.DisplayName)
			}
		}
		out[i] = r
	}
	return out
}

// rowCache holds rendered rows; it is emptied when full, which is simpler
// than an LRU and enough for lists whose hot rows come back at once.
type rowCache struct {
	mu sync.Mutex
	m  map[string]template.HTML
}

const rowCacheSize = 20000

// row renders one list row, from the cache when it was rendered before.
func (v *views) row(lang string, r *rowView) (template.HTML, error) {
	key := r.key(lang)
	v.rows.mu.Lock()
	h, ok := v.rows.m[key]
	v.rows.mu.Unlock()
	if ok {
		return h, nil
	}
	v.mu.RLock()
	t := v.pages[lang]["questions"]
	v.mu.RUnlock()
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "question_row", r); err != nil {
		return "", err
	}
	h = template.HTML(b.String()) // rendered by html/template, so escaped
	v.rows.mu.Lock()
	if v.rows.m == nil || len(v.rows.m) >= rowCacheSize {
		v.rows.m = make(map[string]template.HTML, 1024)
	}
	v.rows.m[key] = h
	v.rows.mu.Unlock()
	return h, nil
}

// key names everything a row shows.
func (r *rowView) key(lang string) string {
	var b strings.Builder
	b.Grow(len(r.URL) + len(r.Title) + len(r.AuthorURL) + len(r.Ago) + 64)
	for _, s := range []string{lang, r.URL, r.Title, strings.Join(r.Tags, " "), r.AuthorURL, r.AuthorName, r.ISO, r.Ago, r.ClosedMark} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	for _, n := range []int{r.Score, r.Answers, r.Views} {
		b.WriteString(strconv.Itoa(n))
		b.WriteByte(0)
	}
	for _, f := range []bool{r.Answered, r.Accepted, r.Closed} {
		if f {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}
