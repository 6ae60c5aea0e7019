package notify_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"stackdesk/internal/i18n"
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

// TestDeletedPostRejectsItsWaitingSuggestion: deleting a post rejects the
// suggested edit waiting for it (and a question's deletion those of its
// answers), as the post was deleted, by whoever deleted it; the authors'
// edit_suggested notices of them read as read and leave the mail queue.
// Restored, the post has no suggestion waiting: the review queue never
// shows them again, and a new one may be suggested. Suggestions of other
// posts wait on.
func TestDeletedPostRejectsItsWaitingSuggestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		rev := f.user(t, "rev")
		if err := st.DB.Model(rev).Update("reputation", 600).Error; err != nil {
			t.Fatal(err)
		}
		rev.Reputation = 600
		q, other := f.ask(t, ada, "Question."), f.ask(t, ada, "Another question.")
		a, b := f.answer(t, cy, q, "An answer to the question."), f.answer(t, cy, other, "An answer to the other question.")
		suggest := func(p *store.Post) (int64, error) {
			t.Helper()
			cur, err := f.qa.Post(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			body := cur.BodyMarkdown + " Clearer now."
			sug, err := f.qa.Suggest(ctx, bob, p.ID, qa.EditInput{Body: &body})
			if err != nil {
				return 0, err
			}
			return sug.ID, nil
		}
		sugs := map[int64]int64{}
		for _, p := range []*store.Post{q, a, other, b} {
			id, err := suggest(p)
			if err != nil {
				t.Fatal(err)
			}
			sugs[p.ID] = id
		}
		// state is a suggestion's status, reason and reviewer, and whether
		// the notice of it is unread and left to mail.
		state := func(p *store.Post) string {
			t.Helper()
			var sg store.SuggestedEdit
			if err := st.DB.Where("id = ?", sugs[p.ID]).Take(&sg).Error; err != nil {
				t.Fatal(err)
			}
			var unread, unmailed int64
			note := st.DB.Model(&notify.Notification{}).Where("post_id = ? AND type = ?", p.ID, notify.TypeEditSuggested)
			if err := note.Session(&gorm.Session{}).Where("read_at IS NULL").Count(&unread).Error; err != nil {
				t.Fatal(err)
			}
			if err := note.Session(&gorm.Session{}).Where("emailed_at IS NULL").Count(&unmailed).Error; err != nil {
				t.Fatal(err)
			}
			by := ""
			if sg.ReviewedBy != nil {
				by = " by " + itoa(*sg.ReviewedBy)
			}
			return fmt.Sprintf("%s %s%s, unread %d, unmailed %d", sg.Status, sg.RejectReason, by, unread, unmailed)
		}
		waitingState := "pending , unread 1, unmailed 1"
		rejected := func(u *store.User) string { return "rejected post_deleted by " + itoa(u.ID) + ", unread 0, unmailed 0" }
		queue := func() []int64 {
			t.Helper()
			items, total, err := f.qa.ReviewQueue(ctx, rev, 1, 20)
			if err != nil || int(total) != len(items) {
				t.Fatalf("review queue: %v (total %d of %d)", err, total, len(items))
			}
			var ids []int64
			for _, it := range items {
				ids = append(ids, it.PostID)
			}
			return ids
		}

		// Its author deletes an answer.
		if err := f.qa.Delete(ctx, cy, b.ID); err != nil {
			t.Fatal(err)
		}
		if got := state(b); got != rejected(cy) {
			t.Fatalf("the deleted answer's suggestion: %s, want %s", got, rejected(cy))
		}
		// A moderator deletes a question: its answer's suggestion goes too.
		if err := f.qa.Delete(ctx, mod, q.ID); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*store.Post{q, a} {
			if got := state(p); got != rejected(mod) {
				t.Fatalf("post %d of the deleted question: %s, want %s", p.ID, got, rejected(mod))
			}
		}
		if got := state(other); got != waitingState {
			t.Fatalf("the other question's suggestion: %s, want %s", got, waitingState)
		}
		// Whoever suggested them is told, as after a reviewer's rejection,
		// that the post was deleted, and by whom; the deleted answer's
		// notice leads to its question, the deleted question's to the inbox.
		var told []notify.Notification
		if err := st.DB.Where("user_id = ? AND type = ?", bob.ID, notify.TypeEditRejected).Order("id").Find(&told).Error; err != nil {
			t.Fatal(err)
		}
		summary := func(ns []notify.Notification) string {
			var out []string
			for _, n := range ns {
				out = append(out, fmt.Sprintf("post %d by %d (%s)", *n.PostID, *n.ActorID, n.Reason))
			}
			return strings.Join(out, ", ")
		}
		want := fmt.Sprintf("post %d by %d (post_deleted), post %d by %d (post_deleted), post %d by %d (post_deleted)", b.ID, cy.ID, q.ID, mod.ID, a.ID, mod.ID)
		if got := summary(told); got != want {
			t.Fatalf("bob is told: %s, want %s", got, want)
		}
		in, err := f.notes.Inbox(ctx, bob.ID, 1, 10)
		if err != nil {
			t.Fatal(err)
		}
		cat := i18n.MustLoad()
		urls := map[int64]string{}
		for i := range in.Items {
			it := &in.Items[i]
			if it.Type != notify.TypeEditRejected {
				continue
			}
			urls[*it.PostID] = it.URL()
			actor := map[int64]string{cy.ID: "cy", mod.ID: "mod ♦"}[*it.ActorID] // a moderator's name carries a ♦
			for lang, line := range map[string]string{
				"en": actor + " deleted the post, so your suggested edit of it was rejected",
				"de": actor + " hat den Beitrag gelöscht, daher wurde Ihre vorgeschlagene Bearbeitung abgelehnt",
			} {
				if got := notify.Line(cat.T, lang, it); got != line {
					t.Fatalf("%s line of post %d: %q, want %q", lang, *it.PostID, got, line)
				}
			}
		}
		if want := map[int64]string{b.ID: "/questions/" + itoa(other.ID), q.ID: "/inbox", a.ID: "/inbox"}; fmt.Sprint(urls) != fmt.Sprint(want) {
			t.Fatalf("the notices lead to %v, want %v", urls, want)
		}
		// Restored, nothing of theirs waits; a new suggestion may.
		for _, p := range []*store.Post{q, b} {
			if err := f.qa.Undelete(ctx, mod, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		if got := queue(); fmt.Sprint(got) != fmt.Sprint([]int64{other.ID}) {
			t.Fatalf("review queue after the posts are restored: posts %v, want only %d", got, other.ID)
		}
		for _, p := range []*store.Post{q, a, b} {
			if w, err := f.qa.PendingSuggestion(ctx, p.ID); err != nil || w != nil {
				t.Fatalf("post %d restored: suggestion %+v waiting (%v)", p.ID, w, err)
			}
		}
		if _, err := suggest(q); err != nil {
			t.Fatalf("suggest again on the restored question: %v", err)
		}
	})
}
