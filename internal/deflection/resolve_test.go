package deflection_test

import (
	"context"
	"strings"
	"testing"

	"stackdesk/internal/consistency"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestResolutionPublishesWithConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		carol := storetest.User(t, st, "carol", store.RoleUser)
		hot := storetest.User(t, st, "it-hotline", store.RoleHotline)
		q := r.ask(t, carol, "2026-03-02 09:00", "Teams camera shows black image", "teams")
		me := deflection.Who{User: emp}
		r.search.posts = []*store.Post{q}
		s := r.start(t, me, "2026-03-02 10:00", "camera black in teams")
		r.view(t, me, s, q)
		tk := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Camera is black in Teams calls", Body: "Since the update the camera shows a black image in every call.", ConsentPublish: true}}).Ticket
		s2 := r.start(t, me, "2026-03-02 11:00", "cannot print")
		noConsent := r.outcome(t, me, s2, deflection.OutcomeInput{Outcome: "ticket", Ticket: ticket("Cannot print at all")}).Ticket

		answer := "Close Teams, open Settings > Privacy > Camera and allow desktop apps to use the camera."
		if _, err := r.svc.Resolve(ctx, emp, tk.ID, deflection.ResolutionInput{Answer: answer}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("user resolves: %v", err)
		}
		if _, err := r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{Answer: "ok"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("short answer: %v", err)
		}
		if _, err := r.svc.Resolve(ctx, hot, 99999, deflection.ResolutionInput{Answer: answer}); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing ticket: %v", err)
		}
		// A title too short to publish is reported on its field, and nothing is written.
		if _, err := r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{Answer: answer, Publish: true, Title: "Cam"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("bad title: %v", err)
		}
		row, err := r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{Answer: answer, Publish: true, Mark: "Answered by the hotline."})
		if err != nil {
			t.Fatal(err)
		}
		if row.Status != "resolved" || row.PublishedQuestionID == nil || row.Resolution != answer || row.ResolvedBy == nil || *row.ResolvedBy != hot.ID {
			t.Fatalf("resolved %+v", row.Ticket)
		}
		var pub store.Post
		st.DB.Where("id = ?", *row.PublishedQuestionID).Take(&pub)
		if pub.Title != "Camera is black in Teams calls" || pub.Tags != "teams" || pub.OwnerID == nil || *pub.OwnerID != emp.ID || pub.AcceptedAnswerID == nil || pub.AnswerCount != 1 {
			t.Fatalf("published question %+v", pub)
		}
		var ans store.Post
		st.DB.Where("id = ?", *pub.AcceptedAnswerID).Take(&ans)
		if *ans.OwnerID != hot.ID || !strings.Contains(ans.BodyMarkdown, "*Answered by the hotline.*") || *ans.ParentID != pub.ID {
			t.Fatalf("published answer %+v", ans)
		}
		// The employee hears that their ticket was answered, with its
		// question, in their inbox (and by e-mail when configured), once.
		var told []notify.Notification
		st.DB.Where("user_id = ?", emp.ID).Find(&told)
		if len(told) != 1 || told[0].Type != notify.TypeTicket || told[0].TicketID == nil || *told[0].TicketID != tk.ID ||
			told[0].QuestionID == nil || *told[0].QuestionID != pub.ID || told[0].PostID == nil || *told[0].PostID != ans.ID {
			t.Fatalf("the employee's notifications %+v, want one of their ticket, naming its question", told)
		}
		var outbox int64
		st.DB.Model(&store.SearchOutbox{}).Where("post_id = ?", pub.ID).Count(&outbox)
		if outbox == 0 {
			t.Fatal("the published question is not queued for the search index")
		}
		if _, err := r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{Answer: answer}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("second resolution: %v", err)
		}
		// The acceptance is the hotline's: the employee earns no Scholar
		// for it, and the consistency check agrees there is none to award.
		var scholar int64
		st.DB.Model(&store.UserBadge{}).Where("user_id = ? AND badge = ?", emp.ID, reputation.Scholar.Name).Count(&scholar)
		if scholar != 0 {
			t.Fatal("the employee earned Scholar for the hotline's acceptance")
		}
		if rep, err := consistency.Run(ctx, st, false, r.clk.Now()); err != nil || len(rep.Drifts) != 0 {
			t.Fatalf("consistency after publishing: %v %v", rep.Drifts, err)
		}
		// The published question is the hotline's work: the dashboard's
		// community figures hold carol's question alone.
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		dq, err := deflection.ParseQuery("2026-03-01", "2026-03-31", "week", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(ctx, ana, dq)
		if err != nil || rep.Totals.Questions != 1 || rep.Totals.Answered != 0 {
			t.Fatalf("dashboard: %d questions, %d answered (%v); want carol's alone, unanswered", rep.Totals.Questions, rep.Totals.Answered, err)
		}
		// Without consent nothing is published: asking to is refused on
		// its field, and the answer alone is kept.
		if _, err := r.svc.Resolve(ctx, hot, noConsent.ID, deflection.ResolutionInput{Answer: answer, Publish: true}); !errs.Is(err, errs.Invalid) || errs.As(err).Fields[0].Field != "publish" {
			t.Fatalf("publish without consent: %v", err)
		}
		row, err = r.svc.Resolve(ctx, hot, noConsent.ID, deflection.ResolutionInput{Answer: answer})
		if err != nil || row.Status != "resolved" || row.PublishedQuestionID != nil {
			t.Fatalf("no consent: %+v %v", row, err)
		}
	})
}

// TestPublishedRewordingIsOnRecord: when the hotline rewords a ticket for
// publishing, the question stays the employee's but its text is credited
// to the agent (its one revision, and "edited" by them), and the ticket's
// own wording is nowhere in it (a ticket is private); published as
// written, the revision is the employee's and the question unedited.
func TestPublishedRewordingIsOnRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		hot := storetest.User(t, st, "it-hotline", store.RoleHotline)
		me := deflection.Who{User: emp}
		const subject, body = "Camera is black in Teams calls at desk 4711", "Since the update the camera of laptop LT-0815 shows a black image in every call."
		publish := func(when string, in deflection.ResolutionInput) (store.Post, []store.PostRevision) {
			t.Helper()
			s := r.start(t, me, when, "camera black in teams")
			tk := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
				Subject: subject, Body: body, ConsentPublish: true}}).Ticket
			in.Answer, in.Publish = "Close Teams, open Settings > Privacy > Camera and allow desktop apps to use the camera.", true
			row, err := r.svc.Resolve(ctx, hot, tk.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			var q store.Post
			var revs []store.PostRevision
			st.DB.Where("id = ?", *row.PublishedQuestionID).Take(&q)
			st.DB.Where("post_id = ?", q.ID).Order("revision").Find(&revs)
			return q, revs
		}
		q, revs := publish("2026-03-02 10:00", deflection.ResolutionInput{Title: "Teams camera shows a black image after the update",
			QuestionBody: "After the latest Teams update the camera shows only a black image in calls."})
		if q.OwnerID == nil || *q.OwnerID != emp.ID || q.LastEditorID == nil || *q.LastEditorID != hot.ID || q.EditedAt == nil {
			t.Fatalf("reworded: question %+v, want the employee's, edited by the agent", q)
		}
		if len(revs) != 1 || revs[0].EditorID == nil || *revs[0].EditorID != hot.ID || revs[0].BodyMarkdown != q.BodyMarkdown {
			t.Errorf("reworded: revisions %+v, want one, the agent's wording, theirs", revs)
		}
		for _, rv := range revs {
			if strings.Contains(rv.Title+rv.BodyMarkdown, "4711") || strings.Contains(rv.BodyMarkdown, "LT-0815") {
				t.Errorf("the ticket's private wording is on record: %+v", rv)
			}
		}
		q, revs = publish("2026-03-02 11:00", deflection.ResolutionInput{})
		if q.LastEditorID != nil || q.EditedAt != nil || len(revs) != 1 || *revs[0].EditorID != emp.ID || revs[0].Title != subject {
			t.Errorf("as written: question %+v, revisions %+v", q, revs)
		}
	})
}

// TestPublishedTicketTakesTheViewedQuestionsTags: a ticket published
// without tags gets those most of the questions its employee viewed carry,
// a tie going to the one viewed first (not the first three by name), and
// the ticket's page is offered the same.
func TestPublishedTicketTakesTheViewedQuestionsTags(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		carol := storetest.User(t, st, "carol", store.RoleUser)
		hot := storetest.User(t, st, "it-hotline", store.RoleHotline)
		var qs []*store.Post
		for i, tags := range []string{"vpn globalprotect", "wsl vpn dns", "vpn remote-access", "docking-station external-monitor", "dns wifi"} {
			qs = append(qs, r.ask(t, carol, "2026-03-02 09:0"+string(rune('0'+i)), "VPN question number "+string(rune('A'+i))+" about the tunnel", strings.Fields(tags)...))
		}
		me := deflection.Who{User: emp}
		r.search.posts = qs
		s := r.start(t, me, "2026-03-02 10:00", "vpn disconnects with external monitor")
		for _, q := range qs {
			r.view(t, me, s, q)
		}
		tk := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "VPN drops when the dock monitor wakes up", Body: "Every time my external monitor wakes up, the VPN disconnects.", ConsentPublish: true}}).Ticket
		want := "vpn dns globalprotect"
		offered, err := r.svc.PublicationTags(ctx, tk)
		if err != nil || strings.Join(offered, " ") != want {
			t.Fatalf("offered tags %q (%v), want %q", offered, err, want)
		}
		row, err := r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{Answer: "The dock resets its network card on wake: turn off its power saving.", Publish: true})
		if err != nil {
			t.Fatal(err)
		}
		var pub store.Post
		st.DB.Where("id = ?", *row.PublishedQuestionID).Take(&pub)
		if pub.Tags != want {
			t.Fatalf("published with tags %q, want %q", pub.Tags, want)
		}
		// Questions named on the ticket's form ("Questions looked at")
		// count when none was opened from the suggestions.
		s2 := r.start(t, me, "2026-03-02 11:00", "second screen stays black")
		tk2 := r.outcome(t, me, s2, deflection.OutcomeInput{Outcome: "ticket", Ticket: &deflection.TicketInput{
			Subject: "Second screen black on the dock", Body: "The second screen on the dock stays black after lunch.", ConsentPublish: true,
			QuestionIDs: []int64{qs[4].ID, qs[3].ID}}}).Ticket
		if offered, err := r.svc.PublicationTags(ctx, tk2); err != nil || strings.Join(offered, " ") != "docking-station external-monitor dns" {
			t.Fatalf("tags of the questions named on the ticket: %q (%v)", offered, err)
		}
	})
}
