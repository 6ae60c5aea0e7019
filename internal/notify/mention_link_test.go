package notify_test

import (
	"context"
	"strconv"
	"testing"

	"gorm.io/gorm"

	"stackdesk/internal/notify"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestHandWrittenMentionLinkNotifiesNobody: a link written by hand to a
// person's page with their @name as its text notifies nobody, on a new
// post or by an edit; an edit of a post stored before mention links were
// marked does not tell the people it mentioned already again.
func TestHandWrittenMentionLinkNotifiesNobody(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(st)
		ada, bob, cyd := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cyd")
		bobPage := "/users/" + strconv.FormatInt(bob.ID, 10)
		q := f.ask(t, ada, "VPN drops hourly. See [@bob](/users/999) and [@bob]("+bobPage+") for what they found.")
		if n := f.all(t); len(n) != 0 {
			t.Fatalf("a hand-written link notified: %v", n)
		}
		// Stored before mention links were marked: @cyd linked without the mark.
		legacy := `<p>Ask <a href="/users/` + strconv.FormatInt(cyd.ID, 10) + `">@cyd</a> about it.</p>`
		q.BodyMarkdown = "Ask @cyd about it, and @bob too."
		q.BodyHTML = `<p>Ask <a href="/users/` + strconv.FormatInt(cyd.ID, 10) + `" class="mention">@cyd</a> about it, and <a href="` + bobPage + `" class="mention">@bob</a> too.</p>`
		err := st.Tx(context.Background(), func(tx *gorm.DB) error {
			return notify.Edited(tx, q, "Ask @cyd about it.", legacy, ada.ID, f.now)
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []got{{"bob", "mention"}}; !same(f.all(t), want) {
			t.Fatalf("after the edit: %v, want %v", f.all(t), want)
		}
	})
}
