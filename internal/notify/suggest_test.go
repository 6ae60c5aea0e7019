package notify_test

import (
	"context"
	"testing"

	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestSettledSuggestionLeavesTheAuthorsUnread: once a suggested edit stops
// waiting (approved by a privileged reviewer, rejected, withdrawn, or closed
// by a direct edit), the author's edit_suggested notification about it reads
// as read and no longer counts as unread; their other notifications, and
// those about a suggestion still waiting on another post, stay unread.
func TestSettledSuggestionLeavesTheAuthorsUnread(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		rev := f.user(t, "rev")
		if err := st.DB.Model(rev).Update("reputation", 600).Error; err != nil {
			t.Fatal(err)
		}
		rev.Reputation = 600
		q := f.ask(t, ada, "Question.")
		other := f.ask(t, ada, "Another question.")
		f.answer(t, cy, q, "An answer.") // an answer notification, which stays unread
		suggest := func(p *store.Post, text string) int64 {
			t.Helper()
			cur, err := f.qa.Post(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			b := cur.BodyMarkdown + " " + text
			sug, err := f.qa.Suggest(ctx, bob, p.ID, qa.EditInput{Body: &b})
			if err != nil {
				t.Fatal(err)
			}
			return sug.ID
		}
		// waiting reports ada's unread count and whether an edit_suggested
		// notification of the post is still unread.
		waiting := func(p *store.Post) (int64, bool) {
			t.Helper()
			in, err := f.notes.Inbox(ctx, ada.ID, 1, 50)
			if err != nil {
				t.Fatal(err)
			}
			unread := false
			for _, it := range in.Items {
				if it.Type == notify.TypeEditSuggested && *it.PostID == p.ID && !it.Read() {
					unread = true
				}
			}
			return in.Unread, unread
		}
		suggest(other, "Waiting on another post.")
		steps := []struct {
			name   string
			settle func(id int64) error
		}{
			{"approved", func(id int64) error { _, err := f.qa.ApproveSuggestion(ctx, rev, id); return err }},
			{"rejected", func(id int64) error { return f.qa.RejectSuggestion(ctx, rev, id, qa.RejectIntent, "") }},
			{"withdrawn", func(id int64) error { return f.qa.WithdrawSuggestion(ctx, bob, id) }},
			{"closed by an edit", func(int64) error {
				cur, err := f.qa.Post(ctx, q.ID)
				if err != nil {
					return err
				}
				b := cur.BodyMarkdown + " Edited directly."
				_, err = f.qa.Edit(ctx, rev, q.ID, qa.EditInput{Body: &b})
				return err
			}},
		}
		for i, step := range steps {
			id := suggest(q, "Suggestion "+itoa(int64(i))+".")
			before, open := waiting(q)
			if !open {
				t.Fatalf("%s: the new suggestion's notification is not unread", step.name)
			}
			if err := step.settle(id); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			after, open := waiting(q)
			if open || after != before-1 {
				t.Fatalf("%s: unread %d → %d, notification still unread %v", step.name, before, after, open)
			}
			if _, open := waiting(other); !open {
				t.Fatalf("%s: the notification of the suggestion waiting on another post was marked read", step.name)
			}
		}
		// ada's answer notification and the other post's suggestion stay unread.
		if n, _ := waiting(q); n != 2 {
			t.Fatalf("unread at the end: %d, want 2", n)
		}
		// The settled ones leave the mail queue too; the waiting one stays in it.
		unmailed := func(p *store.Post) int64 {
			var n int64
			if err := st.DB.Model(&notify.Notification{}).Where("post_id = ? AND type = ? AND emailed_at IS NULL", p.ID, notify.TypeEditSuggested).
				Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n, m := unmailed(q), unmailed(other); n != 0 || m != 1 {
			t.Fatalf("edit_suggested notifications left to mail: %d of settled suggestions (want 0), %d of the waiting one (want 1)", n, m)
		}
	})
}
