package qa_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func newService(st *store.Store) *qa.Service {
	return &qa.Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
}

const body = "My laptop cannot reach the VPN since this morning. What should I check first?"

func ask(t *testing.T, s *qa.Service, u *store.User, title string, tags ...string) *store.Post {
	t.Helper()
	q, err := s.Ask(context.Background(), u, qa.QuestionInput{Title: title, Body: body, Tags: tags})
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	return q
}

func counter(t *testing.T, st *store.Store, name string) int64 {
	t.Helper()
	n, err := store.CounterValue(st.DB, name)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func tagCount(t *testing.T, st *store.Store, name string) int {
	t.Helper()
	var tag store.Tag
	if err := st.DB.Where("name = ?", name).Take(&tag).Error; err != nil {
		return -1
	}
	return tag.QuestionCount
}

func TestAskValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newService(st)
		u := storetest.User(t, st, "ada", store.RoleUser)
		cases := []struct {
			name  string
			in    qa.QuestionInput
			field string
		}{
			{"short title", qa.QuestionInput{Title: "VPN broken", Body: body, Tags: []string{"vpn"}}, "title"},
			{"long title", qa.QuestionInput{Title: strings.Repeat("x", 151), Body: body, Tags: []string{"vpn"}}, "title"},
			{"short body", qa.QuestionInput{Title: "VPN does not connect", Body: "help", Tags: []string{"vpn"}}, "body"},
			{"long body", qa.QuestionInput{Title: "VPN does not connect", Body: strings.Repeat("x", 30001), Tags: []string{"vpn"}}, "body"},
			{"no tags", qa.QuestionInput{Title: "VPN does not connect", Body: body}, "tags"},
			{"six tags", qa.QuestionInput{Title: "VPN does not connect", Body: body, Tags: []string{"a", "b", "c", "d", "e", "f"}}, "tags"},
			{"bad tag", qa.QuestionInput{Title: "VPN does not connect", Body: body, Tags: []string{"v pn!"}}, "tags"},
			{"control char", qa.QuestionInput{Title: "VPN does not\x00 connect", Body: body, Tags: []string{"vpn"}}, "title"},
			{"invalid utf8", qa.QuestionInput{Title: "VPN does not \xff connect", Body: body, Tags: []string{"vpn"}}, "title"},
			{"emoji title", qa.QuestionInput{Title: "🔥🔥🔥 🖨️🖨️🖨️ 😡😡😡 ???", Body: body, Tags: []string{"vpn"}}, "title"},
			{"numbers title", qa.QuestionInput{Title: "0x80070005 / 404 / 503 ?!", Body: body, Tags: []string{"vpn"}}, "title"},
			{"short chinese title", qa.QuestionInput{Title: "打印机坏了", Body: body, Tags: []string{"vpn"}}, "title"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Ask(context.Background(), u, c.in)
				e := errs.As(err)
				if e.Code != errs.Invalid {
					t.Fatalf("code = %v (%v), want invalid", e.Code, err)
				}
				found := false
				for _, f := range e.Fields {
					found = found || f.Field == c.field
				}
				if !found {
					t.Fatalf("no error on field %s: %v", c.field, err)
				}
			})
		}
		var n int64
		st.DB.Model(&store.Post{}).Count(&n)
		if n != 0 || counter(t, st, "questions") != 0 {
			t.Fatalf("invalid input left %d posts", n)
		}
		// Nine Chinese characters say as much as a title in letters twice as long.
		ask(t, s, u, "打印机无法连接网络", "printer")
	})
}

// TestEditKeepsAnOldTitle: a title stored before today's rules (an import's
// "C++ / C#?", say) does not stop an edit of the body; a new title follows
// the rules.
func TestEditKeepsAnOldTitle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newService(st)
		u := storetest.User(t, st, "ada", store.RoleUser)
		q := ask(t, s, u, "VPN does not connect today", "vpn")
		if err := st.DB.Model(&store.Post{}).Where("id = ?", q.ID).Update("title", "C++ / C# ?").Error; err != nil {
			t.Fatal(err)
		}
		str := func(s string) *string { return &s }
		edited, err := s.Edit(context.Background(), u, q.ID, qa.EditInput{Title: str("C++ / C# ?"), Body: str(body + " It worked yesterday.")})
		if err != nil || edited.Revision != 2 {
			t.Fatalf("edit under the old title: %+v %v", edited, err)
		}
		_, err = s.Edit(context.Background(), u, q.ID, qa.EditInput{Title: str("C++ / C# ????????"), Body: str(body)})
		if e := errs.As(err); e == nil || e.Code != errs.Invalid || !errs.Fields(e.Fields).Has("title") {
			t.Fatalf("a new title of two letters: %v", err)
		}
	})
}

func TestAskAnswerCountsAndTags(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		q := ask(t, s, ada, "VPN disconnects every ten minutes", "VPN", "windows", "vpn")
		if q.Tags != "vpn windows" {
			t.Fatalf("tags = %q, want lower-cased and de-duplicated", q.Tags)
		}
		if !strings.Contains(q.BodyHTML, "<p>") {
			t.Fatalf("body not rendered: %q", q.BodyHTML)
		}
		if got := counter(t, st, "questions"); got != 1 {
			t.Fatalf("questions counter = %d", got)
		}
		if got := counter(t, st, "unanswered"); got != 1 {
			t.Fatalf("unanswered counter = %d", got)
		}
		if tagCount(t, st, "vpn") != 1 || tagCount(t, st, "windows") != 1 {
			t.Fatal("tag counts not 1")
		}
		a, err := s.Answer(ctx, bob, q.ID, "Update the VPN client to the newest version, then reconnect.")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Answer(ctx, ada, q.ID, "Also check that the laptop clock is set correctly, please."); err != nil {
			t.Fatal(err)
		}
		th, err := s.Thread(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if th.Question.AnswerCount != 2 || len(th.Answers) != 2 {
			t.Fatalf("answer_count = %d, answers = %d", th.Question.AnswerCount, len(th.Answers))
		}
		if th.Users[bob.ID] == nil || th.Users[ada.ID] == nil {
			t.Fatal("authors not loaded")
		}
		if got := counter(t, st, "unanswered"); got != 0 {
			t.Fatalf("unanswered counter = %d after answers", got)
		}
		if _, err := s.Answer(ctx, bob, 99999, "An answer to a question that does not exist."); !errs.Is(err, errs.NotFound) {
			t.Fatalf("answer missing question: %v", err)
		}
		// Deleting both answers makes the question unanswered again.
		if err := s.Delete(ctx, bob, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, ada, th.Answers[1].ID); err != nil && th.Answers[1].ID != a.ID {
			t.Fatal(err)
		}
		other := th.Answers[0].ID
		if other == a.ID {
			other = th.Answers[1].ID
		}
		s.Delete(ctx, ada, other)
		th, _ = s.Thread(ctx, q.ID)
		if th.Question.AnswerCount != 0 || len(th.Answers) != 0 || counter(t, st, "unanswered") != 1 {
			t.Fatalf("after deleting answers: count %d, answers %d, unanswered %d",
				th.Question.AnswerCount, len(th.Answers), counter(t, st, "unanswered"))
		}
		// The outbox saw every change to the question.
		var outbox int64
		st.DB.Model(&store.SearchOutbox{}).Where("post_id = ?", q.ID).Count(&outbox)
		if outbox != 5 {
			t.Fatalf("outbox rows = %d, want 5 (ask, 2 answers, 2 deletes)", outbox)
		}
	})
}

func TestEditKeepsRevisionsAndRetags(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		q := ask(t, s, ada, "Printer on floor 3 prints blank pages", "printer", "floor-3")
		title := "Printer on floor 3 prints only blank pages"
		newBody := body + "\n\nIt started after the driver update."
		p, err := s.Edit(ctx, ada, q.ID, qa.EditInput{Title: &title, Body: &newBody, Tags: []string{"printer", "drivers"}, Comment: "more detail"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Revision != 2 || p.Title != title || p.Tags != "printer drivers" {
			t.Fatalf("edited post = rev %d %q %q", p.Revision, p.Title, p.Tags)
		}
		if tagCount(t, st, "floor-3") != 0 || tagCount(t, st, "drivers") != 1 || tagCount(t, st, "printer") != 1 {
			t.Fatal("tag counts not moved by the edit")
		}
		revs, err := s.Revisions(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 || revs[0].Revision != 2 || revs[0].Comment != "more detail" || revs[0].Editor.ID != ada.ID {
			t.Fatalf("revisions = %+v", revs)
		}
		if !qa.Changed(revs[0].BodyDiff) || !qa.Changed(revs[0].TitleDiff) {
			t.Fatal("diff shows no change")
		}
		// An edit that changes nothing adds no revision.
		if p, err = s.Edit(ctx, ada, q.ID, qa.EditInput{Title: &title}); err != nil || p.Revision != 2 {
			t.Fatalf("no-op edit: rev %d err %v", p.Revision, err)
		}
		// Others need the edit privilege.
		_, err = s.Edit(ctx, bob, q.ID, qa.EditInput{Title: &title})
		if e := errs.As(err); e.Code != errs.Forbidden || !strings.Contains(e.Error(), "500") {
			t.Fatalf("edit by another user: %v", err)
		}
		st.DB.Model(&store.User{}).Where("id = ?", bob.ID).Update("reputation", 500)
		bob.Reputation = 500
		other := "Printer on floor three prints only blank pages"
		if _, err := s.Edit(ctx, bob, q.ID, qa.EditInput{Title: &other}); err != nil {
			t.Fatalf("edit with the privilege: %v", err)
		}
	})
}

func TestDeleteQuestionHidesIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		q1 := ask(t, s, ada, "Expense report rejected without reason", "expenses")
		q2 := ask(t, s, ada, "How do I book a meeting room for guests?", "facilities")
		if err := s.Delete(ctx, bob, q1.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("delete by another user: %v", err)
		}
		if err := s.Delete(ctx, ada, q1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Thread(ctx, q1.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deleted question still shown: %v", err)
		}
		list, err := s.Questions(ctx, qa.ListQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != 1 || len(list.Items) != 1 || list.Items[0].ID != q2.ID {
			t.Fatalf("list after delete: total %d items %d", list.Total, len(list.Items))
		}
		if tagCount(t, st, "expenses") != 0 {
			t.Fatal("tag still counts the deleted question")
		}
		if _, err := s.Answer(ctx, bob, q1.ID, "An answer to a question that was deleted."); !errs.Is(err, errs.NotFound) {
			t.Fatalf("answering a deleted question: %v", err)
		}
	})
}

func TestQuestionListSortsFiltersAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		var ids []int64
		for i := 0; i < 7; i++ {
			tag := "vpn"
			if i%2 == 1 {
				tag = "printer"
			}
			ids = append(ids, ask(t, s, ada, "Support question number "+string(rune('A'+i))+" here", tag).ID)
		}
		if _, err := s.Answer(ctx, ada, ids[0], "The oldest question gets an answer and becomes active."); err != nil {
			t.Fatal(err)
		}
		page := func(q qa.ListQuery) ([]int64, int64) {
			l, err := s.Questions(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, p := range l.Items {
				got = append(got, p.ID)
			}
			return got, l.Total
		}
		got, total := page(qa.ListQuery{PageSize: 3})
		if total != 7 || len(got) != 3 || got[0] != ids[6] {
			t.Fatalf("newest page 1: %v total %d", got, total)
		}
		got, _ = page(qa.ListQuery{PageSize: 3, Page: 3})
		if len(got) != 1 || got[0] != ids[0] {
			t.Fatalf("newest page 3: %v", got)
		}
		got, _ = page(qa.ListQuery{Sort: qa.SortActive, PageSize: 1})
		if got[0] != ids[0] {
			t.Fatalf("active first = %v, want the answered one", got)
		}
		got, total = page(qa.ListQuery{Sort: qa.SortUnanswered, PageSize: 10})
		if total != 6 || len(got) != 6 {
			t.Fatalf("unanswered: %v total %d", got, total)
		}
		got, total = page(qa.ListQuery{Tag: "Printer", PageSize: 10})
		if total != 3 || len(got) != 3 {
			t.Fatalf("tag printer: %v total %d", got, total)
		}
		got, total = page(qa.ListQuery{Tag: "vpn", Sort: qa.SortUnanswered})
		if total != 3 || len(got) != 3 {
			t.Fatalf("tag vpn unanswered: %v total %d", got, total)
		}
		// A tag that does not exist is not found, not an empty list; the
		// tags whose names start alike are the way on.
		for _, tag := range []string{"nope", "vpn client"} {
			if _, err := s.Questions(ctx, qa.ListQuery{Tag: tag}); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("unknown tag %q: %v, want not found", tag, err)
			}
		}
		// Or those a typo away (one edit up to four letters, else two; a
		// swap of neighbours is one), or that contain the name.
		for name, want := range map[string]string{"vp": "vpn", "vpnclient": "vpn", "Printers": "printer", "zzz": "",
			"pirnter": "printer", "prnter": "printer", "vnp": "vpn", "vpm": "vpn", "rint": "printer", "pxintxx": "", "vxx": ""} {
			similar, _, err := s.SimilarTags(ctx, name, 5)
			if err != nil {
				t.Fatal(err)
			}
			if got := ""; len(similar) > 0 {
				got = similar[0].Name
				if got != want || len(similar) != 1 {
					t.Fatalf("tags like %q: %v, want %q", name, similar, want)
				}
			} else if want != "" {
				t.Fatalf("tags like %q: none, want %q", name, want)
			}
		}
	})
}

func TestComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		q := ask(t, s, ada, "Which laptop models can we order?", "laptops")
		if _, err := s.AddComment(ctx, bob, q.ID, "too short"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("short comment: %v", err)
		}
		c, err := s.AddComment(ctx, bob, q.ID, "Do you need a Windows or a Linux laptop?")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddComment(ctx, bob, 424242, "A comment on a post that does not exist."); !errs.Is(err, errs.NotFound) {
			t.Fatalf("comment on missing post: %v", err)
		}
		cs, users, err := s.Comments(ctx, q.ID)
		if err != nil || len(cs) != 1 || users[bob.ID] == nil {
			t.Fatalf("comments: %v %v", cs, err)
		}
		if err := s.DeleteComment(ctx, ada, c.ID); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("delete someone else's comment: %v", err)
		}
		if err := s.DeleteComment(ctx, bob, c.ID); err != nil {
			t.Fatal(err)
		}
		th, _ := s.Thread(ctx, q.ID)
		if th.Question.CommentCount != 0 || len(th.Comments[q.ID]) != 0 {
			t.Fatal("deleted comment still counted or shown")
		}
	})
}

func TestQuestionCardKnowsIfAnswered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		q := ask(t, s, ada, "Where do I change my cost center?", "hr")
		card, err := s.Question(ctx, q.ID)
		if err != nil || card.Answered || card.Author == nil || card.Author.Username != "ada" {
			t.Fatalf("new question: %+v %v", card, err)
		}
		a, err := s.Answer(ctx, bob, q.ID, "In the HR portal under My data, then Organisation.")
		if err != nil {
			t.Fatal(err)
		}
		if card, _ = s.Question(ctx, q.ID); card.Answered {
			t.Fatal("an answer with score 0 counts as answered")
		}
		st.DB.Exec("UPDATE posts SET score = 1 WHERE id = ?", a.ID)
		if card, _ = s.Question(ctx, q.ID); !card.Answered {
			t.Fatal("an answer with a positive score does not count")
		}
		if _, err := s.Question(ctx, a.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("an answer read as a question: %v", err)
		}
	})
}

// TestCursorPagesMatchNumberedPages walks each sort with cursors and compares
// with numbered pages.
func TestCursorPagesMatchNumberedPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
		s := &qa.Service{Store: st, Now: func() time.Time { return now }, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		for i := 0; i < 11; i++ {
			now = now.Add(time.Duration(i%3) * time.Minute) // equal activity times, to test the tie-break
			q := ask(t, s, ada, "Question about docking stations number "+string(rune('a'+i)), "hardware")
			st.DB.Exec("UPDATE posts SET score = ? WHERE id = ?", i%4, q.ID)
		}
		for _, sort := range []string{qa.SortNewest, qa.SortActive, qa.SortVotes, qa.SortUnanswered} {
			var byPage, byCursor []int64
			for page := 1; page <= 3; page++ {
				l, err := s.Questions(ctx, qa.ListQuery{Sort: sort, Page: page, PageSize: 4})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range l.Items {
					byPage = append(byPage, p.ID)
				}
			}
			cursor := ""
			for {
				l, err := s.Questions(ctx, qa.ListQuery{Sort: sort, PageSize: 4, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range l.Items {
					byCursor = append(byCursor, p.ID)
				}
				if l.NextCursor == "" {
					break
				}
				cursor = l.NextCursor
			}
			if fmt.Sprint(byPage) != fmt.Sprint(byCursor) || len(byPage) != 11 {
				t.Errorf("%s: pages %v, cursors %v", sort, byPage, byCursor)
			}
		}
		if _, err := s.Questions(ctx, qa.ListQuery{Cursor: "garbage"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("bad cursor: %v", err)
		}
	})
}

// TestAuthorDeleteWaitsForAVote: on PostgreSQL an author's deletion of a
// question waits for a vote in flight on one of its answers and then sees
// it: the upvoted answer keeps the question.
func TestAuthorDeleteWaitsForAVote(t *testing.T) {
	st := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	s := newService(st)
	ada := storetest.User(t, st, "ada", store.RoleUser)
	bob := storetest.User(t, st, "bob", store.RoleUser)
	q := ask(t, s, ada, "Expense report rejected without reason", "expenses")
	a, err := s.Answer(ctx, bob, q.ID, "Attach the receipts as one PDF, the portal drops the rest.")
	if err != nil {
		t.Fatal(err)
	}
	// A vote's transaction has locked the answer and raised its score.
	vote := st.DB.Begin()
	defer vote.Rollback()
	if err := vote.Exec("SELECT id FROM posts WHERE id = ? FOR UPDATE", a.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := vote.Exec("UPDATE posts SET score = score + 1 WHERE id = ?", a.ID).Error; err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Delete(ctx, ada, q.ID) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int64
		if err := st.DB.Raw("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").
			Scan(&waiting).Error; err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the deletion did not wait for the vote: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the deletion never waited for the vote")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := vote.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errs.Is(err, errs.Forbidden) {
		t.Fatalf("deletion after the vote: %v, want forbidden", err)
	}
}

// TestBodiesKeepLF checks bodies typed in a browser (CRLF line ends) are
// stored with LF, so the same text sent again in an edit is no change.
func TestBodiesKeepLF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		u := storetest.User(t, st, "ada", store.RoleUser)
		typed := "The VPN client hangs at 'connecting'.\r\n\r\n- Windows 11\r\n- Client 5.2\r\nWhat can I try?"
		q, err := s.Ask(ctx, u, qa.QuestionInput{Title: "VPN client hangs at connecting", Body: typed, Tags: []string{"vpn"}})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.Answer(ctx, u, q.ID, "Reinstall the client:\r\n\r\n1. Uninstall it\r\n2. Restart")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*store.Post{q, a} {
			var stored store.Post
			if err := st.DB.Take(&stored, p.ID).Error; err != nil {
				t.Fatal(err)
			}
			if strings.Contains(stored.BodyMarkdown, "\r") || !strings.Contains(stored.BodyMarkdown, "\n\n") {
				t.Errorf("post %d stored %q, want LF line ends", p.ID, stored.BodyMarkdown)
			}
		}
		again := typed
		title := "VPN client hangs at 'connecting' on Windows"
		e, err := s.Edit(ctx, u, q.ID, qa.EditInput{Title: &title, Body: &again})
		if err != nil || e.BodyMarkdown != strings.ReplaceAll(typed, "\r\n", "\n") || e.BodyHTML != q.BodyHTML {
			t.Fatalf("title edit with the body sent again: %+v, %v; want the body unchanged", e, err)
		}
		trailing := typed + "\r\n\r\n  "
		if e, err := s.Edit(ctx, u, q.ID, qa.EditInput{Body: &trailing}); err != nil || e.Revision != 2 {
			t.Fatalf("an edit adding only blank lines at the end: %+v, %v; want no new revision", e, err)
		}
		// At the end of a code block, trailing white space shows: an edit
		// that drops it is one.
		code := "The Makefile rule fails:\n\n    all:   "
		mk, err := s.Ask(ctx, u, qa.QuestionInput{Title: "Makefile rule fails with trailing spaces", Body: code, Tags: []string{"build"}})
		if err != nil {
			t.Fatal(err)
		}
		fixed := "The Makefile rule fails:\n\n    all:"
		if e, err := s.Edit(ctx, u, mk.ID, qa.EditInput{Body: &fixed}); err != nil || e.Revision != 2 || e.BodyMarkdown != fixed {
			t.Fatalf("dropping trailing spaces in code: %+v, %v; want a new revision", e, err)
		}
	})
}

// TestModeratorDeletionsAreAudited checks a moderator deleting someone
// else's post is in the audit log, and an author deleting their own is not.
func TestModeratorDeletionsAreAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		mine := ask(t, s, ada, "VPN client hangs at connecting", "vpn")
		theirs := ask(t, s, ada, "Printer prints blank pages since Monday", "printer")
		if err := s.Delete(ctx, ada, mine.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, mod, theirs.ID); err != nil {
			t.Fatal(err)
		}
		var entries []store.AuditEntry
		if err := st.DB.Where("action = 'delete'").Find(&entries).Error; err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || *entries[0].ActorID != mod.ID || *entries[0].TargetID != theirs.ID || entries[0].TargetType != "post" {
			t.Fatalf("deletions in the audit log = %+v, want the moderator's alone", entries)
		}
		// A second click deletes nothing more and is no error, for the author
		// and staff; to anyone else the post stays not found.
		bob := storetest.User(t, st, "bob", store.RoleUser)
		if err := s.Delete(ctx, mod, theirs.ID); err != nil {
			t.Fatalf("deleted again by the moderator: %v", err)
		}
		if err := s.Delete(ctx, ada, mine.ID); err != nil {
			t.Fatalf("deleted again by its author: %v", err)
		}
		if err := s.Delete(ctx, bob, mine.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("someone else deleting a deleted post: %v, want not found", err)
		}
		// Restoring is on record as deleting is: the moderator's, not the author's.
		if err := s.Undelete(ctx, ada, mine.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Undelete(ctx, mod, theirs.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DB.Where("action = 'undelete'").Find(&entries).Error; err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || *entries[0].ActorID != mod.ID || *entries[0].TargetID != theirs.ID {
			t.Fatalf("restores in the audit log = %+v, want the moderator's alone", entries)
		}
		// Comments: the moderator's deletion of another's is on record with
		// its text; the author's own is not; a second click is no error.
		own, err := s.AddComment(ctx, bob, mine.ID, "Which VPN client version is it?")
		if err != nil {
			t.Fatal(err)
		}
		rude, err := s.AddComment(ctx, bob, mine.ID, "Just search before you ask, seriously.")
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := s.DeleteComment(ctx, bob, own.ID); err != nil {
				t.Fatalf("the author deleting their comment: %v", err)
			}
			if err := s.DeleteComment(ctx, mod, rude.ID); err != nil {
				t.Fatalf("the moderator deleting a comment: %v", err)
			}
		}
		if err := s.DeleteComment(ctx, ada, rude.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("someone else deleting a deleted comment: %v, want not found", err)
		}
		if err := st.DB.Where("action = 'comment.delete'").Find(&entries).Error; err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || *entries[0].ActorID != mod.ID || *entries[0].TargetID != mine.ID || entries[0].Detail != fmt.Sprintf("#%d: %s", rude.ID, rude.Body) {
			t.Fatalf("comment deletions in the audit log = %+v, want the moderator's with its text", entries)
		}
		var q store.Post
		if err := st.DB.Where("id = ?", mine.ID).Take(&q).Error; err != nil || q.CommentCount != 0 {
			t.Fatalf("comment count %d (%v), want 0", q.CommentCount, err)
		}
	})
}
