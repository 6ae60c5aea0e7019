package qa_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func code(err error) errs.Code { return errs.CodeOf(err) }

// TestFlagsReachTheModerators: members flag posts and comments for a
// reason; the queue shows each flagged item once with its flags, oldest
// first; bad flags are refused and write nothing; deleting what was flagged,
// or a moderator's decision, closes the flags, on record.
func TestFlagsReachTheModerators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		cy := storetest.User(t, st, "cy", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := ask(t, s, ada, "VPN drops every ten minutes at home", "vpn")
		a, err := s.Answer(ctx, bob, q.ID, "Buy cheap watches at example.com, best prices, click now!")
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.AddComment(ctx, bob, q.ID, "Nobody cares about your VPN, stop asking.")
		if err != nil {
			t.Fatal(err)
		}

		// Refused, each writing nothing.
		for _, tc := range []struct {
			name string
			err  error
			want errs.Code
		}{
			{"anonymous", flagErr(s.FlagPost(ctx, nil, a.ID, qa.FlagInput{Reason: qa.FlagSpam})), errs.Unauthorized},
			{"own post", flagErr(s.FlagPost(ctx, bob, a.ID, qa.FlagInput{Reason: qa.FlagSpam})), errs.Forbidden},
			{"own comment", flagErr(s.FlagComment(ctx, bob, c.ID, qa.FlagInput{Reason: qa.FlagRude})), errs.Forbidden},
			{"no reason", flagErr(s.FlagPost(ctx, ada, a.ID, qa.FlagInput{})), errs.Invalid},
			{"unknown reason", flagErr(s.FlagPost(ctx, ada, a.ID, qa.FlagInput{Reason: "boring"})), errs.Invalid},
			{"not an answer on a question", flagErr(s.FlagPost(ctx, bob, q.ID, qa.FlagInput{Reason: qa.FlagNotAnAnswer})), errs.Invalid},
			{"not an answer on a comment", flagErr(s.FlagComment(ctx, ada, c.ID, qa.FlagInput{Reason: qa.FlagNotAnAnswer})), errs.Invalid},
			{"other without a note", flagErr(s.FlagPost(ctx, ada, a.ID, qa.FlagInput{Reason: qa.FlagOther, Note: " "})), errs.Invalid},
			{"note too long", flagErr(s.FlagPost(ctx, ada, a.ID, qa.FlagInput{Reason: qa.FlagSpam, Note: strings.Repeat("x", qa.FlagNoteMax+1)})), errs.Invalid},
			{"no such post", flagErr(s.FlagPost(ctx, ada, 999999, qa.FlagInput{Reason: qa.FlagSpam})), errs.NotFound},
			{"no such comment", flagErr(s.FlagComment(ctx, ada, 999999, qa.FlagInput{Reason: qa.FlagSpam})), errs.NotFound},
		} {
			if code(tc.err) != tc.want {
				t.Errorf("%s: %v, want %s", tc.name, tc.err, tc.want)
			}
		}
		if n := count(t, st, "flags"); n != 0 {
			t.Fatalf("refused flags wrote %d rows", n)
		}

		// ada and cy flag the answer, ada the comment.
		if _, err := s.FlagPost(ctx, ada, a.ID, qa.FlagInput{Reason: qa.FlagSpam}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FlagPost(ctx, ada, a.ID, qa.FlagInput{Reason: qa.FlagRude}); code(err) != errs.Conflict {
			t.Fatalf("second flag on the same post: %v, want a conflict", err)
		}
		if _, err := s.FlagPost(ctx, cy, a.ID, qa.FlagInput{Reason: qa.FlagOther, Note: "Advertising, not an answer to the VPN question."}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FlagComment(ctx, ada, c.ID, qa.FlagInput{Reason: qa.FlagRude}); err != nil {
			t.Fatal(err)
		}
		posts, comments, err := s.MyPendingFlags(ctx, ada, []int64{q.ID, a.ID})
		if err != nil || !posts[a.ID] || posts[q.ID] || !comments[c.ID] {
			t.Fatalf("ada's pending flags: %v %v %v", posts, comments, err)
		}

		// The queue: moderators only; the answer first (flagged first), then the comment.
		if _, err := s.Flags(ctx, ada, 1, 20); code(err) != errs.Forbidden {
			t.Fatalf("a member reads the queue: %v", err)
		}
		queue, err := s.Flags(ctx, mod, 1, 20)
		if err != nil {
			t.Fatal(err)
		}
		if queue.Total != 2 || len(queue.Items) != 2 {
			t.Fatalf("queue: %d items (total %d), want 2", len(queue.Items), queue.Total)
		}
		first, second := queue.Items[0], queue.Items[1]
		if first.PostID != a.ID || first.CommentID != nil || len(first.Flags) != 2 || first.QuestionID != q.ID ||
			first.Title != q.Title || !strings.Contains(first.Excerpt, "cheap watches") || queue.Users[first.Flags[1].UserID].Username != "cy" {
			t.Fatalf("first item: %+v", first)
		}
		if r := first.Reasons(); len(r) != 2 || r[0] != (qa.ReasonCount{Reason: qa.FlagSpam, Count: 1}) || r[1].Reason != qa.FlagOther {
			t.Fatalf("reasons: %+v", r)
		}
		if second.CommentID == nil || *second.CommentID != c.ID || !strings.Contains(second.Excerpt, "Nobody cares") || deref(second.OwnerID) != bob.ID {
			t.Fatalf("second item: %+v", second)
		}

		// Deleting the answer closes its flags as helpful; declining the
		// comment's flags closes those the moderator saw, on record; one
		// raised meanwhile waits on; a second click does nothing.
		if err := s.Delete(ctx, mod, a.ID); err != nil {
			t.Fatal(err)
		}
		seen := second.Newest()
		late, err := s.FlagComment(ctx, cy, c.ID, qa.FlagInput{Reason: qa.FlagOther, Note: "It names a customer and their phone number."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ResolveFlags(ctx, ada, q.ID, &c.ID, seen, false, ""); code(err) != errs.Forbidden {
			t.Fatalf("a member resolves: %v", err)
		}
		if n, err := s.ResolveFlags(ctx, mod, q.ID, &c.ID, seen, false, ""); err != nil || n != 1 {
			t.Fatalf("decline: %d %v", n, err)
		}
		if n, err := s.ResolveFlags(ctx, mod, q.ID, &c.ID, seen, false, ""); err != nil || n != 0 {
			t.Fatalf("decline again: %d %v", n, err)
		}
		if _, err := s.ResolveFlags(ctx, mod, 999999, nil, 0, true, ""); code(err) != errs.NotFound {
			t.Fatalf("resolve nothing: %v", err)
		}
		if _, err := s.ResolveFlags(ctx, mod, a.ID, &c.ID, 0, true, ""); code(err) != errs.NotFound {
			t.Fatalf("resolve a comment under another post: %v", err)
		}
		// A bad note for nothing: that nothing is there comes first.
		for _, note := range []string{strings.Repeat("n", qa.FlagDeclineNoteMax+1), "line\x00"} {
			if _, err := s.ResolveFlags(ctx, mod, 999999, nil, 0, false, note); code(err) != errs.NotFound {
				t.Fatalf("decline nothing with a bad note: %v", err)
			}
			if _, err := s.ResolveFlags(ctx, mod, q.ID, &c.ID, 0, false, note); code(err) != errs.Invalid {
				t.Fatalf("decline with a bad note: %v", err)
			}
		}
		if _, err := s.ResolveFlags(ctx, mod, 999999, nil, 0, true, "Thanks."); code(err) != errs.NotFound {
			t.Fatalf("helpful for nothing with a note: %v", err)
		}
		if got := flagStates(t, st); got != "helpful helpful declined pending" {
			t.Fatalf("states %q, want helpful helpful declined pending", got)
		}
		var audit []store.AuditEntry
		st.DB.Where("action LIKE 'flags.%'").Find(&audit)
		if len(audit) != 1 || audit[0].Action != "flags.decline" || audit[0].Detail != "comment #"+itoa(c.ID)+": rude" {
			t.Fatalf("audit: %+v", audit)
		}
		if queue, err := s.Flags(ctx, mod, 1, 20); err != nil || queue.Total != 1 || len(queue.Items[0].Flags) != 1 || queue.Items[0].Flags[0].ID != late.ID {
			t.Fatalf("queue after: %+v %v", queue, err)
		}
		// Flagging the deleted answer is refused.
		if _, err := s.FlagPost(ctx, cy, a.ID, qa.FlagInput{Reason: qa.FlagSpam}); code(err) != errs.NotFound {
			t.Fatalf("flag a deleted post: %v", err)
		}
		// Its author deleting the comment resolves nothing: restored, it is
		// in the queue again. A moderator's deletion marks the flag helpful.
		if err := s.DeleteComment(ctx, bob, c.ID); err != nil {
			t.Fatal(err)
		}
		if got := flagStates(t, st); got != "helpful helpful declined pending" {
			t.Fatalf("after the author's deletion: %q", got)
		}
		if err := s.UndeleteComment(ctx, mod, c.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.PendingFlags(ctx); err != nil || n != 1 {
			t.Fatalf("pending after restoring the comment: %d %v", n, err)
		}
		if err := s.DeleteComment(ctx, mod, c.ID); err != nil {
			t.Fatal(err)
		}
		if got := flagStates(t, st); got != "helpful helpful declined helpful" {
			t.Fatalf("after the moderator's deletion: %q", got)
		}
	})
}

// TestFlagsSurviveTheAuthorsDeletion: an author cannot clear the flags on
// their post by deleting and restoring it; a moderator's deletion of a
// question resolves the flags on its answers too.
func TestFlagsSurviveTheAuthorsDeletion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := ask(t, s, ada, "Printer on the third floor prints blank pages", "printer")
		a, err := s.Answer(ctx, bob, q.ID, "Cheap watches at example.com, best prices, click now!")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.FlagPost(ctx, ada, a.ID, qa.FlagInput{Reason: qa.FlagSpam, Note: "  \r\n "}); err != nil {
			t.Fatalf("spam with a blank note: %v", err)
		}
		if err := s.Delete(ctx, bob, a.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.PendingFlags(ctx); n != 0 {
			t.Fatalf("a deleted answer is in the queue: %d", n)
		}
		if err := s.Undelete(ctx, bob, a.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.PendingFlags(ctx); err != nil || n != 1 {
			t.Fatalf("after bob deleted and restored his answer: %d pending, %v; want 1", n, err)
		}
		var note string
		st.DB.Model(&store.Flag{}).Select("note").Take(&note)
		if note != "" {
			t.Errorf("a blank note stored as %q", note)
		}
		if _, err := s.FlagPost(ctx, bob, q.ID, qa.FlagInput{Reason: qa.FlagOther, Note: "  A question copied from another site.  "}); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, mod, q.ID); err != nil {
			t.Fatal(err)
		}
		if got := flagStates(t, st); got != "helpful helpful" {
			t.Fatalf("after the moderator deleted the question: %q, want both flags helpful", got)
		}
		st.DB.Model(&store.Flag{}).Where("post_id = ?", q.ID).Select("note").Take(&note)
		if note != "A question copied from another site." {
			t.Errorf("note stored as %q, want it without the space around it", note)
		}
	})
}

func flagStates(t *testing.T, st *store.Store) string {
	t.Helper()
	var states []string
	if err := st.DB.Model(&store.Flag{}).Order("id").Pluck("status", &states).Error; err != nil {
		t.Fatal(err)
	}
	return strings.Join(states, " ")
}

// TestFlagsPerDay: a member raises at most the configured number of flags in 24 hours.
func TestFlagsPerDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		s := newService(st)
		s.Now = func() time.Time { return now }
		s.FlagsPerDay = 3
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		var ids []int64
		for i := range s.FlagsPerDay + 1 {
			ids = append(ids, ask(t, s, bob, "Printer on floor "+itoa(int64(i+1))+" prints blank pages", "printer").ID)
		}
		for _, id := range ids[:s.FlagsPerDay] {
			if _, err := s.FlagPost(ctx, ada, id, qa.FlagInput{Reason: qa.FlagSpam}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.FlagPost(ctx, ada, ids[s.FlagsPerDay], qa.FlagInput{Reason: qa.FlagSpam}); code(err) != errs.RateLimited {
			t.Fatalf("flag %d of the day: %v, want rate limited", s.FlagsPerDay+1, err)
		}
		now = now.Add(24*time.Hour + time.Second)
		if _, err := s.FlagPost(ctx, ada, ids[s.FlagsPerDay], qa.FlagInput{Reason: qa.FlagSpam}); err != nil {
			t.Fatalf("a day later: %v", err)
		}
	})
}

func flagErr(_ *store.Flag, err error) error { return err }

func count(t *testing.T, st *store.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := st.DB.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
