package qa_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/consistency"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestClosedQuestionsLeaveUnanswered checks that a closed question waits for
// no answer: closing takes it off the unanswered list and counter, reopening
// brings it back, and deleting or restoring a closed question or the answer
// of one does not count it. The counter agrees with a recount throughout.
func TestClosedQuestionsLeaveUnanswered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		unanswered := func(want ...int64) {
			t.Helper()
			l, err := s.Questions(ctx, qa.ListQuery{Sort: qa.SortUnanswered})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, q := range l.Items {
				got = append(got, q.ID)
			}
			if len(got) != len(want) || l.Total != int64(len(want)) || counter(t, st, "unanswered") != int64(len(want)) {
				t.Fatalf("unanswered list %v (total %d, counter %d), want %v", got, l.Total, counter(t, st, "unanswered"), want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("unanswered list %v, want %v", got, want)
				}
			}
			r, err := consistency.Run(ctx, st, false, time.Now())
			if err != nil || len(r.Drifts) != 0 {
				t.Fatalf("consistency: %v %v", r.Drifts, err)
			}
		}
		q1 := ask(t, s, ada, "Which canteen has the best lunch on campus?", "canteen")
		q2 := ask(t, s, ada, "The printer on floor 3 prints blank pages", "printer")
		unanswered(q2.ID, q1.ID)

		closeQ := func(id int64) {
			t.Helper()
			if err := s.Close(ctx, mod, id, qa.CloseInput{Reason: "off-topic"}); err != nil {
				t.Fatal(err)
			}
		}
		closeQ(q1.ID)
		unanswered(q2.ID)
		for range 2 { // the second click finds it open and changes nothing
			if err := s.Reopen(ctx, mod, q1.ID); err != nil {
				t.Fatal(err)
			}
		}
		unanswered(q2.ID, q1.ID)
		var reopened int64
		if err := st.DB.Model(&store.AuditEntry{}).Where("action = 'reopen'").Count(&reopened).Error; err != nil || reopened != 1 {
			t.Fatalf("reopenings on record: %d (%v), want 1", reopened, err)
		}

		// The answer of a closed question: deleting it leaves the question out.
		a, err := s.Answer(ctx, mod, q2.ID, "Replace the toner cartridge; the old one is empty.")
		if err != nil {
			t.Fatal(err)
		}
		unanswered(q1.ID)
		closeQ(q2.ID)
		if err := s.Delete(ctx, mod, a.ID); err != nil {
			t.Fatal(err)
		}
		unanswered(q1.ID)
		if err := s.Undelete(ctx, mod, a.ID); err != nil {
			t.Fatal(err)
		}
		unanswered(q1.ID)
		if err := s.Delete(ctx, mod, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Reopen(ctx, mod, q2.ID); err != nil {
			t.Fatal(err)
		}
		unanswered(q2.ID, q1.ID)

		// A closed question deleted and restored stays out.
		closeQ(q1.ID)
		if err := s.Delete(ctx, mod, q1.ID); err != nil {
			t.Fatal(err)
		}
		unanswered(q2.ID)
		if err := s.Undelete(ctx, mod, q1.ID); err != nil {
			t.Fatal(err)
		}
		unanswered(q2.ID)
	})
}

// TestClosingAnOriginalLeadsItsDuplicatesOn checks that when a question that
// others duplicate is itself closed as a duplicate, those others lead to
// the new original (and are indexed again), so no duplicate points to a
// question that is a duplicate itself.
func TestClosingAnOriginalLeadsItsDuplicatesOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		first := ask(t, s, ada, "The printer on floor 3 prints blank pages", "printer")
		second := ask(t, s, ada, "Printer on the third floor gives empty pages", "printer")
		newest := ask(t, s, ada, "Blank pages from the third-floor printer again", "printer")
		for _, q := range []*store.Post{first, second} {
			if _, err := s.Answer(ctx, mod, q.ID, "Replace the toner cartridge; the old one is empty."); err != nil {
				t.Fatal(err)
			}
		}
		closeDup := func(id, of int64) {
			t.Helper()
			if err := s.Close(ctx, mod, id, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: of}); err != nil {
				t.Fatal(err)
			}
		}
		closeDup(newest.ID, second.ID)
		if err := st.DB.Where("post_id = ?", newest.ID).Delete(&store.SearchOutbox{}).Error; err != nil {
			t.Fatal(err)
		}
		closeDup(second.ID, first.ID)
		var got store.Post
		if err := st.DB.Where("id = ?", newest.ID).Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got.DuplicateOfID == nil || *got.DuplicateOfID != first.ID {
			t.Fatalf("the duplicate of a question closed since leads to %v, want %d", got.DuplicateOfID, first.ID)
		}
		var queued int64
		if err := st.DB.Model(&store.SearchOutbox{}).Where("post_id = ?", newest.ID).Count(&queued).Error; err != nil || queued == 0 {
			t.Fatalf("the re-pointed duplicate is not queued for the index (%d, %v)", queued, err)
		}
		// The asker closing and reopening their own question is not moderation:
		// the audit log has the moderator's two closings alone.
		own := ask(t, s, ada, "Printer on floor three prints nothing at all", "printer")
		if err := s.Close(ctx, ada, own.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: first.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.Reopen(ctx, ada, own.ID); err != nil {
			t.Fatal(err)
		}
		var entries []store.AuditEntry
		if err := st.DB.Where("action IN ('close', 'reopen')").Find(&entries).Error; err != nil || len(entries) != 2 || *entries[0].ActorID != mod.ID || *entries[1].ActorID != mod.ID {
			t.Fatalf("closings on record: %+v (%v), want the moderator's two", entries, err)
		}
	})
}

// TestAskerCannotRepointModeratorsDuplicates: an asker who closes their own
// question as a duplicate passes on only the duplicates they closed
// themselves; those a moderator closed as duplicates of it keep pointing to
// it (the asker could otherwise send them to any answered question, then
// reopen theirs), as they do after the asker reopens.
func TestAskerCannotRepointModeratorsDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		popular := ask(t, s, ada, "How do I reset my Windows password?", "password")
		elsewhere := ask(t, s, bob, "Where do I report sick days?", "hr")
		mine := ask(t, s, ada, "Reset the Windows password from home", "password")
		theirs := ask(t, s, bob, "Forgot the Windows password, what now?", "password")
		for _, q := range []*store.Post{popular, elsewhere} {
			if _, err := s.Answer(ctx, mod, q.ID, "Follow the steps on the intranet page for this, they work."); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(ctx, mod, theirs.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: popular.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(ctx, ada, mine.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: popular.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(ctx, ada, popular.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: elsewhere.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.Reopen(ctx, ada, popular.ID); err != nil {
			t.Fatal(err)
		}
		dupOf := func(q *store.Post) int64 {
			t.Helper()
			var got store.Post
			if err := st.DB.Where("id = ?", q.ID).Take(&got).Error; err != nil || got.DuplicateOfID == nil {
				t.Fatalf("question %d: %v, %+v", q.ID, err, got)
			}
			return *got.DuplicateOfID
		}
		if got := dupOf(theirs); got != popular.ID {
			t.Errorf("the moderator's duplicate now leads to %d, want still %d", got, popular.ID)
		}
		if got := dupOf(mine); got != elsewhere.ID {
			t.Errorf("the asker's own duplicate leads to %d, want %d (passed on)", got, elsewhere.ID)
		}
	})
}
