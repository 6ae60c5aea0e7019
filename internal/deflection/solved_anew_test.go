package deflection_test

import (
	"context"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestSolvedByAnotherQuestionMovesTheSolution: a session that ended solved
// by one question, then said solved by another (a suggestion opened after),
// ends solved by the later one, and stays one solved session on the
// dashboard. Sessions of the person's merged with it as solved by the first
// question are no longer merged into it but still count as one problem; a
// session merged into another leaves it when another question solves it.
func TestSolvedByAnotherQuestionMovesTheSolution(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		r := newRig(t, st)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		carol := storetest.User(t, st, "carol", store.RoleUser)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		q1 := r.ask(t, bob, "2026-03-01 08:00", "Laptop does not wake from sleep", "laptop")
		a1 := r.answer(t, carol, q1, "2026-03-01 08:10")
		q2 := r.ask(t, bob, "2026-03-01 08:20", "Docking station loses the monitor after sleep", "docking")
		a2 := r.answer(t, carol, q2, "2026-03-01 08:30")

		dan := deflection.Who{Visitor: "v-dan"}
		d1 := r.start(t, dan, "2026-03-02 09:00", "laptop does not wake")
		r.outcome(t, dan, d1, deflection.OutcomeInput{Outcome: "solved", QuestionID: q1.ID})
		d2 := r.start(t, dan, "2026-03-02 10:00", "laptop asleep")
		r.outcome(t, dan, d2, deflection.OutcomeInput{Outcome: "solved", QuestionID: q1.ID})
		d3 := r.start(t, dan, "2026-03-02 11:00", "laptop asleep again")
		r.outcome(t, dan, d3, deflection.OutcomeInput{Outcome: "solved", QuestionID: q1.ID})
		d4 := r.start(t, dan, "2026-03-02 12:00", "screen stays black")
		r.outcome(t, dan, d4, deflection.OutcomeInput{Outcome: "solved", QuestionID: q1.ID})

		totals := func(want int, what string) {
			t.Helper()
			dq, err := deflection.ParseQuery("2026-03-02", "2026-03-02", "day", "", r.clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			rep, err := r.svc.Dashboard(ctx, ana, dq)
			if err != nil || rep.Totals.Solved != want || rep.Totals.Sessions != want || rep.Totals.Open != 0 {
				t.Fatalf("%s: %d sessions, %d solved (%v), want %d and %d", what, rep.Totals.Sessions, rep.Totals.Solved, err, want, want)
			}
		}
		totals(1, "four sessions solved by one question")
		session := func(id int64) deflection.Session {
			t.Helper()
			var s deflection.Session
			if err := st.DB.Where("id = ?", id).Take(&s).Error; err != nil {
				t.Fatal(err)
			}
			return s
		}

		// d1 was solved by q2 after all: the solution moves, d1 counts on
		// its own, d2 heads those still solved by q1.
		r.clk.Set("2026-03-02 12:30")
		res := r.outcome(t, dan, d1, deflection.OutcomeInput{Outcome: "solved", QuestionID: q2.ID})
		if res.Session.OutcomeName() != "solved" || *res.Session.QuestionID != q2.ID || *res.Session.AnswerID != a2.ID || res.Session.MergedIntoID != nil {
			t.Fatalf("solved by another question: %+v", res.Session)
		}
		if s := session(d1.ID); *s.QuestionID != q2.ID || *s.AnswerID != a2.ID || s.MergedIntoID != nil {
			t.Fatalf("stored: question %v answer %v merged %v", *s.QuestionID, *s.AnswerID, s.MergedIntoID)
		}
		if s2, s3, s4 := session(d2.ID), session(d3.ID), session(d4.ID); s2.MergedIntoID != nil || s3.MergedIntoID == nil || *s3.MergedIntoID != d2.ID ||
			s4.MergedIntoID == nil || *s4.MergedIntoID != d2.ID {
			t.Fatalf("the others: d2 merged %v, d3 %v, d4 %v; want none, %d, %d", s2.MergedIntoID, s3.MergedIntoID, s4.MergedIntoID, d2.ID, d2.ID)
		}
		totals(2, "q2's problem and q1's")
		// Sent again: the same, nothing more.
		if again := r.outcome(t, dan, d1, deflection.OutcomeInput{Outcome: "solved", QuestionID: q2.ID}); *again.Session.QuestionID != q2.ID {
			t.Fatalf("sent again: %+v", again.Session)
		}
		totals(2, "sent again")

		// d4, merged into d2, is solved by q2: it leaves d2 and joins d1,
		// solved by q2 the same day.
		res = r.outcome(t, dan, d4, deflection.OutcomeInput{Outcome: "solved", QuestionID: q2.ID})
		if res.Session.MergedIntoID == nil || *res.Session.MergedIntoID != d1.ID {
			t.Fatalf("d4 solved by q2: merged into %v, want %d", res.Session.MergedIntoID, d1.ID)
		}
		totals(2, "d4 moved to q2")

		// Another answer of the same question, or no such question: refused,
		// and the session stays as it was.
		if _, err := r.svc.SetOutcome(ctx, dan, d1.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: q2.ID, AnswerID: a1.ID}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("another answer: %v", err)
		}
		if _, err := r.svc.SetOutcome(ctx, dan, d1.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: 999999}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("no such question: %v", err)
		}
		if s := session(d1.ID); *s.QuestionID != q2.ID || s.MergedIntoID != nil {
			t.Fatalf("after refusals: question %d merged %v", *s.QuestionID, s.MergedIntoID)
		}
		if s := session(d4.ID); s.MergedIntoID == nil || *s.MergedIntoID != d1.ID {
			t.Fatalf("a refused outcome moved d4: %v", s.MergedIntoID)
		}
		// A ticket ends it still; solved then takes no other question.
		r.outcome(t, dan, d1, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Docking still loses the monitor")})
		if _, err := r.svc.SetOutcome(ctx, dan, d1.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: q1.ID}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("solved after a ticket: %v", err)
		}
	})
}
