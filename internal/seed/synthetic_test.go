package seed_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/consistency"
	"stackdesk/internal/markdown"
	"stackdesk/internal/qa"
	"stackdesk/internal/seed"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestSyntheticKeepsDerivedNumbersExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		// Content that exists before: Synthetic appends to it.
		u := storetest.User(t, st, "existing.user", store.RoleUser)
		qs := &qa.Service{Store: st, Now: time.Now}
		q, err := qs.Ask(ctx, u, qa.QuestionInput{Title: "Printer on the 2nd floor jams", Body: "It jams on every second page since Monday morning.", Tags: []string{"printer", "hardware"}})
		if err != nil {
			t.Fatal(err)
		}
		var calls, last int
		res, err := seed.Synthetic(ctx, st, 2000, func(done, total int) {
			calls++
			if done < last || total != 2000 {
				t.Errorf("progress(%d, %d) after %d", done, total, last)
			}
			last = done
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d posts (%d questions, %d accepted), %d comments, %d users, %d new tags in %v: %.0f posts/s",
			st.Dialect, res.Posts, res.Questions, res.Accepted, res.Comments, res.Users, res.NewTags,
			res.Elapsed.Round(time.Millisecond), float64(res.Posts)/res.Elapsed.Seconds())
		if res.Posts != 2000 || last != 2000 || calls < 1 {
			t.Fatalf("posts = %d, progress ended at %d after %d calls", res.Posts, last, calls)
		}
		if share := float64(res.Questions) / float64(res.Posts); share < 0.25 || share > 0.30 {
			t.Errorf("question share = %.2f, want 0.25..0.30", share)
		}
		if res.Users < 90 || res.Users > 110 {
			t.Errorf("users = %d, want about 100", res.Users)
		}
		checkExact(t, st)
		checkSynthetic(t, st, q.ID)
		// Votes back every score, reputation follows its ledger, badges are awarded.
		if r, err := consistency.Run(ctx, st, false, time.Now()); err != nil || len(r.Drifts) != 0 {
			t.Fatalf("drift after synthetic: %v %v", r.Drifts, err)
		}
		var votes, scored, badges int64
		st.DB.Model(&store.Vote{}).Count(&votes)
		st.DB.Model(&store.Post{}).Where("score <> 0").Count(&scored)
		st.DB.Model(&store.UserBadge{}).Count(&badges)
		if votes < 1000 || scored < 500 || badges < 20 {
			t.Errorf("votes %d, posts with a score %d, badges %d: want a living site", votes, scored, badges)
		}

		// A second run, with small odd batches, appends and stays exact.
		res2, err := seed.SyntheticWith(ctx, st, seed.SyntheticOptions{Posts: 600, BatchSize: 97, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if res2.Posts != 600 {
			t.Fatalf("second run posts = %d", res2.Posts)
		}
		checkExact(t, st)
		var total int64
		st.DB.Model(&store.Post{}).Count(&total)
		if total != 2601 {
			t.Errorf("posts = %d, want 2601", total)
		}
	})
}

func count(t *testing.T, st *store.Store, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := st.DB.Raw(query, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// checkExact recomputes every derived number from the rows and compares.
func checkExact(t *testing.T, st *store.Store) {
	t.Helper()
	zero := map[string]string{
		"answer_count": `SELECT COUNT(*) FROM posts q WHERE q.type = 1 AND q.answer_count <>
			(SELECT COUNT(*) FROM posts a WHERE a.parent_id = q.id AND a.type = 2 AND a.deleted_at IS NULL)`,
		"comment_count": `SELECT COUNT(*) FROM posts p WHERE p.comment_count <>
			(SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL)`,
		"tag question_count": `SELECT COUNT(*) FROM tags t WHERE t.question_count <>
			(SELECT COUNT(*) FROM post_tags pt JOIN posts p ON p.id = pt.post_id WHERE pt.tag_id = t.id AND p.deleted_at IS NULL)`,
		"one revision per version": `SELECT COUNT(*) FROM posts p WHERE p.revision <>
			(SELECT COUNT(*) FROM post_revisions r WHERE r.post_id = p.id)`,
		"outbox row per question": `SELECT COUNT(*) FROM posts p WHERE p.type = 1 AND NOT EXISTS
			(SELECT 1 FROM search_outbox o WHERE o.post_id = p.id)`,
		"accepted answer belongs to its question": `SELECT COUNT(*) FROM posts q WHERE q.accepted_answer_id IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM posts a WHERE a.id = q.accepted_answer_id AND a.parent_id = q.id AND a.type = 2)`,
		"last activity is no older than the newest answer": `SELECT COUNT(*) FROM posts q WHERE q.type = 1 AND q.last_activity_at <
			COALESCE((SELECT MAX(a.created_at) FROM posts a WHERE a.parent_id = q.id), q.created_at)`,
		"answers answer questions": `SELECT COUNT(*) FROM posts a WHERE a.type = 2 AND NOT EXISTS
			(SELECT 1 FROM posts q WHERE q.id = a.parent_id AND q.type = 1)`,
		"every score is backed by votes": `SELECT COUNT(*) FROM posts p WHERE p.score <> p.score_base +
			COALESCE((SELECT SUM(v.value) FROM votes v WHERE v.post_id = p.id), 0)`,
	}
	for name, query := range zero {
		if n := count(t, st, query); n != 0 {
			t.Errorf("%s: %d rows disagree", name, n)
		}
	}
	for name, query := range map[string]string{
		"questions":  "SELECT COUNT(*) FROM posts WHERE type = 1 AND deleted_at IS NULL",
		"unanswered": "SELECT COUNT(*) FROM posts WHERE " + store.Unanswered,
	} {
		got, err := store.CounterValue(st.DB, name)
		if err != nil {
			t.Fatal(err)
		}
		if want := count(t, st, query); got != want {
			t.Errorf("counter %s = %d, rows say %d", name, got, want)
		}
	}
	// The tag string of each question names exactly its post_tags rows.
	var qs []store.Post
	st.DB.Select("id", "tags").Where("type = 1").Find(&qs)
	var links []struct {
		PostID int64
		Name   string
	}
	st.DB.Raw("SELECT pt.post_id, t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id").Scan(&links)
	linked := map[int64][]string{}
	for _, l := range links {
		linked[l.PostID] = append(linked[l.PostID], l.Name)
	}
	for _, q := range qs {
		want, got := strings.Fields(q.Tags), linked[q.ID]
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) || len(want) < 1 || len(want) > 5 {
			t.Errorf("question %d: tags %q, post_tags %q", q.ID, q.Tags, got)
		}
	}
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,29}$`)

// checkSynthetic checks what makes generated content realistic and valid.
func checkSynthetic(t *testing.T, st *store.Store, before int64) {
	t.Helper()
	var posts []store.Post
	st.DB.Where("id > ?", before).Order("id").Find(&posts)
	for i, p := range posts {
		if i > 0 && p.CreatedAt.Before(posts[i-1].CreatedAt) {
			t.Fatalf("post %d is older than post %d", p.ID, posts[i-1].ID)
		}
		if p.CreatedAt.After(time.Now()) || p.CreatedAt.Before(time.Now().AddDate(-2, 0, -1)) {
			t.Fatalf("post %d created %v, outside the past two years", p.ID, p.CreatedAt)
		}
		if p.Type == store.PostQuestion && (len([]rune(p.Title)) < qa.TitleMin || len([]rune(p.Title)) > qa.TitleMax) {
			t.Errorf("title %q: length outside the limits", p.Title)
		}
		if n := len([]rune(p.BodyMarkdown)); n < qa.BodyMin || n > qa.BodyMax {
			t.Errorf("post %d: body length %d", p.ID, n)
		}
		if i%40 == 0 {
			if want := markdown.Render(p.BodyMarkdown); p.BodyHTML != want {
				t.Errorf("post %d: body_html is not what markdown.Render makes", p.ID)
			}
		}
	}
	var german, answered, accepted, unanswered int
	for _, p := range posts {
		if p.Type != store.PostQuestion {
			continue
		}
		if strings.ContainsAny(p.Title+p.BodyMarkdown, "äöüß") || strings.Contains(p.BodyMarkdown, " ich ") {
			german++
		}
		switch {
		case p.AcceptedAnswerID != nil:
			accepted++
			answered++
		case p.AnswerCount > 0:
			answered++
		default:
			unanswered++
		}
	}
	if german == 0 || unanswered == 0 || answered == 0 {
		t.Errorf("german %d, answered %d, unanswered %d: want some of each", german, answered, unanswered)
	}
	if share := float64(accepted) / float64(answered); share < 0.3 || share > 0.5 {
		t.Errorf("accepted share of answered questions = %.2f, want about 0.4", share)
	}
	var users []store.User
	st.DB.Where("username <> ?", "existing.user").Find(&users)
	for _, u := range users {
		if !usernameRE.MatchString(u.Username) || u.Email == nil || *u.Email != u.Username+"@example.com" {
			t.Errorf("user %q, email %v", u.Username, u.Email)
		}
	}
	if n := count(t, st, "SELECT COUNT(*) FROM tags WHERE question_count > 0"); n < 60 {
		t.Errorf("only %d tags in use", n)
	}
	var top int64
	st.DB.Raw("SELECT MAX(question_count) FROM tags").Scan(&top)
	if q := count(t, st, "SELECT COUNT(*) FROM posts WHERE type = 1"); float64(top) < 0.05*float64(q) {
		t.Errorf("most popular tag has %d of %d questions: not Zipf-like", top, q)
	}
}
