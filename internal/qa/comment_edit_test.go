package qa_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestEditComments: a comment's author edits it for five minutes after
// writing it, then no more; a moderator edits any live comment, on record
// with the text it had; nobody else edits it. An edit keeps the comment's
// place and date, marks it edited and renders it again; bad text is refused
// and changes nothing; a deleted comment, or one of a deleted post, cannot
// change.
func TestEditComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		s := &qa.Service{Store: st, Now: func() time.Time { return now }, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := ask(t, s, ada, "VPN client hangs at connecting", "vpn")
		c, err := s.AddComment(ctx, bob, q.ID, "Which VPN clinet version is it?")
		if err != nil {
			t.Fatal(err)
		}
		created := c.CreatedAt

		now = now.Add(4 * time.Minute)
		got, err := s.EditComment(ctx, bob, c.ID, "Which **VPN client** version is it?")
		if err != nil {
			t.Fatal(err)
		}
		var row store.Comment
		if err := st.DB.Where("id = ?", c.ID).Take(&row).Error; err != nil {
			t.Fatal(err)
		}
		if row.Body != "Which **VPN client** version is it?" || !strings.Contains(row.BodyHTML, "<strong>VPN client</strong>") ||
			row.EditedAt == nil || !row.EditedAt.Equal(now) || !row.CreatedAt.Equal(created) || got.EditedAt == nil {
			t.Errorf("after the edit: %+v", row)
		}

		for _, bad := range []string{"", "too short", strings.Repeat("x", qa.CommentMax+1), "a\x00b with a NUL character"} {
			if _, err := s.EditComment(ctx, bob, c.ID, bad); !errs.Is(err, errs.Invalid) {
				t.Errorf("EditComment(%.20q) = %v, want invalid", bad, err)
			}
		}
		if _, err := s.EditComment(ctx, ada, c.ID, "Which VPN client version do you use?"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("someone else's edit = %v, want forbidden", err)
		}
		if _, err := s.EditComment(ctx, nil, c.ID, "Which VPN client version do you use?"); !errs.Is(err, errs.Unauthorized) {
			t.Errorf("a visitor's edit = %v, want unauthorized", err)
		}

		now = created.Add(qa.CommentEditWindow)
		_, err = s.EditComment(ctx, bob, c.ID, "Which VPN client version do you use?")
		if e := errs.As(err); e == nil || e.Code != errs.Forbidden || e.Msg.ID != "comment.edit_window" {
			t.Errorf("an edit after five minutes = %v, want comment.edit_window", err)
		}
		if qa.MayEditComment(bob, &row, now) || !qa.MayEditComment(mod, &row, now) {
			t.Error("MayEditComment disagrees with EditComment")
		}

		// A moderator, any time, on record.
		now = now.Add(24 * time.Hour)
		if _, err := s.EditComment(ctx, mod, c.ID, "Which VPN client version is it? [removed a phone number]"); err != nil {
			t.Fatal(err)
		}
		var audit []store.AuditEntry
		if err := st.DB.Where("action = ?", "comment.edit").Find(&audit).Error; err != nil {
			t.Fatal(err)
		}
		if len(audit) != 1 || audit[0].ActorID == nil || *audit[0].ActorID != mod.ID || !strings.Contains(audit[0].Detail, "**VPN client**") {
			t.Errorf("audit = %+v, want one comment.edit by the moderator with the text it had", audit)
		}
		var n int64
		st.DB.Model(&store.Comment{}).Where("post_id = ?", q.ID).Count(&n)
		if n != 1 {
			t.Errorf("%d comments, want the one edited", n)
		}

		// Deleted: no edits.
		if err := s.DeleteComment(ctx, mod, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EditComment(ctx, mod, c.ID, "Which VPN client version is it, again?"); !errs.Is(err, errs.NotFound) {
			t.Errorf("editing a deleted comment = %v, want not found", err)
		}
		c2, err := s.AddComment(ctx, bob, q.ID, "Does it hang on the office network too?")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, mod, q.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EditComment(ctx, mod, c2.ID, "Does it hang on the office network as well?"); !errs.Is(err, errs.Conflict) {
			t.Errorf("editing a comment of a deleted post = %v, want conflict", err)
		}
	})
}
