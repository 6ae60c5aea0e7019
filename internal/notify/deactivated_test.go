package notify_test

import (
	"context"
	"testing"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestDeactivatedAccountsGetNoNotifications: nothing lands in the inbox of a
// deactivated account, whichever way it would have (following the question,
// a mention, a comment on its post, a followed tag, a suggestion rejected
// with its deleted post), while the active people of the same event are told
// as before; reactivated, the account is told again.
func TestDeactivatedAccountsGetNoNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy, dee, eve := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy"), f.user(t, "dee"), f.user(t, "eve")
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := f.ask(t, ada, "Question.")
		if err := f.notes.SetTagFollow(ctx, bob, "vpn", true); err != nil {
			t.Fatal(err)
		}
		a := f.answer(t, cy, q, "First answer.")
		body := a.BodyMarkdown + " Clearer now."
		if _, err := f.qa.Suggest(ctx, dee, a.ID, qa.EditInput{Body: &body}); err != nil {
			t.Fatal(err)
		}
		setActive := func(active bool, us ...*store.User) {
			t.Helper()
			var at any
			if !active {
				at = f.now
			}
			for _, u := range us {
				if err := st.DB.Model(u).Update("deactivated_at", at).Error; err != nil {
					t.Fatal(err)
				}
			}
		}
		setActive(false, ada, bob, dee)
		before := len(f.all(t))
		since := func() []got {
			t.Helper()
			all := f.all(t)
			out := all[before:]
			before = len(all)
			return out
		}

		// An answer to ada's question mentioning bob and eve: eve alone hears.
		f.answer(t, cy, q, "Ask @bob or @eve.")
		if have, want := since(), []got{{"eve", "mention"}}; !same(have, want) {
			t.Fatalf("after the answer: %v, want %v", have, want)
		}
		// A comment on ada's question mentioning bob: nobody.
		if _, err := f.qa.AddComment(ctx, cy, q.ID, "Maybe @bob knows more about this."); err != nil {
			t.Fatal(err)
		}
		// A new question in bob's followed tag: nobody.
		f.ask(t, cy, "Another VPN problem.")
		if have := since(); len(have) != 0 {
			t.Fatalf("deactivated accounts were notified: %v", have)
		}
		// The answer dee suggested an edit of is deleted by a moderator:
		// its author cy hears, dee not of the rejected suggestion.
		if err := f.qa.Delete(ctx, mod, a.ID); err != nil {
			t.Fatal(err)
		}
		if have, want := since(), []got{{"cy", "deleted"}}; !same(have, want) {
			t.Fatalf("after the deletion: %v, want %v", have, want)
		}

		// Reactivated, ada hears of the next answer.
		setActive(true, ada)
		f.answer(t, eve, q, "Another answer.")
		if have := since(); len(have) == 0 || have[0] != (got{"ada", "answer"}) {
			t.Fatalf("after reactivating: %v, want ada told of the answer", have)
		}
	})
}
