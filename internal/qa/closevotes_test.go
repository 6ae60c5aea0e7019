package qa_test

import (
	"context"
	"sync"
	"testing"

	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// voter is a member with the reputation to vote to close questions.
func voter(t *testing.T, st *store.Store, name string) *store.User {
	t.Helper()
	u := storetest.User(t, st, name, store.RoleUser)
	u.Reputation = 1000
	if err := st.DB.Model(u).Update("reputation", u.Reputation).Error; err != nil {
		t.Fatal(err)
	}
	return u
}

// wantCode fails unless err is an errs.Error with the code and message id.
func wantCode(t *testing.T, err error, code errs.Code, id string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s %s", code, id)
	}
	e := errs.As(err)
	if e.Code != code || (id != "" && e.Msg.ID != id && !hasField(e, id)) {
		t.Fatalf("error %s %q (%v), want %s %s", e.Code, e.Msg.ID, err, code, id)
	}
}

func hasField(e *errs.Error, id string) bool {
	for _, f := range e.Fields {
		if f.Msg.ID == id {
			return true
		}
	}
	return false
}

// answered asks a question and answers it, so that it can be an original.
func answered(t *testing.T, s *qa.Service, asker, answerer *store.User, title string) *store.Post {
	t.Helper()
	q := ask(t, s, asker, title, "misc")
	if _, err := s.Answer(context.Background(), answerer, q.ID, "Restart the service and clear its cache first; that fixes it."); err != nil {
		t.Fatal(err)
	}
	return q
}

func closeVoteCount(t *testing.T, s *qa.Service, u *store.User, id int64) qa.CloseVotes {
	t.Helper()
	cv, err := s.CloseVotesOf(context.Background(), u, id)
	if err != nil {
		t.Fatal(err)
	}
	return cv
}

func reread(t *testing.T, st *store.Store, id int64) *store.Post {
	t.Helper()
	var p store.Post
	if err := st.DB.Take(&p, id).Error; err != nil {
		t.Fatal(err)
	}
	return &p
}

// TestCloseVotes: members with the privilege vote to close once each, may
// retract while the question is open, and the third vote closes it in its
// transaction for the reason most votes give, with every voter on record
// as a closer and the asker told; a closed or reopened question's votes end.
func TestCloseVotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		low := storetest.User(t, st, "low", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		v1, v2, v3, v4 := voter(t, st, "v1"), voter(t, st, "v2"), voter(t, st, "v3"), voter(t, st, "v4")
		q := ask(t, s, ada, "The VPN client drops every ten minutes", "vpn")
		orig := answered(t, s, ada, mod, "VPN disconnects after a few minutes")
		gone := answered(t, s, ada, mod, "VPN client keeps disconnecting at home")
		if err := s.Delete(ctx, mod, gone.ID); err != nil {
			t.Fatal(err)
		}

		// No privilege, no vote.
		wantCode(t, s.CastCloseVote(ctx, low, q.ID, qa.CloseInput{Reason: "unclear"}), errs.Forbidden, "privilege.vote_close")
		// A duplicate names a live other question.
		for _, bad := range []struct {
			dup int64
			id  string
		}{{q.ID, "field.duplicate_of.self"}, {gone.ID, "field.duplicate_of.not_found"}, {999999, "field.duplicate_of.not_found"}, {0, "field.duplicate_of.required"}} {
			wantCode(t, s.CastCloseVote(ctx, v1, q.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: bad.dup}), errs.Invalid, bad.id)
		}
		wantCode(t, s.CastCloseVote(ctx, v1, q.ID, qa.CloseInput{Reason: "rude"}), errs.Invalid, "field.close_reason.invalid")
		if cv := closeVoteCount(t, s, v1, q.ID); cv.Count != 0 || cv.Mine != nil {
			t.Fatalf("refused votes counted: %+v", cv)
		}

		// One vote a person; retracting it lets them vote again.
		if err := s.CastCloseVote(ctx, v1, q.ID, qa.CloseInput{Reason: "off-topic"}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.CastCloseVote(ctx, v1, q.ID, qa.CloseInput{Reason: "unclear"}), errs.Conflict, "close_vote.twice")
		if cv := closeVoteCount(t, s, v1, q.ID); cv.Count != 1 || cv.Mine == nil || cv.Mine.Reason != "off-topic" || cv.Needed != 3 {
			t.Fatalf("after one vote: %+v", cv)
		}
		if err := s.RetractCloseVote(ctx, v1, q.ID); err != nil {
			t.Fatal(err)
		}
		if cv := closeVoteCount(t, s, v1, q.ID); cv.Count != 0 || cv.Mine != nil {
			t.Fatalf("after retracting: %+v", cv)
		}
		if err := s.CastCloseVote(ctx, v1, q.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: orig.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.CastCloseVote(ctx, v2, q.ID, qa.CloseInput{Reason: "unclear"}); err != nil {
			t.Fatal(err)
		}
		if p := reread(t, st, q.ID); p.ClosedAt != nil {
			t.Fatal("closed by two votes")
		}
		if cv := closeVoteCount(t, s, v3, q.ID); cv.Count != 2 || cv.Mine != nil {
			t.Fatalf("two votes read as %+v", cv)
		}
		// The third closes it as a duplicate: two votes of three say so.
		if err := s.CastCloseVote(ctx, v3, q.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: orig.ID}); err != nil {
			t.Fatal(err)
		}
		p := reread(t, st, q.ID)
		if p.ClosedAt == nil || p.ClosedReason != qa.CloseDuplicate || p.DuplicateOfID == nil || *p.DuplicateOfID != orig.ID || p.ClosedBy == nil || *p.ClosedBy != v3.ID {
			t.Fatalf("after three votes: closed %v reason %q dup %v by %v", p.ClosedAt, p.ClosedReason, p.DuplicateOfID, p.ClosedBy)
		}
		var closers []int64
		if err := st.DB.Model(&store.CloseVote{}).Where("question_id = ? AND closed AND ended_at IS NOT NULL", q.ID).Order("id").Pluck("user_id", &closers).Error; err != nil {
			t.Fatal(err)
		}
		if len(closers) != 3 || closers[0] != v1.ID || closers[1] != v2.ID || closers[2] != v3.ID {
			t.Fatalf("closers %v, want %d %d %d", closers, v1.ID, v2.ID, v3.ID)
		}
		if ids, err := s.Closers(ctx, p); err != nil || len(ids) != 3 || ids[0] != v1.ID || ids[2] != v3.ID {
			t.Fatalf("Closers = %v %v, want the three voters", ids, err)
		}
		var audited []int64
		if err := st.DB.Model(&store.AuditEntry{}).Where("action = 'close' AND target_id = ?", q.ID).Order("actor_id").Pluck("actor_id", &audited).Error; err != nil {
			t.Fatal(err)
		}
		if len(audited) != 3 || audited[0] != v1.ID || audited[2] != v3.ID {
			t.Fatalf("closings on record by %v, want the three voters", audited)
		}
		var told int64
		if err := st.DB.Table("notifications").Where("user_id = ? AND type = 'closed' AND question_id = ? AND actor_id IS NULL", ada.ID, q.ID).Count(&told).Error; err != nil || told != 1 {
			t.Fatalf("asker told of the closing by votes %d times (%v), want once, naming no single voter", told, err)
		}
		if cv := closeVoteCount(t, s, v1, q.ID); cv.Count != 0 || cv.Mine != nil {
			t.Fatalf("a closed question's votes still open: %+v", cv)
		}

		// Closed: no more votes, nor retracting.
		wantCode(t, s.CastCloseVote(ctx, v4, q.ID, qa.CloseInput{Reason: "unclear"}), errs.Conflict, "question.already_closed")
		wantCode(t, s.RetractCloseVote(ctx, v1, q.ID), errs.Conflict, "close_vote.closed")

		// Reopened, it takes votes again; a moderator's vote closes at once
		// and ends the members' votes without making them closers.
		if err := s.Reopen(ctx, mod, q.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.CastCloseVote(ctx, v1, q.ID, qa.CloseInput{Reason: "unclear"}); err != nil {
			t.Fatalf("voting again after reopening: %v", err)
		}
		if err := s.CastCloseVote(ctx, mod, q.ID, qa.CloseInput{Reason: "opinion-based"}); err != nil {
			t.Fatal(err)
		}
		if p := reread(t, st, q.ID); p.ClosedAt == nil || p.ClosedReason != "opinion-based" || *p.ClosedBy != mod.ID {
			t.Fatalf("a moderator's vote left it closed %v for %q", p.ClosedAt, p.ClosedReason)
		}
		var open, overtaken int64
		st.DB.Model(&store.CloseVote{}).Where("question_id = ? AND ended_at IS NULL", q.ID).Count(&open)
		st.DB.Model(&store.CloseVote{}).Where("question_id = ? AND ended_at IS NOT NULL AND NOT closed", q.ID).Count(&overtaken)
		if open != 0 || overtaken != 1 {
			t.Fatalf("after a moderator closed it: %d votes open, %d ended without closing it; want 0 and 1", open, overtaken)
		}
		// The closers are those of the last closing: none for the moderator's.
		if ids, err := s.Closers(ctx, reread(t, st, q.ID)); err != nil || len(ids) != 0 {
			t.Fatalf("closers of a moderator's closing: %v %v", ids, err)
		}
	})
}

// TestCloseVotesMostVotedReason: the closing reason is the one most votes
// give, not the first vote's; a duplicate closes as one of the question
// most duplicate votes name.
func TestCloseVotesMostVotedReason(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		v := []*store.User{voter(t, st, "v1"), voter(t, st, "v2"), voter(t, st, "v3")}
		vote := func(u *store.User, id int64, in qa.CloseInput) {
			t.Helper()
			if err := s.CastCloseVote(ctx, u, id, in); err != nil {
				t.Fatal(err)
			}
		}
		q1 := ask(t, s, ada, "Where is the canteen menu for next week?", "canteen")
		vote(v[0], q1.ID, qa.CloseInput{Reason: "unclear"})
		vote(v[1], q1.ID, qa.CloseInput{Reason: "off-topic"})
		vote(v[2], q1.ID, qa.CloseInput{Reason: "off-topic"})
		if p := reread(t, st, q1.ID); p.ClosedReason != "off-topic" {
			t.Fatalf("closed for %q, want off-topic (two votes of three)", p.ClosedReason)
		}

		a := answered(t, s, ada, mod, "How do I reset my badge PIN?")
		b := answered(t, s, ada, mod, "Badge PIN forgotten, what now?")
		q2 := ask(t, s, ada, "I forgot the PIN of my badge", "badge")
		vote(v[0], q2.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: a.ID})
		vote(v[1], q2.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: b.ID})
		vote(v[2], q2.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: b.ID})
		if p := reread(t, st, q2.ID); p.ClosedReason != qa.CloseDuplicate || p.DuplicateOfID == nil || *p.DuplicateOfID != b.ID {
			t.Fatalf("closed for %q as a duplicate of %v, want of %d (two votes of three)", p.ClosedReason, p.DuplicateOfID, b.ID)
		}
	})
}

// TestCloseVotesAtOnce: votes cast at the same time close the question
// once, by exactly three of them; the others find it closed.
func TestCloseVotesAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		q := ask(t, s, ada, "Which printer prints A3 on floor two?", "printer")
		var voters []*store.User
		for _, n := range []string{"v1", "v2", "v3", "v4", "v5", "v6"} {
			voters = append(voters, voter(t, st, n))
		}
		var wg sync.WaitGroup
		errc := make(chan error, len(voters))
		for _, u := range voters {
			wg.Go(func() { errc <- s.CastCloseVote(ctx, u, q.ID, qa.CloseInput{Reason: "unclear"}) })
		}
		wg.Wait()
		close(errc)
		ok, closed := 0, 0
		for err := range errc {
			switch {
			case err == nil:
				ok++
			case errs.As(err).Msg.ID == "question.already_closed":
				closed++
			default:
				t.Fatalf("vote: %v", err)
			}
		}
		var closers, audited int64
		st.DB.Model(&store.CloseVote{}).Where("question_id = ? AND closed", q.ID).Count(&closers)
		st.DB.Model(&store.AuditEntry{}).Where("action = 'close' AND target_id = ?", q.ID).Count(&audited)
		if ok != 3 || closed != 3 || closers != 3 || audited != 3 || reread(t, st, q.ID).ClosedAt == nil {
			t.Fatalf("%d votes taken, %d refused as closed, %d closers, %d on record; want 3 each and the question closed", ok, closed, closers, audited)
		}
	})
}

// TestDuplicateFlag: a question is flagged as a duplicate of a live other
// question, which the moderators' queue names.
func TestDuplicateFlag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := ask(t, s, ada, "Outlook asks for my password every hour", "outlook")
		orig := answered(t, s, bob, mod, "Outlook keeps prompting for credentials")
		gone := ask(t, s, bob, "Outlook password prompt loops forever", "outlook")
		if err := s.Delete(ctx, mod, gone.ID); err != nil {
			t.Fatal(err)
		}
		a, err := s.Answer(ctx, ada, orig.ID, "Remove the saved credentials in the Windows credential manager.")
		if err != nil {
			t.Fatal(err)
		}
		bare := ask(t, s, bob, "Outlook password prompt after the update", "outlook") // no answer: closing could not send readers there
		for _, bad := range []struct {
			post int64
			in   qa.FlagInput
			id   string
		}{
			{q.ID, qa.FlagInput{Reason: qa.FlagDuplicate}, "field.duplicate_of.required"},
			{q.ID, qa.FlagInput{Reason: qa.FlagDuplicate, DuplicateOf: q.ID}, "field.duplicate_of.self"},
			{q.ID, qa.FlagInput{Reason: qa.FlagDuplicate, DuplicateOf: gone.ID}, "field.duplicate_of.not_found"},
			{q.ID, qa.FlagInput{Reason: qa.FlagDuplicate, DuplicateOf: a.ID}, "field.duplicate_of.not_found"}, // an answer
			{q.ID, qa.FlagInput{Reason: qa.FlagDuplicate, DuplicateOf: bare.ID}, "field.duplicate_of.unanswered"},
			{q.ID, qa.FlagInput{Reason: qa.FlagSpam, DuplicateOf: orig.ID}, "field.duplicate_of.not_duplicate"},
			{a.ID, qa.FlagInput{Reason: qa.FlagDuplicate, DuplicateOf: q.ID}, "field.flag_reason.not_for_answer"}, // answers are no duplicates
			{q.ID, qa.FlagInput{Reason: qa.FlagNotAnAnswer}, "field.flag_reason.not_for_question"},
			{q.ID, qa.FlagInput{Reason: "nonsense"}, "field.flag_reason.invalid"},
		} {
			_, err := s.FlagPost(ctx, bob, bad.post, bad.in)
			wantCode(t, err, errs.Invalid, bad.id)
		}
		f, err := s.FlagPost(ctx, bob, q.ID, qa.FlagInput{Reason: qa.FlagDuplicate, DuplicateOf: orig.ID})
		if err != nil {
			t.Fatal(err)
		}
		if f.DuplicateOfID == nil || *f.DuplicateOfID != orig.ID {
			t.Fatalf("flag names %v, want %d", f.DuplicateOfID, orig.ID)
		}
		queue, err := s.Flags(ctx, mod, 1, 20)
		if err != nil {
			t.Fatal(err)
		}
		if len(queue.Items) != 1 || len(queue.Items[0].Flags) != 1 || queue.Items[0].Flags[0].DuplicateOfID == nil ||
			*queue.Items[0].Flags[0].DuplicateOfID != orig.ID || queue.Items[0].Reasons()[0].Reason != qa.FlagDuplicate {
			t.Fatalf("queue: %+v", queue.Items)
		}
	})
}

// TestCloseVotesAskerCannotReopen: an asker whose vote was the closing one
// among members' votes cannot reopen the question (which would end the
// others' votes); a moderator can. What the asker closed alone, as a
// duplicate, the asker still reopens.
func TestCloseVotesAskerCannotReopen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		ada := voter(t, st, "ada") // the asker, with the privilege
		v1, v2 := voter(t, st, "v1"), voter(t, st, "v2")
		q := ask(t, s, ada, "Which meeting room has the big screen?", "rooms")
		for _, u := range []*store.User{v1, v2, ada} {
			if err := s.CastCloseVote(ctx, u, q.ID, qa.CloseInput{Reason: "unclear"}); err != nil {
				t.Fatal(err)
			}
		}
		p := reread(t, st, q.ID)
		if p.ClosedAt == nil || p.ClosedBy == nil || *p.ClosedBy != ada.ID {
			t.Fatalf("closed %v by %v, want closed by the asker's vote", p.ClosedAt, p.ClosedBy)
		}
		if ok, err := s.MayReopen(ctx, ada, p); err != nil || ok {
			t.Fatalf("asker may reopen a question members' votes closed: %v %v", ok, err)
		}
		wantCode(t, s.Reopen(ctx, ada, q.ID), errs.Forbidden, "question.reopen_votes")
		if p := reread(t, st, q.ID); p.ClosedAt == nil {
			t.Fatal("the asker reopened it")
		}
		if ids, err := s.Closers(ctx, p); err != nil || len(ids) != 3 {
			t.Fatalf("closers after the refused reopening: %v %v", ids, err)
		}
		if ok, err := s.MayReopen(ctx, mod, p); err != nil || !ok {
			t.Fatalf("moderator may not reopen: %v %v", ok, err)
		}
		if err := s.Reopen(ctx, mod, q.ID); err != nil {
			t.Fatal(err)
		}

		// Closed by three members' votes, the asker's not among them: the
		// refusal still says members' votes closed it, not a moderator.
		v3 := voter(t, st, "v3")
		for _, u := range []*store.User{v1, v2, v3} {
			if err := s.CastCloseVote(ctx, u, q.ID, qa.CloseInput{Reason: "unclear"}); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, s.Reopen(ctx, ada, q.ID), errs.Forbidden, "question.reopen_votes")
		if err := s.Reopen(ctx, mod, q.ID); err != nil {
			t.Fatal(err)
		}

		// Closed by the asker alone, as a duplicate: the asker reopens it.
		orig := answered(t, s, v1, mod, "Room with the large display for presentations")
		if err := s.Close(ctx, ada, q.ID, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: orig.ID}); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.MayReopen(ctx, ada, reread(t, st, q.ID)); err != nil || !ok {
			t.Fatalf("asker may not reopen their own closing: %v %v", ok, err)
		}
		if err := s.Reopen(ctx, ada, q.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCloseVotesStaleDuplicatesDoNotCount: duplicate votes whose question
// was deleted meanwhile do not count towards the three: the question
// closes only when three votes stand, with only those as its closers; the
// stale votes end with the closing without being closers.
func TestCloseVotesStaleDuplicatesDoNotCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		v1, v2, v3, v4, v5 := voter(t, st, "v1"), voter(t, st, "v2"), voter(t, st, "v3"), voter(t, st, "v4"), voter(t, st, "v5")
		q := ask(t, s, ada, "How do I book a parking space?", "parking")
		orig := answered(t, s, ada, mod, "Booking a parking spot at the office")
		vote := func(u *store.User, in qa.CloseInput) {
			t.Helper()
			if err := s.CastCloseVote(ctx, u, q.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		vote(v1, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: orig.ID})
		vote(v2, qa.CloseInput{Reason: qa.CloseDuplicate, DuplicateOf: orig.ID})
		if err := s.Delete(ctx, mod, orig.ID); err != nil {
			t.Fatal(err)
		}
		if cv := closeVoteCount(t, s, v1, q.ID); cv.Count != 0 || cv.Mine == nil || !cv.MineStale {
			t.Fatalf("stale votes read as %+v, want none standing and v1's stale", cv)
		}
		vote(v3, qa.CloseInput{Reason: "unclear"})
		if p := reread(t, st, q.ID); p.ClosedAt != nil {
			t.Fatalf("closed as %q by one standing vote and two stale ones", p.ClosedReason)
		}
		if cv := closeVoteCount(t, s, v3, q.ID); cv.Count != 1 || cv.Mine == nil || cv.MineStale {
			t.Fatalf("votes read as %+v, want 1 standing, v3's", cv)
		}
		vote(v4, qa.CloseInput{Reason: "unclear"})
		vote(v5, qa.CloseInput{Reason: "off-topic"})
		p := reread(t, st, q.ID)
		if p.ClosedAt == nil || p.ClosedReason != "unclear" {
			t.Fatalf("three standing votes left it closed %v as %q", p.ClosedAt, p.ClosedReason)
		}
		ids, err := s.Closers(ctx, p)
		if err != nil || len(ids) != 3 || ids[0] != v3.ID || ids[1] != v4.ID || ids[2] != v5.ID {
			t.Fatalf("closers %v (%v), want %d %d %d", ids, err, v3.ID, v4.ID, v5.ID)
		}
		var audited []int64
		if err := st.DB.Model(&store.AuditEntry{}).Where("action = 'close' AND target_id = ?", q.ID).Order("actor_id").Pluck("actor_id", &audited).Error; err != nil {
			t.Fatal(err)
		}
		if len(audited) != 3 || audited[0] != v3.ID || audited[2] != v5.ID {
			t.Fatalf("closings on record by %v, want v3 v4 v5", audited)
		}
		var open, stale int64
		st.DB.Model(&store.CloseVote{}).Where("question_id = ? AND ended_at IS NULL", q.ID).Count(&open)
		st.DB.Model(&store.CloseVote{}).Where("question_id = ? AND ended_at IS NOT NULL AND NOT closed", q.ID).Count(&stale)
		if open != 0 || stale != 2 {
			t.Fatalf("%d votes open, %d ended without closing it; want 0 and 2", open, stale)
		}
	})
}
