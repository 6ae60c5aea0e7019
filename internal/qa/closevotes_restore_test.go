package qa_test

import (
	"context"
	"fmt"
	"testing"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestCloseVotesRecountOnRestore: duplicate votes whose question was
// deleted stand again when it is restored, and a question they now give
// three standing votes closes in the restoring transaction as a vote
// closes it (for the verdict of its votes, every standing voter a closer
// on record, the last of them its closer, the asker told once); one with
// fewer stays open, a deleted one waits until it is restored itself.
func TestCloseVotesRecountOnRestore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		v1, v2, v3 := voter(t, st, "v1"), voter(t, st, "v2"), voter(t, st, "v3")
		orig := answered(t, s, ada, mod, "Booking a parking spot at the office")
		q1 := ask(t, s, ada, "How do I book a parking space?", "parking")
		q2 := ask(t, s, ada, "Where do I reserve parking for a visitor?", "parking")
		q3 := ask(t, s, ada, "Can I book parking a week ahead?", "parking")
		vote := func(u *store.User, q *store.Post, in qa.CloseInput) {
			t.Helper()
			if err := s.CastCloseVote(ctx, u, q.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		dup := qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: orig.ID}
		for _, q := range []*store.Post{q1, q2, q3} {
			vote(v1, q, dup)
			vote(v2, q, dup)
		}
		if err := s.Delete(ctx, mod, orig.ID); err != nil {
			t.Fatal(err)
		}
		vote(v3, q1, qa.CloseInput{Reason: "unclear"})
		vote(v3, q3, qa.CloseInput{Reason: "unclear"})
		if err := s.Delete(ctx, mod, q3.ID); err != nil {
			t.Fatal(err)
		}
		if cv := closeVoteCount(t, s, v3, q1.ID); cv.Count != 1 || reread(t, st, q1.ID).ClosedAt != nil {
			t.Fatalf("before the restoring: %+v, closed %v", cv, reread(t, st, q1.ID).ClosedAt)
		}

		if err := s.Undelete(ctx, mod, orig.ID); err != nil {
			t.Fatal(err)
		}
		closedByVotes(t, st, s, ada, q1, orig, v1, v2, v3)
		if p := reread(t, st, q2.ID); p.ClosedAt != nil {
			t.Fatal("two standing votes closed a question")
		}
		if cv := closeVoteCount(t, s, v1, q2.ID); cv.Count != 2 || cv.Mine == nil || cv.MineStale {
			t.Fatalf("two restored votes read %+v", cv)
		}
		if p := reread(t, st, q3.ID); p.ClosedAt != nil {
			t.Fatal("a deleted question was closed")
		}
		if err := s.Undelete(ctx, mod, q3.ID); err != nil {
			t.Fatal(err)
		}
		closedByVotes(t, st, s, ada, q3, orig, v1, v2, v3)
		// q2 waits for an answer, the closed ones no longer do.
		if got := counter(t, st, "unanswered"); got != 1 {
			t.Fatalf("unanswered counter %d, want 1", got)
		}
	})
}

// closedByVotes fails unless q is closed as a duplicate of orig by the
// votes of voters (in order), as a vote closes it.
func closedByVotes(t *testing.T, st *store.Store, s *qa.Service, asker *store.User, q, orig *store.Post, voters ...*store.User) {
	t.Helper()
	p := reread(t, st, q.ID)
	last := voters[len(voters)-1].ID
	if p.ClosedAt == nil || p.ClosedReason != qa.CloseDuplicate || p.DuplicateOfID == nil || *p.DuplicateOfID != orig.ID || p.ClosedBy == nil || *p.ClosedBy != last {
		t.Fatalf("question %d: closed %v as %q of %v by %v, want a duplicate of %d by %d", q.ID, p.ClosedAt, p.ClosedReason, p.DuplicateOfID, p.ClosedBy, orig.ID, last)
	}
	ids, err := s.Closers(context.Background(), p)
	if err != nil || len(ids) != len(voters) {
		t.Fatalf("closers %v (%v), want %d", ids, err, len(voters))
	}
	for i, v := range voters {
		if ids[i] != v.ID {
			t.Fatalf("closers %v, want voters in order", ids)
		}
	}
	var audited int64
	detail := fmt.Sprintf("duplicate of %d (by %d close votes)", orig.ID, len(voters))
	if err := st.DB.Model(&store.AuditEntry{}).Where("action = 'close' AND target_id = ? AND detail = ?", q.ID, detail).Count(&audited).Error; err != nil || audited != int64(len(voters)) {
		t.Fatalf("%d closings on record (%v), want %d", audited, err, len(voters))
	}
	var told int64
	if err := st.DB.Table("notifications").Where("user_id = ? AND type = 'closed' AND question_id = ? AND actor_id IS NULL", asker.ID, q.ID).Count(&told).Error; err != nil || told != 1 {
		t.Fatalf("asker told of the closing %d times (%v), want once", told, err)
	}
	var open int64
	if err := st.DB.Model(&store.CloseVote{}).Where("question_id = ? AND ended_at IS NULL", q.ID).Count(&open).Error; err != nil || open != 0 {
		t.Fatalf("%d votes still open (%v)", open, err)
	}
}
