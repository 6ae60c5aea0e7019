package importer

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/markdown"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestImportSmallDump imports the hand-written se-small dump into an empty
// site and checks every mapping rule on it.
func TestImportSmallDump(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		sum := importDump(t, st, testdata(t, "se-small"), Options{BatchSize: 3})
		noDrift(t, st)

		t.Run("users keep their ids, get unique usernames and their reputation", func(t *testing.T) {
			want := map[int64]struct {
				username, display string
				rep               int
			}{
				1: {"ada-lovelace", "Ada Lovelace", 1234}, 2: {"jose-muller", "José Müller", 101},
				3: {"ada-lovelace-3", "Ada Lovelace", 1}, 4: {"user-4", "李雷", 15}, 5: {"bob", "bob", 50},
			}
			for id, w := range want {
				u := loadUser(t, st, id)
				if u.Username != w.username || u.DisplayName != w.display || u.Reputation != w.rep ||
					u.PasswordHash != nil || u.Email != nil || u.Role != store.RoleUser {
					t.Errorf("user %d = %q %q rep %d pw %v email %v, want %+v", id, u.Username, u.DisplayName,
						u.Reputation, u.PasswordHash, u.Email, w)
				}
			}
			if n := count(t, st, "SELECT COUNT(*) FROM users"); n != 5 {
				t.Errorf("users = %d, want 5 (Community not imported)", n)
			}
			if got := loadUser(t, st, 1).About; got != "Network engineer. Likes VPNs." {
				t.Errorf("about = %q", got)
			}
			if n := count(t, st, "SELECT COUNT(*) FROM reputation_events WHERE kind = ?", reputation.KindImported); n != 4 {
				t.Errorf("imported reputation events = %d, want 4 (none for reputation 1)", n)
			}
		})

		t.Run("a body version that renders as shown gives its Markdown", func(t *testing.T) {
			// Post 7's last version (CRLF line ends) renders as its body; its
			// first does not, nor does post 1's "old body".
			want := "Outlook asks for my\npassword every five minutes."
			var revs []string
			if err := st.DB.Raw("SELECT body_markdown FROM post_revisions WHERE post_id = 7").Scan(&revs).Error; err != nil {
				t.Fatal(err)
			}
			if got := loadPost(t, st, 7).BodyMarkdown; got != want || len(revs) != 1 || revs[0] != want {
				t.Errorf("post 7 Markdown %q, revision %q; want %q", got, revs, want)
			}
			if got := loadPost(t, st, 1).BodyMarkdown; got != "" {
				t.Errorf("post 1 took an older version's Markdown %q", got)
			}
			// Post 8's first version reads as shown, but its last (in a
			// later batch) does not: the Markdown is derived, not the first.
			if got := loadPost(t, st, 8).BodyMarkdown; got != "" {
				t.Errorf("post 8 kept a version before its last: %q", got)
			}
		})

		t.Run("questions and answers", func(t *testing.T) {
			q := loadPost(t, st, 1)
			if q.Type != store.PostQuestion || q.Title != "How do I connect to the VPN from home?" || q.Score != 12 ||
				q.ScoreBase != 9 || q.ViewCount != 340 || q.AnswerCount != 2 || q.CommentCount != 1 ||
				q.Tags != "vpn windows" || q.AcceptedAnswerID == nil || *q.AcceptedAnswerID != 3 ||
				q.OwnerID == nil || *q.OwnerID != 1 || q.LastEditorID == nil || *q.LastEditorID != 2 {
				t.Errorf("question 1 = %+v", q)
			}
			if !q.CreatedAt.Equal(time.Date(2021, 4, 27, 15, 6, 44, 553e6, time.UTC)) ||
				!q.LastActivityAt.Equal(time.Date(2021, 5, 2, 9, 0, 0, 0, time.UTC)) {
				t.Errorf("dates = %v, %v", q.CreatedAt, q.LastActivityAt)
			}
			if strings.Contains(q.BodyHTML, "<script") || !strings.Contains(q.BodyHTML, "error 809") {
				t.Errorf("body_html not sanitised: %q", q.BodyHTML)
			}
			// The Markdown is derived when read, not stored by the import.
			if md := markdown.Source(q.BodyMarkdown, q.BodyHTML); q.BodyMarkdown != "" ||
				!strings.Contains(md, "```") && !strings.Contains(md, "    error 809") {
				t.Errorf("body_markdown %q, derived %q: want none stored, a code block derived", q.BodyMarkdown, md)
			}
			a := loadPost(t, st, 3)
			if a.Type != store.PostAnswer || a.ParentID == nil || *a.ParentID != 1 || a.Score != 15 || a.ScoreBase != 14 ||
				!strings.Contains(markdown.Source(a.BodyMarkdown, a.BodyHTML), "**new certificate**") || a.CommentCount != 1 {
				t.Errorf("answer 3 = %+v", a)
			}
			if owner := loadPost(t, st, 8).OwnerID; owner != nil {
				t.Errorf("answer by the Community bot has owner %d", *owner)
			}
			q7 := loadPost(t, st, 7)
			if q7.OwnerID != nil || q7.AcceptedAnswerID != nil || q7.AnswerCount != 1 {
				t.Errorf("question 7 = %+v", q7)
			}
			if n := count(t, st, "SELECT COUNT(*) FROM post_revisions WHERE revision = 1"); n != 8 {
				t.Errorf("revisions = %d, want one per post (8)", n)
			}
			if n := count(t, st, "SELECT COUNT(*) FROM posts"); n != 8 {
				t.Errorf("posts = %d, want 8", n)
			}
		})

		t.Run("closed questions and duplicates", func(t *testing.T) {
			q4 := loadPost(t, st, 4)
			if q4.ClosedAt == nil || q4.ClosedReason != "off-topic" || q4.Tags != "printer hardware" {
				t.Errorf("question 4 = closed %v %q tags %q", q4.ClosedAt, q4.ClosedReason, q4.Tags)
			}
			q5 := loadPost(t, st, 5)
			if q5.DuplicateOfID == nil || *q5.DuplicateOfID != 1 || q5.ClosedAt == nil || q5.ClosedReason != "duplicate" {
				t.Errorf("question 5 = dup %v closed %v %q", q5.DuplicateOfID, q5.ClosedAt, q5.ClosedReason)
			}
			if q5.Tags != "vpn remote-work" || q5.ScoreBase != 0 || q5.Score != -1 {
				t.Errorf("question 5 = tags %q score %d base %d", q5.Tags, q5.Score, q5.ScoreBase)
			}
		})

		t.Run("tags, comments, votes, badges and counters", func(t *testing.T) {
			for name, want := range map[string]int64{"vpn": 2, "windows": 1, "printer": 1, "hardware": 1, "email": 1, "c#": 0, "remote-work": 1} {
				if n := count(t, st, "SELECT question_count FROM tags WHERE name = ?", name); n != want {
					t.Errorf("tag %s counts %d questions, want %d", name, n, want)
				}
			}
			var excerpt string
			st.DB.Raw("SELECT excerpt FROM tags WHERE name = 'vpn'").Scan(&excerpt)
			if excerpt != "Virtual private network access from outside the office." {
				t.Errorf("vpn excerpt = %q", excerpt)
			}
			var c store.Comment
			st.DB.Where("id = 1").Take(&c)
			if c.PostID != 1 || c.OwnerID == nil || *c.OwnerID != 2 || c.Score != 2 ||
				!strings.Contains(c.BodyHTML, `href="https://intranet.example.com/vpn"`) {
				t.Errorf("comment 1 = %+v", c)
			}
			var c2 store.Comment
			st.DB.Where("id = 2").Take(&c2)
			if !strings.Contains(c2.BodyHTML, `<a href="/users/5" class="mention">@bob</a>`) || strings.Contains(c2.BodyHTML, `>@nobody</a>`) {
				t.Errorf("comment 2 links its mentions as the site does: %s", c2.BodyHTML)
			}
			var c4 store.Comment
			st.DB.Where("id = 4").Take(&c4)
			if c4.OwnerID != nil || c4.PostID != 4 {
				t.Errorf("comment 4 = %+v", c4)
			}
			if n := count(t, st, "SELECT COUNT(*) FROM votes"); n != 5 {
				t.Errorf("votes = %d, want 5", n)
			}
			if n := count(t, st, "SELECT COUNT(*) FROM votes WHERE user_id = 2 AND post_id = 3"); n != 1 {
				t.Errorf("user 2's votes on post 3 = %d, want 1", n)
			}
			badges := map[string]bool{}
			var rows []store.UserBadge
			st.DB.Find(&rows)
			for _, b := range rows {
				badges[b.Badge+"/"+b.Tag+"/"+itoa(b.UserID)+"/"+itoa(b.PostID)] = true
			}
			for _, want := range []string{"student//1/0", "teacher//5/0", "tag-bronze/vpn/5/0", "nice-question//1/1",
				"nice-answer//5/3", "enlightened//5/3", "scholar//1/0", "teacher//2/0", "supporter//2/0"} {
				if !badges[want] {
					t.Errorf("badge %s missing; have %v", want, badges)
				}
			}
			// Question 4, the one without an answer, is closed: it waits for none.
			for name, want := range map[string]int64{"questions": 4, "unanswered": 0} {
				if n, _ := store.CounterValue(st.DB, name); n != want {
					t.Errorf("counter %s = %d, want %d", name, n, want)
				}
			}
			if n := count(t, st, "SELECT COUNT(DISTINCT post_id) FROM search_outbox"); n != 4 {
				t.Errorf("questions queued for the search index = %d, want 4", n)
			}
		})

		t.Run("the summary counts every row", func(t *testing.T) {
			want := map[string]struct {
				read, imported int64
				skipped        map[string]int64
			}{
				"Users.xml":       {6, 5, map[string]int64{ReasonCommunity: 1}},
				"Tags.xml":        {4, 4, nil},
				"Posts.xml":       {11, 9, map[string]int64{ReasonPostType: 2}},
				"PostHistory.xml": {8, 3, map[string]int64{ReasonOtherBody: 3, ReasonNotQuestion: 1, ReasonHistoryType: 1}},
				"PostLinks.xml":   {3, 1, map[string]int64{ReasonLinkType: 1, ReasonMissingPost: 1}},
				"Comments.xml":    {4, 3, map[string]int64{ReasonMissingPost: 1}},
				"Votes.xml":       {9, 5, map[string]int64{ReasonVoteType: 2, ReasonMissingPost: 1, ReasonDuplicateVote: 1}},
				"Badges.xml":      {7, 1, map[string]int64{ReasonBadge: 2, ReasonMissingUser: 1, ReasonBadgeHeld: 3}},
			}
			for name, w := range want {
				f := sum.File(name)
				if f == nil || f.Read != w.read || f.Imported != w.imported || !sameCounts(f.Skipped, w.skipped) {
					t.Errorf("%s: %+v, want %+v", name, f, w)
				}
			}
			text := sum.String()
			for _, msg := range []string{
				"Posts.xml:12: post 21: PostTypeId 5 (tag wiki) is not imported",
				"Votes.xml:10: vote 8: post 99 is not in the dump",
				"Comments.xml:5: comment 3: post 99 is not in the dump",
				"1 question names an accepted answer that is not in the dump; it has none",
				"1 question tag was left out",
			} {
				if !strings.Contains(text, msg) {
					t.Errorf("summary lacks %q:\n%s", msg, text)
				}
			}
		})

		t.Run("a second run changes nothing", func(t *testing.T) {
			before := tableCounts(t, st)
			again := importDump(t, st, testdata(t, "se-small"), Options{})
			if _, imported, _ := again.Totals(); imported != 0 {
				t.Errorf("second run imported %d rows", imported)
			}
			after := tableCounts(t, st)
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s: %d before, %d after the second run", k, v, after[k])
				}
			}
			noDrift(t, st)
		})

		t.Run("under another site name the dump is refused, not copied", func(t *testing.T) {
			before := tableCounts(t, st)
			_, err := Import(context.Background(), st, testdata(t, "se-small"), Options{Site: "renamed"})
			if err == nil || !strings.Contains(err.Error(), `this dump was imported as site "se-small"`) {
				t.Fatalf("import under another name: %v", err)
			}
			after := tableCounts(t, st)
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s: %d before, %d after the refused run", k, v, after[k])
				}
			}
		})

		t.Run("without its progress, a run finds every row in the id map", func(t *testing.T) {
			before := tableCounts(t, st)
			if err := st.DB.Exec("DELETE FROM import_progress").Error; err != nil {
				t.Fatal(err)
			}
			again := importDump(t, st, testdata(t, "se-small"), Options{})
			for f, dups := range map[string]int64{"Users.xml": 5, "Posts.xml": 8, "Comments.xml": 3, "Votes.xml": 5} {
				fs := again.File(f)
				if fs.Skipped[ReasonDuplicateID] != dups || (f != "Posts.xml" && fs.Imported != 0) {
					t.Errorf("%s: imported %d, skipped %v; want %d duplicates", f, fs.Imported, fs.Skipped, dups)
				}
			}
			after := tableCounts(t, st)
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s: %d before, %d after the run without progress", k, v, after[k])
				}
			}
			noDrift(t, st)
		})

		t.Run("new posts get ids above the imported ones", func(t *testing.T) {
			svc := &qa.Service{Store: st, Now: time.Now}
			u := storetest.User(t, st, "newcomer", store.RoleUser)
			q, err := svc.Ask(context.Background(), u, qa.QuestionInput{Title: "A brand new question after the import",
				Body: "This question was asked after the import had finished.", Tags: []string{"vpn"}})
			if err != nil {
				t.Fatal(err)
			}
			if q.ID <= 8 || u.ID <= 5 {
				t.Errorf("new question id %d, new user id %d: must follow the imported ids", q.ID, u.ID)
			}
			noDrift(t, st)
		})
	})
}

// TestImportClosedQuestionsWaitForNoAnswer imports the se-closed dump in
// batches of two rows, so that an answer to a closed question comes in a
// later batch than its question: only the open question without an answer
// counts as unanswered, not the one closed in Posts.xml (answered later),
// nor the one PostLinks.xml closes as a duplicate.
func TestImportClosedQuestionsWaitForNoAnswer(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		importDump(t, st, testdata(t, "se-closed"), Options{BatchSize: 2})
		noDrift(t, st)
		if n, _ := store.CounterValue(st.DB, "unanswered"); n != 1 {
			t.Errorf("counter unanswered = %d, want 1 (question 5)", n)
		}
		l, err := (&qa.Service{Store: st, Now: time.Now}).Questions(context.Background(), qa.ListQuery{Sort: qa.SortUnanswered})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Items) != 1 || l.Items[0].ID != 5 || l.Total != 1 {
			t.Errorf("unanswered list: total %d, %d rows, want question 5 alone", l.Total, len(l.Items))
		}
	})
}

// sameCounts compares skip counts, treating nil and empty alike.
func sameCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestImportedMarkdownIsDerivedOnEdit checks that imported posts, stored
// without Markdown, show it in their history, and that the first edit keeps
// it: in the post, and in every revision before the edit.
func TestImportedMarkdownIsDerivedOnEdit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		importDump(t, st, testdata(t, "se-small"), Options{})
		ctx := context.Background()
		svc := &qa.Service{Store: st, Now: time.Now}
		mod := storetest.User(t, st, "editor", store.RoleModerator)
		q := loadPost(t, st, 1)
		want := markdown.ToMarkdown(q.BodyHTML)
		if q.BodyMarkdown != "" || !strings.Contains(want, "error 809") {
			t.Fatalf("imported body_markdown %q, derived %q", q.BodyMarkdown, want)
		}
		revs, err := svc.Revisions(ctx, 1)
		if err != nil || len(revs) != 1 || revs[0].BodyMarkdown != want {
			t.Fatalf("revisions before any edit = %+v, %v; want one with the derived body", revs, err)
		}

		// A title edit keeps the body: both revisions hold the derived text.
		// The body comes back as a browser sends it, with CRLF line ends.
		title := "How do I connect to the VPN from home, on Windows?"
		crlf := strings.ReplaceAll(want, "\n", "\r\n")
		if _, err := svc.Edit(ctx, mod, 1, qa.EditInput{Title: &title, Body: &crlf, Comment: "title"}); err != nil {
			t.Fatal(err)
		}
		if got := loadPost(t, st, 1); got.BodyMarkdown != want || got.BodyHTML != q.BodyHTML {
			t.Errorf("after a title edit: body_markdown %q, html changed %v; want the derived text, the same HTML",
				got.BodyMarkdown, got.BodyHTML != q.BodyHTML)
		}
		var stored []string
		if err := st.DB.Raw("SELECT body_markdown FROM post_revisions WHERE post_id = 1 ORDER BY revision").Scan(&stored).Error; err != nil {
			t.Fatal(err)
		}
		if len(stored) != 2 || stored[0] != want || stored[1] != want {
			t.Errorf("stored revision bodies = %q, want the derived text twice", stored)
		}
		revs, err = svc.Revisions(ctx, 1)
		if err != nil || len(revs) != 2 || len(revs[0].BodyDiff) != 1 || revs[0].BodyDiff[0].Op != "=" {
			t.Errorf("revision 2 body diff = %+v, %v; want the body unchanged", revs, err)
		}

		// A body edit: the first revision keeps the text readers saw.
		a := loadPost(t, st, 3)
		before := markdown.ToMarkdown(a.BodyHTML)
		body := before + "\n\nAlso restart the VPN client afterwards."
		if _, err := svc.Edit(ctx, mod, 3, qa.EditInput{Body: &body, Comment: "restart"}); err != nil {
			t.Fatal(err)
		}
		revs, err = svc.Revisions(ctx, 3)
		if err != nil || len(revs) != 2 || revs[1].BodyMarkdown != before || revs[0].BodyMarkdown != body {
			t.Fatalf("answer revisions = %+v, %v; want the derived text, then the edit", revs, err)
		}
		if got := loadPost(t, st, 3); got.BodyMarkdown != body || !strings.Contains(got.BodyHTML, "restart the VPN client") {
			t.Errorf("answer after the edit = %q / %q", got.BodyMarkdown, got.BodyHTML)
		}

		// Imported bodies that today's rules refuse (too short) save
		// unchanged; one whose Markdown is empty (an image the sanitiser
		// dropped) keeps an empty first revision after a body edit.
		if err := st.DB.Exec("UPDATE posts SET body_html = '<p>Yes!</p>' WHERE id = 4").Error; err != nil {
			t.Fatal(err)
		}
		short := "Yes!"
		if p, err := svc.Edit(ctx, mod, 4, qa.EditInput{Body: &short}); err != nil || p.Revision != 1 {
			t.Fatalf("saving a short imported answer unchanged: %+v, %v", p, err)
		}
		if err := st.DB.Exec("UPDATE posts SET body_html = '<p><img alt=\"\"></p>' WHERE id = 4").Error; err != nil {
			t.Fatal(err)
		}
		text := "Use the new VPN client from the software centre."
		if _, err := svc.Edit(ctx, mod, 4, qa.EditInput{Body: &text}); err != nil {
			t.Fatal(err)
		}
		revs, err = svc.Revisions(ctx, 4)
		if err != nil || len(revs) != 2 || revs[1].BodyMarkdown != "" || revs[0].BodyMarkdown != text {
			t.Fatalf("revisions of a body without Markdown = %+v, %v; want an empty first, then the edit", revs, err)
		}
		noDrift(t, st)
	})
}
