package deflection_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestSessionRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		carol := storetest.User(t, st, "carol", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		alice := storetest.User(t, st, "alice", store.RoleUser)
		q := r.ask(t, carol, "2026-03-02 09:00", "Laptop does not wake from sleep", "laptop")
		a := r.answer(t, bob, q, "2026-03-02 09:30")
		r.search.posts = []*store.Post{q}
		me := deflection.Who{Visitor: "v-me"}

		// Bad input: a too-short problem, unknown event type, view without question.
		if _, err := r.svc.Start(ctx, me, "  x "); !errs.Is(err, errs.Invalid) {
			t.Fatalf("short query: %v", err)
		}
		s := r.start(t, me, "2026-03-02 10:00", "laptop will not wake up")
		for _, in := range []deflection.EventInput{{Type: "click"}, {Type: "view"}, {Type: "search", Query: ""}, {Type: "view", QuestionID: 999999}} {
			if _, err := r.svc.AddEvent(ctx, me, s.ID, in); !errs.Is(err, errs.Invalid) {
				t.Fatalf("event %+v: %v", in, err)
			}
		}
		// Someone else's session, or none, is not found.
		if _, err := r.svc.AddEvent(ctx, deflection.Who{Visitor: "v-other"}, s.ID, deflection.EventInput{Type: "search", Query: "hello"}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("other visitor: %v", err)
		}
		if _, err := r.svc.SetOutcome(ctx, me, 424242, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing session: %v", err)
		}
		// Typing on within seconds refines the search instead of adding one.
		r.clk.Advance(5 * time.Second)
		res, err := r.svc.AddEvent(ctx, me, s.ID, deflection.EventInput{Type: "search", Query: "laptop will not wake up after sleep"})
		if err != nil || res.Session.Searches != 1 || len(res.Suggestions) != 1 {
			t.Fatalf("refine: %+v %v", res, err)
		}
		r.clk.Advance(time.Minute)
		res, err = r.svc.AddEvent(ctx, me, s.ID, deflection.EventInput{Type: "search", Query: "dock station no display"})
		if err != nil || res.Session.Searches != 2 || res.Session.LastQuery != "dock station no display" {
			t.Fatalf("second search: %+v %v", res, err)
		}
		r.view(t, me, s, q)
		// Bad outcomes.
		for _, in := range []deflection.OutcomeInput{{Outcome: "abandoned"}, {Outcome: "great"}, {Outcome: "solved"},
			{Outcome: "ticket"}, {Outcome: "ticket", Ticket: &deflection.TicketInput{Subject: "x"}}, {Outcome: "solved", QuestionID: q.ID, AnswerID: 999999}} {
			if _, err := r.svc.SetOutcome(ctx, me, s.ID, in); !errs.Is(err, errs.Invalid) {
				t.Fatalf("outcome %+v: %v", in, err)
			}
		}
		// Solved by an anonymous visitor: no reputation, the best answer is credited.
		r.view(t, me, s, q)
		out := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID})
		if out.Session.OutcomeName() != "solved" || out.Session.AnswerID == nil || *out.Session.AnswerID != a.ID {
			t.Fatalf("solved: %+v", out.Session)
		}
		// The same outcome sent again changes nothing; another one conflicts,
		// and so do further events.
		if again, err := r.svc.SetOutcome(ctx, me, s.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID}); err != nil ||
			again.Session.OutcomeName() != "solved" || *again.Session.AnswerID != a.ID {
			t.Fatalf("the same outcome again: %+v, %v", again, err)
		}
		if _, err := r.svc.SetOutcome(ctx, me, s.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID, AnswerID: a.ID + 1000}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("solved by another answer: %v", err)
		}
		if _, err := r.svc.AddEvent(ctx, me, s.ID, deflection.EventInput{Type: "search", Query: "more"}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("event after outcome: %v", err)
		}
		if rep := reputationOf(t, st, bob.ID); rep != 1 {
			t.Fatalf("bob has %d after an anonymous solve", rep)
		}

		// A new member, below the vote-up privilege, rewards nobody: the
		// session counts as solved, the answer's author gains nothing.
		carl := storetest.User(t, st, "carl", store.RoleUser)
		cw := deflection.Who{User: carl}
		sc := r.start(t, cw, "2026-03-02 10:30", "laptop sleeps forever")
		r.view(t, cw, sc, q)
		if res := r.outcome(t, cw, sc, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID, AnswerID: a.ID}); res.Session.OutcomeName() != "solved" {
			t.Fatalf("a new member's solved: %+v", res.Session)
		}
		if rep := reputationOf(t, st, bob.ID); rep != 1 {
			t.Fatalf("bob has %d after a new member's solve, want 1", rep)
		}
		// A logged-in searcher who may vote up rewards the answer's author once: +5.
		if err := st.DB.Model(alice).Update("reputation", config.Defaults().Reputation.VoteUp).Error; err != nil {
			t.Fatal(err)
		}
		aw := deflection.Who{User: alice}
		for i := 0; i < 2; i++ {
			s := r.start(t, aw, "2026-03-02 11:00", "laptop sleeps forever")
			r.view(t, aw, s, q)
			r.outcome(t, aw, s, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID, AnswerID: a.ID})
		}
		if rep := reputationOf(t, st, bob.ID); rep != 6 {
			t.Fatalf("bob has %d, want 6", rep)
		}
		// Marking one's own answer gives nothing.
		bw := deflection.Who{User: bob}
		s2 := r.start(t, bw, "2026-03-02 12:00", "laptop sleeps forever")
		r.view(t, bw, s2, q)
		r.outcome(t, bw, s2, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID})
		if rep := reputationOf(t, st, bob.ID); rep != 6 {
			t.Fatalf("bob rewarded himself: %d", rep)
		}
		// "asked" names a question the caller asked.
		s5 := r.start(t, aw, "2026-03-02 12:30", "laptop fan is loud")
		if _, err := r.svc.SetOutcome(ctx, aw, s5.ID, deflection.OutcomeInput{Outcome: "asked", QuestionID: q.ID}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("asked with someone else's question: %v", err)
		}
		mine := r.ask(t, alice, "2026-03-02 12:31", "Laptop fan is loud all the time", "laptop")
		if out := r.outcome(t, aw, s5, deflection.OutcomeInput{Outcome: "asked", QuestionID: mine.ID}); out.Session.OutcomeName() != "asked" {
			t.Fatalf("asked: %+v", out.Session)
		}
		// One question ends one session as asked, and only a session it was
		// asked in: the community resolving it counts once.
		s5b := r.start(t, aw, "2026-03-02 12:30", "laptop fan is very loud")
		for _, qid := range []int64{mine.ID, r.ask(t, alice, "2026-03-02 12:29", "Laptop fan noise after update", "laptop").ID} {
			r.clk.Set("2026-03-02 12:41")
			if _, err := r.svc.SetOutcome(ctx, aw, s5b.ID, deflection.OutcomeInput{Outcome: "asked", QuestionID: qid}); !errs.Is(err, errs.Invalid) {
				t.Fatalf("asked with question %d of another session or from before: %v", qid, err)
			}
		}
		louder := r.ask(t, alice, "2026-03-02 12:42", "Laptop fan is very loud in meetings", "laptop")
		r.outcome(t, aw, s5b, deflection.OutcomeInput{Outcome: "asked", QuestionID: louder.ID})
		// A question without an answer solves nothing yet.
		s5c := r.start(t, aw, "2026-03-02 12:50", "docking station fan rattles")
		bare := r.ask(t, alice, "2026-03-02 12:51", "Docking station fan rattles all day", "laptop")
		r.search.posts = append(r.search.posts, bare)
		if _, err := r.svc.AddEvent(ctx, aw, s5c.ID, deflection.EventInput{Type: "search", Query: "docking station fan rattles loudly"}); err != nil {
			t.Fatal(err)
		}
		r.view(t, aw, s5c, bare)
		if _, err := r.svc.SetOutcome(ctx, aw, s5c.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: bare.ID}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("solved by a question without answers: %v", err)
		}
		r.outcome(t, aw, s5c, deflection.OutcomeInput{Outcome: "asked", QuestionID: bare.ID})
		// Within the daily cap: with 3 left today, the reward is 3.
		r.svc.Rep.DailyCap = 8
		dave := storetest.User(t, st, "dave", store.RoleUser)
		st.DB.Model(dave).Update("reputation", config.Defaults().Reputation.VoteUp)
		dw := deflection.Who{User: dave}
		s3 := r.start(t, dw, "2026-03-02 13:00", "laptop sleeps forever")
		r.view(t, dw, s3, q)
		r.outcome(t, dw, s3, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID})
		if rep := reputationOf(t, st, bob.ID); rep != 9 {
			t.Fatalf("bob has %d, want 9 (capped)", rep)
		}

		// Idle sessions are abandoned after the timeout, not before.
		s4 := r.start(t, me, "2026-03-03 10:00", "keyboard types wrong letters")
		r.clk.Set("2026-03-03 10:29")
		if n, _ := r.svc.AbandonIdle(ctx); n != 0 {
			t.Fatalf("abandoned %d too early", n)
		}
		r.clk.Set("2026-03-03 10:31")
		if n, _ := r.svc.AbandonIdle(ctx); n != 1 {
			t.Fatalf("abandoned %d", n)
		}
		// Abandoned only says idle: a searcher who comes back resumes the
		// session (a search reopens it), or gives it its outcome late.
		res, err = r.svc.AddEvent(ctx, me, s4.ID, deflection.EventInput{Type: "search", Query: "keyboard layout switched"})
		if err != nil || res.Session.Outcome != nil || res.Session.Searches != 2 {
			t.Fatalf("search after abandonment: %+v %v", res, err)
		}
		r.clk.Set("2026-03-03 11:30")
		if n, _ := r.svc.AbandonIdle(ctx); n != 1 {
			t.Fatalf("abandoned %d after the resumed session went idle", n)
		}
		late := r.outcome(t, me, s4, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Keyboard types wrong letters")})
		if late.Ticket == nil || late.Session.OutcomeName() != "ticket" {
			t.Fatalf("ticket after abandonment: %+v", late)
		}
		if _, err := r.svc.SetOutcome(ctx, me, s4.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("solved after a ticket: %v", err)
		}
		// A day after its last event an abandoned session stays as reported.
		s7 := r.start(t, me, "2026-03-03 12:00", "monitor flickers at night")
		r.clk.Set("2026-03-03 12:31")
		if n, _ := r.svc.AbandonIdle(ctx); n != 1 {
			t.Fatalf("abandoned %d", n)
		}
		r.clk.Set("2026-03-04 12:01")
		if _, err := r.svc.AddEvent(ctx, me, s7.ID, deflection.EventInput{Type: "search", Query: "monitor flicker"}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("resuming a day later: %v", err)
		}
		// A searcher who said "solved" and comes back with a ticket changes the
		// outcome: the answer is no longer credited.
		s6 := r.start(t, me, "2026-03-04 13:00", "laptop sleeps and never wakes")
		r.view(t, me, s6, q)
		if res := r.outcome(t, me, s6, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID}); res.Session.AnswerID == nil {
			t.Fatalf("solved without an answer credited: %+v", res.Session)
		}
		late = r.outcome(t, me, s6, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Laptop never wakes")})
		if late.Ticket == nil || late.Session.OutcomeName() != "ticket" || late.Session.AnswerID != nil {
			t.Fatalf("ticket after solved: %+v", late.Session)
		}
		var stored deflection.Session
		if err := st.DB.Where("id = ?", s6.ID).Take(&stored).Error; err != nil || stored.OutcomeName() != "ticket" || stored.AnswerID != nil || stored.TicketID == nil {
			t.Fatalf("stored session %+v: %v", stored, err)
		}
		// The same ticket sent again (a retry) answers with it; another is a conflict.
		retry := r.outcome(t, me, s6, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Laptop never wakes")})
		if retry.Ticket == nil || retry.Ticket.ID != late.Ticket.ID {
			t.Fatalf("ticket sent again: %+v, want ticket %d", retry.Ticket, late.Ticket.ID)
		}
		if _, err := r.svc.SetOutcome(ctx, me, s6.ID, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Laptop still never wakes")}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("another ticket for the session: %v", err)
		}
		var tickets int64
		st.DB.Model(&deflection.Ticket{}).Where("session_id = ?", s6.ID).Count(&tickets)
		if tickets != 1 {
			t.Fatalf("%d tickets for one session", tickets)
		}

		// "This solved my problem" from a search counts once a day per
		// person and question, however often it is sent.
		r.clk.Set("2026-03-04 09:00")
		first, err := r.svc.SolvedFromSearch(ctx, me, "laptop sleep", []int64{q.ID}, q.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		r.clk.Set("2026-03-04 20:00")
		again, err := r.svc.SolvedFromSearch(ctx, me, "laptop sleep again", []int64{q.ID}, q.ID, 0)
		if err != nil || again.ID != first.ID {
			t.Fatalf("solved again the same day: session %d, first %d, %v", again.ID, first.ID, err)
		}
		other, err := r.svc.SolvedFromSearch(ctx, deflection.Who{Visitor: "v-other"}, "laptop sleep", []int64{q.ID}, q.ID, 0)
		if err != nil || other.ID == first.ID {
			t.Fatalf("another visitor's solved session: %d %v", other.ID, err)
		}
		r.clk.Set("2026-03-05 10:00")
		if next, err := r.svc.SolvedFromSearch(ctx, me, "laptop sleep", []int64{q.ID}, q.ID, 0); err != nil || next.ID == first.ID {
			t.Fatalf("solved again the next day: %d %v", next.ID, err)
		}

		// So does a help session solved by a question that solved one of
		// the same person's sessions within the day: it names that session,
		// and the dashboard counts the problem once; a retry answers with it.
		r.clk.Set("2026-03-06 09:00")
		dan := deflection.Who{Visitor: "v-dan"}
		d1 := r.start(t, dan, "2026-03-06 09:00", "laptop does not wake")
		r.view(t, dan, d1, q)
		r.outcome(t, dan, d1, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID})
		d2 := r.start(t, dan, "2026-03-06 15:00", "laptop asleep for good")
		r.view(t, dan, d2, q)
		joined := r.outcome(t, dan, d2, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID})
		if joined.Session.ID != d2.ID || joined.Session.MergedIntoID == nil || *joined.Session.MergedIntoID != d1.ID || joined.Session.OutcomeName() != "solved" {
			t.Fatalf("solved again in another session: %+v, want session %d merged into %d", joined.Session, d2.ID, d1.ID)
		}
		if again := r.outcome(t, dan, d2, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID}); again.Session.ID != d2.ID {
			t.Fatalf("the merged session's outcome sent again: %+v", again.Session)
		}
		d4 := r.start(t, dan, "2026-03-06 15:30", "laptop sleeps")
		r.view(t, dan, d4, q)
		if _, err := r.svc.SetOutcome(ctx, dan, d4.ID,
			deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID, AnswerID: 999999}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a merge with an answer of no such question: %v", err)
		}
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		dq, err := deflection.ParseQuery("2026-03-06", "2026-03-06", "day", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(ctx, ana, dq)
		if err != nil || rep.Totals.Solved != 1 {
			t.Fatalf("dashboard of dan's day: %d solved (%v), want 1 (the same problem twice)", rep.Totals.Solved, err)
		}
		// It did not solve it after all: the ticket counts, on its own.
		if res := r.outcome(t, dan, d2, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Laptop still asleep")}); res.Session.MergedIntoID != nil {
			t.Fatalf("a ticket after a merged solved: %+v", res.Session)
		}
		if rep, err = r.svc.Dashboard(ctx, ana, dq); err != nil || rep.Totals.Solved != 1 || rep.Totals.Tickets != 1 {
			t.Fatalf("after the ticket: %d solved, %d tickets (%v), want 1 and 1", rep.Totals.Solved, rep.Totals.Tickets, err)
		}
		// A session solved by another question counts on its own.
		q2 := r.ask(t, carol, "2026-03-06 15:10", "Dock gives no display", "laptop")
		r.answer(t, bob, q2, "2026-03-06 15:20")
		r.search.posts = append(r.search.posts, q2)
		d3 := r.start(t, dan, "2026-03-06 16:00", "dock no display")
		r.view(t, dan, d3, q2)
		if res := r.outcome(t, dan, d3, deflection.OutcomeInput{Outcome: "solved", QuestionID: q2.ID}); res.Session.ID != d3.ID {
			t.Fatalf("solved by another question: joined session %d", res.Session.ID)
		}
	})
}

func TestHoldoutIsDrawnOnceAndHidesSuggestions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		carol := storetest.User(t, st, "carol", store.RoleUser)
		q := r.ask(t, carol, "2026-03-02 09:00", "Badge does not open the door", "facilities")
		r.search.posts = []*store.Post{q}
		r.svc.Settings.Holdout = 0.05
		r.draws = []float64{0.04, 0.06}
		me := deflection.Who{Visitor: "v1"}
		hold, err := r.svc.Start(ctx, me, "door badge broken")
		if err != nil || !hold.Session.Holdout || len(hold.Suggestions) != 0 {
			t.Fatalf("holdout session: %+v %v", hold, err)
		}
		shown, err := r.svc.Start(ctx, me, "door badge broken")
		if err != nil || shown.Session.Holdout || len(shown.Suggestions) != 1 {
			t.Fatalf("normal session: %+v %v", shown, err)
		}
		// Later reads and searches keep the assignment: no new draw happens.
		r.draws = []float64{0.0, 0.0, 0.0}
		r.clk.Advance(time.Minute)
		ev, err := r.svc.AddEvent(ctx, me, hold.Session.ID, deflection.EventInput{Type: "search", Query: "door access card"})
		if err != nil || !ev.Session.Holdout || len(ev.Suggestions) != 0 {
			t.Fatalf("holdout search: %+v %v", ev, err)
		}
		v, err := r.svc.Session(ctx, me, shown.Session.ID)
		if err != nil || v.Session.Holdout || len(v.Suggestions) != 1 || len(r.draws) != 3 {
			t.Fatalf("reread: %+v %v", v, err)
		}
	})
}

func reputationOf(t *testing.T, st *store.Store, userID int64) int {
	t.Helper()
	var u store.User
	if err := st.DB.Where("id = ?", userID).Take(&u).Error; err != nil {
		t.Fatal(err)
	}
	var sum int
	st.DB.Model(&store.ReputationEvent{}).Select("COALESCE(SUM(delta), 0)").Where("user_id = ?", userID).Scan(&sum)
	if u.Reputation != 1+sum {
		t.Fatalf("user %d: cached reputation %d, ledger 1+%d", userID, u.Reputation, sum)
	}
	return u.Reputation
}

// TestSolvedFromSearchAtOnce sends "this solved my problem" for the same
// question from one person several times at once, as a double click does:
// one session is recorded.
func TestSolvedFromSearchAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r, q := answeredLaptop(t, st)
		me := deflection.Who{Visitor: "v-clicker"}
		ids := make(chan int64, 6)
		var wg sync.WaitGroup
		for range cap(ids) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sess, err := r.svc.SolvedFromSearch(context.Background(), me, "laptop sleep", []int64{q.ID}, q.ID, 0)
				if err != nil {
					t.Error(err)
					return
				}
				ids <- sess.ID
			}()
		}
		wg.Wait()
		close(ids)
		seen := map[int64]bool{}
		for id := range ids {
			seen[id] = true
		}
		var n int64
		st.DB.Model(&deflection.Session{}).Count(&n)
		if len(seen) != 1 || n != 1 {
			t.Fatalf("sessions returned %v, stored %d; want one", seen, n)
		}
	})
}

// TestSameOutcomeAtOnce sends one session's "solved" several times at once
// (a double click, a client's retries): each gets the session, one counts.
func TestSameOutcomeAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r, q := answeredLaptop(t, st)
		me := deflection.Who{Visitor: "v-clicker"}
		s := r.start(t, me, "2026-03-02 10:00", "laptop will not wake up")
		r.view(t, me, s, q)
		var wg sync.WaitGroup
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := r.svc.SetOutcome(context.Background(), me, s.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID})
				if err != nil || res.Session.ID != s.ID || res.Session.OutcomeName() != "solved" {
					t.Errorf("solved at once: %+v %v", res, err)
				}
			}()
		}
		wg.Wait()
	})
}

// answeredLaptop is a rig with one question that has an answer.
func answeredLaptop(t *testing.T, st *store.Store) (*rig, *store.Post) {
	t.Helper()
	r := newRig(t, st)
	carol := storetest.User(t, st, "carol", store.RoleUser)
	q := r.ask(t, carol, "2026-03-02 09:00", "Laptop does not wake from sleep", "laptop")
	r.answer(t, storetest.User(t, st, "dan", store.RoleUser), q, "2026-03-02 09:30")
	r.search.posts = []*store.Post{q} // what a search shows, but for "zzz"
	return r, q
}

// TestGetHelpTypingRefinesAsWords checks that typing a problem on Get help
// refines one search even when what is typed on the way reads as search
// syntax ("user:", a trailing "-"): a problem is plain words.
func TestGetHelpTypingRefinesAsWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		me := deflection.Who{Visitor: "v-typist"}
		s := r.start(t, me, "2026-03-02 10:00", "user")
		var res *deflection.EventResult
		var err error
		for _, typed := range []string{"user:", "user:bob", "user:bob locked", "user:bob locked out", "user:bob locked out -", "user:bob locked out -urgent"} {
			r.clk.Advance(3 * time.Second)
			if res, err = r.svc.AddEvent(ctx, me, s.ID, deflection.EventInput{Type: "search", Query: typed}); err != nil {
				t.Fatal(err)
			}
		}
		if res.Session.Searches != 1 {
			t.Fatalf("typing one problem counted %d searches", res.Session.Searches)
		}
		var norms []string
		if err := st.DB.Table("help_events").Where("session_id = ? AND type = 'search'", s.ID).Pluck("norm", &norms).Error; err != nil {
			t.Fatal(err)
		}
		if len(norms) != 1 || norms[0] != "user bob locked out urgent" {
			t.Fatalf("search events %q", norms)
		}
	})
}

// TestSolvedNamesAQuestionTheSessionOpened: "solved" names a question the
// session opened (a suggestion followed, a view); any other question is
// refused on question_id and the session stays open, so nothing counts on
// the dashboard nor pays the answer's author. Once opened, it solves.
func TestSolvedNamesAQuestionTheSessionOpened(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r, q := answeredLaptop(t, st)
		searcher := storetest.User(t, st, "sam", store.RoleUser)
		st.DB.Model(searcher).Update("reputation", config.Defaults().Reputation.VoteUp)
		me := deflection.Who{User: searcher}
		s := r.start(t, me, "2026-03-02 10:00", "zebra unicorn quantum teleport")
		_, err := r.svc.SetOutcome(context.Background(), me, s.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID})
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "question_id" || e.Fields[0].Msg.ID != "help.not_viewed" {
			t.Fatalf("solved by a question the session never opened: %v, want 422 on question_id", err)
		}
		var open deflection.Session
		st.DB.First(&open, s.ID)
		var events int64
		st.DB.Model(&store.ReputationEvent{}).Where("kind = ?", reputation.KindSolved).Count(&events)
		if open.OutcomeName() != "" || events != 0 {
			t.Fatalf("the refused outcome left %q and %d solved rewards", open.OutcomeName(), events)
		}
		r.view(t, me, s, q)
		if res := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID}); res.Session.OutcomeName() != "solved" {
			t.Fatalf("solved once opened: %+v", res.Session)
		}
		st.DB.Model(&store.ReputationEvent{}).Where("kind = ?", reputation.KindSolved).Count(&events)
		if events != 1 {
			t.Errorf("%d solved rewards once opened, want 1", events)
		}
	})
}
