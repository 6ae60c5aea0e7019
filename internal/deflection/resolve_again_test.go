package deflection_test

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/consistency"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// publishedTicket files a ticket with consent for u and resolves it
// published by hot; it returns the ticket's id and its question.
func (r *rig) publishedTicket(t *testing.T, u, hot *store.User, when, subject string) (int64, *store.Post) {
	t.Helper()
	ctx := context.Background()
	s := r.start(t, deflection.Who{User: u}, when, "camera black in teams")
	tk := r.outcome(t, deflection.Who{User: u}, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
		Subject: subject, Body: "Since the update the camera shows a black image in every call.", ConsentPublish: true}}).Ticket
	row, err := r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{Answer: "Close Teams, open Settings > Privacy > Camera and allow desktop apps.", IfConsented: true})
	if err != nil || row.PublishedQuestionID == nil {
		t.Fatalf("publish: %v", err)
	}
	var q store.Post
	if err := r.st.DB.Where("id = ?", *row.PublishedQuestionID).Take(&q).Error; err != nil || q.AcceptedAnswerID == nil {
		t.Fatalf("published question %+v: %v", q, err)
	}
	return tk.ID, &q
}

// TestReopenedPublishedTicketAnswersItsQuestion: a published ticket that
// its employee reopens and the hotline resolves again takes the new answer
// to its question, accepted in place of the first, in the resolution's
// transaction; the acceptance, the hotline's, earns no Scholar, and one the
// asker gave meanwhile is reversed as a switch reverses it.
func TestReopenedPublishedTicketAnswersItsQuestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		hot2 := storetest.User(t, st, "hot2", store.RoleHotline)
		tk, q := r.publishedTicket(t, emp, hot, "2026-03-02 10:00", "Camera is black in Teams calls")
		first := *q.AcceptedAnswerID
		r.clk.Set("2026-03-03 09:00")
		if _, _, err := r.svc.Reopen(ctx, emp, tk, "The camera is black again after today's update."); err != nil {
			t.Fatal(err)
		}
		if rep, err := consistency.Run(ctx, st, false, r.clk.Now()); err != nil || len(rep.Drifts) != 0 {
			t.Fatalf("consistency while reopened: %v %v", rep.Drifts, err)
		}
		var outboxBefore int64
		st.DB.Model(&store.SearchOutbox{}).Where("post_id = ?", q.ID).Count(&outboxBefore)
		r.clk.Set("2026-03-03 10:00")
		again := "Remove the camera in Device Manager, restart, and let Windows install its driver again."
		row, err := r.svc.Resolve(ctx, hot2, tk, deflection.ResolutionInput{Answer: again, IfConsented: true, Mark: "Answered by the hotline."})
		if err != nil || row.Status != "resolved" || row.Resolution != again || row.PublishedQuestionID == nil || *row.PublishedQuestionID != q.ID {
			t.Fatalf("resolved again: %+v %v", row, err)
		}
		var now store.Post
		st.DB.Where("id = ?", q.ID).Take(&now)
		if now.AnswerCount != 2 || now.AcceptedAnswerID == nil || *now.AcceptedAnswerID == first || !now.LastActivityAt.Equal(r.clk.Now()) {
			t.Fatalf("question after the second resolution: %d answers, accepted %v (first %d), active %v", now.AnswerCount, now.AcceptedAnswerID, first, now.LastActivityAt)
		}
		var ans store.Post
		st.DB.Where("id = ?", *now.AcceptedAnswerID).Take(&ans)
		if ans.OwnerID == nil || *ans.OwnerID != hot2.ID || ans.ParentID == nil || *ans.ParentID != q.ID ||
			ans.BodyMarkdown != again+"\n\n---\n*Answered by the hotline.*" {
			t.Fatalf("new answer %+v", ans)
		}
		var revs int64
		st.DB.Model(&store.PostRevision{}).Where("post_id = ?", ans.ID).Count(&revs)
		var outbox int64
		st.DB.Model(&store.SearchOutbox{}).Where("post_id = ?", q.ID).Count(&outbox)
		if revs != 1 || outbox <= outboxBefore {
			t.Fatalf("%d revisions of the new answer; outbox rows for the question %d, before %d", revs, outbox, outboxBefore)
		}
		// The employee hears of it as an answer to their question.
		var told int64
		// Told of their ticket, leading to it and naming the new answer, as
		// at the first publication; not also of an answer to their question.
		var answered int64
		st.DB.Model(&notify.Notification{}).Where("user_id = ? AND type = ? AND post_id = ?", emp.ID, notify.TypeTicket, ans.ID).Count(&told)
		st.DB.Model(&notify.Notification{}).Where("user_id = ? AND type = ? AND post_id = ?", emp.ID, notify.TypeAnswer, ans.ID).Count(&answered)
		if told != 1 || answered != 0 {
			t.Fatalf("the employee got %d ticket and %d answer notifications of the new answer", told, answered)
		}
		var scholar int64
		st.DB.Model(&store.UserBadge{}).Where("user_id = ? AND badge = ?", emp.ID, reputation.Scholar.Name).Count(&scholar)
		if scholar != 0 {
			t.Fatal("the employee earned Scholar for the hotline's acceptance")
		}
		if rep, err := consistency.Run(ctx, st, false, r.clk.Now()); err != nil || len(rep.Drifts) != 0 {
			t.Fatalf("consistency after resolving again: %v %v", rep.Drifts, err)
		}

		// Another employee accepted a colleague's answer before reopening:
		// the hotline's new answer takes the acceptance, and what the
		// colleague and the asker earned by it is reversed.
		emp2 := storetest.User(t, st, "emp2", store.RoleUser)
		carol := storetest.User(t, st, "carol", store.RoleUser)
		tk2, q2 := r.publishedTicket(t, emp2, hot, "2026-03-04 10:00", "Camera stays black in Teams meetings")
		c, err := r.qa.Answer(ctx, carol, q2.ID, "Unplug the dock and plug the camera straight into the laptop.")
		if err != nil {
			t.Fatal(err)
		}
		empRep, carolRep := reputationOf(t, st, emp2.ID), reputationOf(t, st, carol.ID)
		if _, err := r.rep.Accept(ctx, emp2, c.ID); err != nil {
			t.Fatal(err)
		}
		if reputationOf(t, st, carol.ID) == carolRep {
			t.Fatal("accepting carol's answer gave her nothing")
		}
		if _, _, err := r.svc.Reopen(ctx, emp2, tk2, "Neither answer helped, the camera is still black."); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.Resolve(ctx, hot, tk2, deflection.ResolutionInput{Answer: again, Publish: true, Title: "Ignored: published before"}); err != nil {
			t.Fatal(err)
		}
		now = store.Post{}
		st.DB.Where("id = ?", q2.ID).Take(&now)
		if now.AcceptedAnswerID == nil || *now.AcceptedAnswerID == c.ID || *now.AcceptedAnswerID == *q2.AcceptedAnswerID || now.AnswerCount != 3 || now.Title != q2.Title {
			t.Fatalf("question after the second resolution: %+v", now)
		}
		if got, got2 := reputationOf(t, st, carol.ID), reputationOf(t, st, emp2.ID); got != carolRep || got2 != empRep {
			t.Fatalf("reputation after the acceptance moved: carol %d (was %d), employee %d (was %d)", got, carolRep, got2, empRep)
		}
		var questions int64
		st.DB.Model(&store.Post{}).Where(store.TypeIs("type", store.PostQuestion)).Count(&questions)
		if questions != 2 {
			t.Fatalf("%d questions: a ticket published before was published again", questions)
		}
		if rep, err := consistency.Run(ctx, st, false, r.clk.Now()); err != nil || len(rep.Drifts) != 0 {
			t.Fatalf("consistency after moving the asker's acceptance: %v %v", rep.Drifts, err)
		}
	})
}

// TestReopenedTicketWhoseQuestionIsGone: a published ticket whose question
// was deleted since keeps its new answer on the ticket alone.
func TestReopenedTicketWhoseQuestionIsGone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "hot", store.RoleHotline)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		tk, q := r.publishedTicket(t, emp, hot, "2026-03-02 10:00", "Camera is black in Teams calls")
		if err := r.qa.Delete(ctx, mod, q.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := r.svc.Reopen(ctx, emp, tk, "The camera is black again after today's update."); err != nil {
			t.Fatal(err)
		}
		again := "Remove the camera in Device Manager, restart, and let Windows install its driver again."
		row, err := r.svc.Resolve(ctx, hot, tk, deflection.ResolutionInput{Answer: again, IfConsented: true})
		if err != nil || row.Status != "resolved" || row.Resolution != again {
			t.Fatalf("resolved again: %+v %v", row, err)
		}
		var answers, told int64
		st.DB.Model(&store.Post{}).Where("parent_id = ?", q.ID).Count(&answers)
		// Told once of the answer on the ticket (the first publication told them too, naming its question).
		st.DB.Model(&notify.Notification{}).Where("user_id = ? AND type = ? AND post_id IS NULL", emp.ID, notify.TypeTicket).Count(&told)
		if answers != 1 || told != 1 {
			t.Fatalf("%d answers on the deleted question, %d ticket notifications", answers, told)
		}
	})
}

// TestReopenedPublishedTicketResolvedMeanwhile: when another agent
// resolves a reopened published ticket between an agent's check of the
// ticket and the writing of their answer, the late answer is refused and
// rolled back with the resolution: the answer and the resolution are one
// transaction, and the question gets one new answer, the winner's,
// accepted.
func TestReopenedPublishedTicketResolvedMeanwhile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot1 := storetest.User(t, st, "hot1", store.RoleHotline)
		hot2 := storetest.User(t, st, "hot2", store.RoleHotline)
		tk, q := r.publishedTicket(t, emp, hot1, "2026-03-02 10:00", "Camera is black in Teams calls")
		if _, _, err := r.svc.Reopen(ctx, emp, tk, "The camera is black again after today's update."); err != nil {
			t.Fatal(err)
		}
		// The answer is written after the ticket was read: the clock the
		// writing reads lets hot2 resolve the ticket just then.
		var meanwhile error
		hook := func() {
			_, meanwhile = r.svc.Resolve(ctx, hot2, tk, deflection.ResolutionInput{
				Answer: "Agent two: update the camera's driver from the vendor's site, then restart.", IfConsented: true})
		}
		r.qa.Now = func() time.Time {
			if h := hook; h != nil {
				hook = nil
				h()
			}
			return r.clk.Now()
		}
		_, err := r.svc.Resolve(ctx, hot1, tk, deflection.ResolutionInput{
			Answer: "Agent one: remove the camera in Device Manager and restart the computer.", IfConsented: true})
		if hook != nil || meanwhile != nil {
			t.Fatalf("the other resolution did not go through meanwhile: %v", meanwhile)
		}
		if errs.As(err).Msg.ID != "ticket.already_resolved" {
			t.Fatalf("the late resolution: %v", err)
		}
		var now store.Post
		st.DB.Where("id = ?", q.ID).Take(&now)
		var answers int64
		st.DB.Model(&store.Post{}).Where("parent_id = ?", q.ID).Count(&answers)
		if answers != 2 || now.AnswerCount != 2 || now.AcceptedAnswerID == nil {
			t.Fatalf("%d answers, answer count %d, accepted %v", answers, now.AnswerCount, now.AcceptedAnswerID)
		}
		var a store.Post
		st.DB.Where("id = ?", *now.AcceptedAnswerID).Take(&a)
		row, err := r.svc.TicketByID(ctx, hot1, tk)
		if err != nil || row.ResolvedBy == nil || *row.ResolvedBy != hot2.ID || a.OwnerID == nil || *a.OwnerID != hot2.ID {
			t.Fatalf("the accepted answer is %v's, the ticket resolved by %v (%v)", a.OwnerID, row.ResolvedBy, err)
		}
	})
}
