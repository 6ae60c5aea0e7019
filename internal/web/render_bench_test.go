package web

import (
	"io"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/i18n"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// BenchmarkRenderQuestionPage renders a question page with three answers and
// a few comments, as an anonymous visitor sees it.
func BenchmarkRenderQuestionPage(b *testing.B) {
	v, err := newViews("", i18n.MustLoad())
	if err != nil {
		b.Fatal(err)
	}
	cat := i18n.MustLoad()
	now := time.Now()
	owner := int64(1)
	users := map[int64]*store.User{1: {ID: 1, Username: "ada", DisplayName: "Ada Lovelace", Reputation: 1234}}
	html := "<p>Since the update my VPN disconnects every ten minutes. " + "I tried reinstalling the client and rebooting.</p><pre><code>ping vpn.example.com</code></pre>"
	q := &store.Post{ID: 42, Type: store.PostQuestion, OwnerID: &owner, Title: "VPN disconnects every ten minutes on Windows 11",
		BodyHTML: html, Tags: "vpn windows-11 globalprotect", Score: 7, AnswerCount: 3, ViewCount: 120, Revision: 2,
		CreatedAt: now.Add(-72 * time.Hour), LastActivityAt: now.Add(-time.Hour), EditedAt: &now}
	t := &qa.Thread{Question: q, Users: users, Comments: map[int64][]*store.Comment{}}
	for i := int64(0); i < 3; i++ {
		a := &store.Post{ID: 100 + i, Type: store.PostAnswer, ParentID: &q.ID, OwnerID: &owner, BodyHTML: html, Score: int(5 - i), CreatedAt: now.Add(-48 * time.Hour)}
		t.Answers = append(t.Answers, a)
		t.Comments[a.ID] = []*store.Comment{{ID: 200 + i, PostID: a.ID, OwnerID: &owner, BodyHTML: "<p>Thanks, that helped me a lot!</p>", CreatedAt: now}}
	}
	q.AcceptedAnswerID = &t.Answers[0].ID
	e := echo.New()
	for _, lang := range []string{"en", "de"} {
		b.Run(lang, func(b *testing.B) {
			c := e.NewContext(httptest.NewRequest("GET", "/questions/42", nil), httptest.NewRecorder())
			p := &page{Title: q.Title, Lang: lang, CSRF: "token", Path: "/questions/42", Data: questionPage{Thread: t, MyVotes: map[int64]int{}},
				Langs: i18n.Languages, cat: cat, now: now, settings: &Settings{}, unread: func() int64 { return 0 }}
			b.ReportAllocs()
			for b.Loop() {
				if err := v.Render(io.Discard, "question", p, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderQuestionList renders a page of 30 questions.
func BenchmarkRenderQuestionList(b *testing.B) {
	v, err := newViews("", i18n.MustLoad())
	if err != nil {
		b.Fatal(err)
	}
	cat := i18n.MustLoad()
	now := time.Now()
	owner := int64(1)
	users := map[int64]*store.User{1: {ID: 1, Username: "ada", DisplayName: "Ada Lovelace", Reputation: 1234}}
	list := &qa.QuestionList{Total: 27000, Users: users}
	rows := 30
	if n := os.Getenv("BENCH_ROWS"); n != "" {
		rows, _ = strconv.Atoi(n)
	}
	for i := int64(0); i < int64(rows); i++ {
		list.Items = append(list.Items, &store.Post{ID: 1000 + i, Type: store.PostQuestion, OwnerID: &owner,
			Title: "Printer on floor 3 prints blank pages after the driver update", Tags: "printer drivers floor-3",
			Score: int(i % 4), AnswerCount: int(i % 3), ViewCount: 40, CreatedAt: now.Add(-time.Duration(i) * time.Hour), LastActivityAt: now})
	}
	q := qa.ListQuery{}
	q.Normalize()
	e := echo.New()
	c := e.NewContext(httptest.NewRequest("GET", "/questions", nil), httptest.NewRecorder())
	p := &page{Title: "All questions", Lang: "en", CSRF: "token", Path: "/questions",
		Data:  questionsPage{List: list, Query: q, Pages: newPager(1, 30, list.Total)},
		Langs: i18n.Languages, cat: cat, now: now, settings: &Settings{}, unread: func() int64 { return 0 }, views: v}
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Render(io.Discard, "questions", p, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderLayout renders an almost empty page: the cost of the frame.
func BenchmarkRenderLayout(b *testing.B) {
	v, err := newViews("", i18n.MustLoad())
	if err != nil {
		b.Fatal(err)
	}
	e := echo.New()
	c := e.NewContext(httptest.NewRequest("GET", "/login", nil), httptest.NewRecorder())
	p := &page{Title: "Log in", Lang: "en", CSRF: "token", Path: "/login", Langs: i18n.Languages, cat: i18n.MustLoad(),
		now: time.Now(), settings: &Settings{}, unread: func() int64 { return 0 }}
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Render(io.Discard, "login", p, c); err != nil {
			b.Fatal(err)
		}
	}
}
