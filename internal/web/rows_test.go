package web

import (
	"strings"
	"testing"
	"time"

	"stackdesk/internal/i18n"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
)

// TestRowsFollowWhatTheyShow checks that a cached list row is rendered again
// when anything it shows changes: a count, the author's name, the language or
// the age words, and that an unchanged row comes from the cache.
func TestRowsFollowWhatTheyShow(t *testing.T) {
	cat := i18n.MustLoad()
	v, err := newViews("", cat)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	owner := int64(7)
	q := &store.Post{ID: 11, Type: store.PostQuestion, OwnerID: &owner, Title: "Printer prints blank pages since Monday",
		Tags: "printer drivers", Score: 3, AnswerCount: 1, ViewCount: 40, CreatedAt: now.Add(-5 * time.Minute)}
	users := map[int64]*store.User{7: {ID: 7, DisplayName: "Ada Lovelace"}}
	list := &qa.QuestionList{Items: []*store.Post{q}, Users: users}
	row := func(lang string, at time.Time) string {
		t.Helper()
		p := &page{Lang: lang, cat: cat, now: at, views: v}
		rows, err := p.Rows(list, "")
		if err != nil {
			t.Fatal(err)
		}
		return string(rows[0])
	}
	first := row("en", now)
	for _, want := range []string{"<strong>3</strong> votes", "<strong>1</strong> answer", "<strong>40</strong> views", "5 minutes ago", "Ada Lovelace", "/questions/11/printer-prints-blank-pages-since-monday"} {
		if !strings.Contains(first, want) {
			t.Errorf("row lacks %q:\n%s", want, first)
		}
	}
	if n := len(v.rows.m); n != 1 {
		t.Fatalf("cache holds %d rows, want 1", n)
	}
	if again := row("en", now.Add(10*time.Second)); again != first || len(v.rows.m) != 1 {
		t.Errorf("an unchanged row was rendered again (cache %d rows)", len(v.rows.m))
	}
	if later := row("en", now.Add(2*time.Hour)); !strings.Contains(later, "2 hours ago") {
		t.Errorf("the age did not move on:\n%s", later)
	}
	q.Score, q.AnswerCount = 4, 2
	if changed := row("en", now); !strings.Contains(changed, "<strong>4</strong> votes") || !strings.Contains(changed, "<strong>2</strong> answers") {
		t.Errorf("new counts not shown:\n%s", changed)
	}
	users[7] = &store.User{ID: 7, DisplayName: "Grace Hopper"}
	if renamed := row("en", now); !strings.Contains(renamed, "Grace Hopper") {
		t.Errorf("new author name not shown:\n%s", renamed)
	}
	if de := row("de", now); de == row("en", now) {
		t.Errorf("the German row is the English one:\n%s", de)
	}
}

// TestActiveRowsShowTheLastActivity: in the order of activity a row says when
// the question was last active (an answer an hour ago on a question asked
// three days ago), so the times read in the list's order; the other orders,
// and a row without a recorded activity, show when it was asked. The cached
// row of one order is not served for the other.
func TestActiveRowsShowTheLastActivity(t *testing.T) {
	cat := i18n.MustLoad()
	v, err := newViews("", cat)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	asked, active := now.Add(-72*time.Hour), now.Add(-time.Hour)
	q := &store.Post{ID: 12, Type: store.PostQuestion, OwnerName: "Ada", Title: "VPN drops every ten minutes at home",
		Tags: "vpn", CreatedAt: asked, LastActivityAt: active}
	list := &qa.QuestionList{Items: []*store.Post{q}}
	row := func(lang, sort string) string {
		t.Helper()
		p := &page{Lang: lang, cat: cat, now: now, views: v}
		rows, err := p.Rows(list, sort)
		if err != nil {
			t.Fatal(err)
		}
		return string(rows[0])
	}
	for _, c := range []struct{ lang, sort, want, not string }{
		{"en", "newest", `<time datetime="2026-11-23T12:00:00Z">3 days ago</time>`, "active"},
		{"en", "active", `· active <time datetime="2026-11-26T11:00:00Z">1 hour ago</time>`, "3 days ago"},
		{"de", "active", `· aktiv <time datetime="2026-11-26T11:00:00Z">vor 1 Stunde</time>`, "vor 3 Tagen"},
		{"en", "votes", `<time datetime="2026-11-23T12:00:00Z">3 days ago</time>`, "active"},
	} {
		got := row(c.lang, c.sort)
		if !strings.Contains(got, c.want) || strings.Contains(got, c.not) {
			t.Errorf("%s row by %s: want %q and no %q:\n%s", c.lang, c.sort, c.want, c.not, got)
		}
	}
	q.LastActivityAt = time.Time{}
	row("en", "newest")
	if got := row("en", "active"); !strings.Contains(got, `· active <time datetime="2026-11-23T12:00:00Z">3 days ago</time>`) {
		t.Errorf("a row without a recorded activity shows:\n%s", got)
	}
}
