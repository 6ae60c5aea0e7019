package qa_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestMentionsOfARenamedUserKeepTheirLinks: a mention links to the person's
// page by id. When that person's username changes afterwards (claiming an
// imported account renames one that claims a role, "admin-t2h" to
// "user-ID"), an edit of the question or the comment renders the text again
// and the "@admin-t2h" it still holds keeps linking to them, even once
// someone else has the old name; a mention written anew of a name is
// looked up among today's usernames, as before.
func TestMentionsOfARenamedUserKeepTheirLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		s := &qa.Service{Store: st, Now: func() time.Time { return now }, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		tom := storetest.User(t, st, "admin-t2h", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		link := func(id int64, name string) string {
			return `<a href="/users/` + strconv.FormatInt(id, 10) + `" class="mention">@` + name + `</a>`
		}
		q, err := s.Ask(ctx, ada, qa.QuestionInput{Title: "Printer queue stuck on the third floor",
			Body: "The queue holds every job since Monday; @admin-t2h set it up. What should I check first?", Tags: []string{"printing"}})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.AddComment(ctx, ada, q.ID, "Asked @admin-t2h about the driver version too.")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(q.BodyHTML, link(tom.ID, "admin-t2h")) || !strings.Contains(c.BodyHTML, link(tom.ID, "admin-t2h")) {
			t.Fatalf("the mention is not linked when written:\n%s\n%s", q.BodyHTML, c.BodyHTML)
		}

		// The account is renamed, as claiming it renames a username that
		// claims a role, and later a staff account takes the old name.
		renamed := "user-" + strconv.FormatInt(tom.ID, 10)
		if err := st.DB.Model(&store.User{}).Where("id = ?", tom.ID).Update("username", renamed).Error; err != nil {
			t.Fatal(err)
		}
		bodies := []string{
			"The queue holds every job since Monday; @admin-t2h set it up. Which service should I restart? @bob",
			"The queue holds every job since Monday; @admin-t2h set it up. Which service should I restart first? @bob",
		}
		var staff *store.User
		for i, b := range bodies {
			if i == 1 {
				email := "t2h-admin@example.com"
				staff = &store.User{Username: "admin-t2h", DisplayName: "T2H Admin", Email: &email, Role: store.RoleAdmin,
					Reputation: 1, CreatedAt: now, UpdatedAt: now}
				if err := st.DB.Create(staff).Error; err != nil {
					t.Fatal(err)
				}
			}
			now = now.Add(time.Minute)
			b := b
			if _, err := s.Edit(ctx, ada, q.ID, qa.EditInput{Body: &b}); err != nil {
				t.Fatal(err)
			}
			var p store.Post
			if err := st.DB.First(&p, q.ID).Error; err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.BodyHTML, link(tom.ID, "admin-t2h")) || !strings.Contains(p.BodyHTML, link(bob.ID, "bob")) {
				t.Errorf("edit %d: the mentions are not linked to the people they name:\n%s", i+1, p.BodyHTML)
			}
		}
		if _, err := s.EditComment(ctx, ada, c.ID, "Asked @admin-t2h about the driver version and the queue."); err != nil {
			t.Fatal(err)
		}
		var row store.Comment
		if err := st.DB.First(&row, c.ID).Error; err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(row.BodyHTML, link(tom.ID, "admin-t2h")) {
			t.Errorf("the edited comment's mention is not linked to whom it named:\n%s", row.BodyHTML)
		}

		// New text names whoever has the name today.
		a, err := s.Answer(ctx, bob, q.ID, "Restart the spooler; @"+renamed+" and @admin-t2h can do it remotely if you ask.")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.BodyHTML, link(staff.ID, "admin-t2h")) || !strings.Contains(a.BodyHTML, link(tom.ID, renamed)) {
			t.Errorf("a new answer's mentions:\n%s", a.BodyHTML)
		}
	})
}

// TestUpgradeKeepsMentionsOfARenamedUser: a comment rendered again by a
// newer renderer keeps the link its mention of a since renamed user had.
func TestUpgradeKeepsMentionsOfARenamedUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		tom := storetest.User(t, st, "user-77", store.RoleUser) // was admin-t2h
		q := ask(t, s, ada, "Which laptop models can we order?", "laptops")
		link := `<a href="/users/` + strconv.FormatInt(tom.ID, 10) + `" class="mention">@admin-t2h</a>`
		old := store.Comment{PostID: q.ID, OwnerID: &ada.ID, CreatedAt: time.Now(),
			Body:     "@admin-t2h see ![list](https://example.com/list.png)",
			BodyHTML: `<p>` + link + ` see <img src="https://example.com/list.png" alt="list"></p>`}
		if err := st.DB.Create(&old).Error; err != nil {
			t.Fatal(err)
		}
		if n, err := s.UpgradeRendered(ctx); err != nil || n != 1 {
			t.Fatalf("rendered %d (%v), want the one comment", n, err)
		}
		var got store.Comment
		if err := st.DB.Where("id = ?", old.ID).Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got.BodyHTML, "<img") || !strings.Contains(got.BodyHTML, link) {
			t.Errorf("comment HTML after the upgrade: %s", got.BodyHTML)
		}
	})
}
