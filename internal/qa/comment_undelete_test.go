package qa_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"stackdesk/internal/consistency"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestModeratorsRestoreComments: a deleted comment shows on its thread to
// moderators and admins alone, not even to its author; only they restore it
// (others are refused without learning whether it exists), which counts it
// on its post again and is on record, with its text, when the comment is
// someone else's. A second restoring changes nothing, and every cached
// count agrees with a recount.
func TestModeratorsRestoreComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		admin := storetest.User(t, st, "root", store.RoleAdmin)
		q := ask(t, s, ada, "VPN client hangs at connecting", "vpn")
		kept, err := s.AddComment(ctx, bob, q.ID, "Which VPN client version is it?")
		if err != nil {
			t.Fatal(err)
		}
		rude, err := s.AddComment(ctx, bob, q.ID, "Just search before you ask, seriously.")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteComment(ctx, mod, rude.ID); err != nil {
			t.Fatal(err)
		}
		commentCount := func() int {
			t.Helper()
			var p store.Post
			if err := st.DB.Where("id = ?", q.ID).Take(&p).Error; err != nil {
				t.Fatal(err)
			}
			return p.CommentCount
		}
		if n := commentCount(); n != 1 {
			t.Fatalf("comment count after the deletion = %d, want 1", n)
		}

		// Who sees the deleted comment on the thread.
		for _, c := range []struct {
			who  string
			u    *store.User
			sees bool
		}{{"a visitor", nil, false}, {"the asker", ada, false}, {"its author", bob, false}, {"a moderator", mod, true}, {"an admin", admin, true}} {
			th, err := s.ThreadFor(ctx, q.ID, c.u)
			if err != nil {
				t.Fatal(err)
			}
			var found *store.Comment
			for _, cm := range th.Comments[q.ID] {
				if cm.ID == rude.ID {
					found = cm
				}
			}
			if (found != nil) != c.sees {
				t.Errorf("%s sees the deleted comment: %v, want %v", c.who, found != nil, c.sees)
			}
			if found != nil && found.DeletedAt == nil {
				t.Errorf("%s sees the deleted comment unmarked", c.who)
			}
		}
		if cs, _, err := s.Comments(ctx, q.ID); err != nil || len(cs) != 1 || cs[0].ID != kept.ID {
			t.Fatalf("live comments = %+v (%v), want the kept one alone", cs, err)
		}

		// Who may restore it.
		for _, c := range []struct {
			who  string
			u    *store.User
			id   int64
			want errs.Code
		}{
			{"a visitor", nil, rude.ID, errs.Unauthorized},
			{"its author", bob, rude.ID, errs.Forbidden},
			{"the asker", ada, rude.ID, errs.Forbidden},
			{"a user, a missing comment", ada, 424242, errs.Forbidden},
			{"a moderator, a missing comment", mod, 424242, errs.NotFound},
		} {
			if err := s.UndeleteComment(ctx, c.u, c.id); errs.CodeOf(err) != c.want {
				t.Errorf("%s restoring: %v, want %s", c.who, err, c.want)
			}
		}
		if n := commentCount(); n != 1 {
			t.Fatalf("comment count after refused restorings = %d, want 1", n)
		}

		for range 2 { // the second click finds it live and leaves it
			if err := s.UndeleteComment(ctx, mod, rude.ID); err != nil {
				t.Fatalf("the moderator restoring: %v", err)
			}
		}
		if n := commentCount(); n != 2 {
			t.Fatalf("comment count after restoring = %d, want 2", n)
		}
		if cs, _, err := s.Comments(ctx, q.ID); err != nil || len(cs) != 2 || cs[1].ID != rude.ID || cs[1].DeletedAt != nil {
			t.Fatalf("live comments after restoring = %+v (%v), want both", cs, err)
		}
		var entries []store.AuditEntry
		if err := st.DB.Where("action = 'comment.undelete'").Find(&entries).Error; err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || *entries[0].ActorID != mod.ID || entries[0].TargetType != "post" || *entries[0].TargetID != q.ID ||
			entries[0].Detail != fmt.Sprintf("#%d: %s", rude.ID, rude.Body) {
			t.Fatalf("restorings in the audit log = %+v, want the moderator's with the comment's text", entries)
		}

		// A moderator restoring their own comment is not on record; an admin
		// restores too.
		own, err := s.AddComment(ctx, mod, q.ID, "Please add the client's log file.")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteComment(ctx, mod, own.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.UndeleteComment(ctx, mod, own.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteComment(ctx, mod, kept.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.UndeleteComment(ctx, admin, kept.ID); err != nil {
			t.Fatalf("an admin restoring: %v", err)
		}
		var n int64
		if err := st.DB.Model(&store.AuditEntry{}).Where("action = 'comment.undelete'").Count(&n).Error; err != nil || n != 2 {
			t.Fatalf("restorings on record = %d (%v), want the moderator's and the admin's of others' comments", n, err)
		}
		if n := commentCount(); n != 3 {
			t.Fatalf("comment count = %d, want 3", n)
		}

		// A comment of a deleted post comes back with its post, not alone.
		a, err := s.Answer(ctx, bob, q.ID, "Reinstall the client from the software centre, then reboot.")
		if err != nil {
			t.Fatal(err)
		}
		onAnswer, err := s.AddComment(ctx, ada, a.ID, "Reinstalling did not help, sadly.")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteComment(ctx, mod, onAnswer.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, mod, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.UndeleteComment(ctx, mod, onAnswer.ID); errs.CodeOf(err) != errs.Conflict {
			t.Fatalf("restoring a comment of a deleted answer: %v, want conflict", err)
		}
		var still store.Comment
		if err := st.DB.Where("id = ?", onAnswer.ID).Take(&still).Error; err != nil || still.DeletedAt == nil {
			t.Fatalf("the refused restoring changed the comment: %+v %v", still, err)
		}
		r, err := consistency.Run(ctx, st, false, time.Now())
		if err != nil || len(r.Drifts) != 0 {
			t.Fatalf("consistency: %v %v", r.Drifts, err)
		}
	})
}
