package deflection_test

import (
	"context"
	"slices"
	"testing"

	"gorm.io/gorm"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// sessionOf is the id of the one help session begun with the problem.
func sessionOf(t *testing.T, st *store.Store, problem string) int64 {
	t.Helper()
	var ids []int64
	if err := st.DB.Table("help_sessions").Where("query = ?", problem).Order("id").Pluck("id", &ids).Error; err != nil || len(ids) != 1 {
		t.Fatalf("session %q: %v %v", problem, ids, err)
	}
	return ids[0]
}

// drillAll lists every session of a drill-down, page by page.
func drillAll(t *testing.T, r *rig, u *store.User, d deflection.Drill, size int) ([]deflection.DrillSession, int64) {
	t.Helper()
	var all []deflection.DrillSession
	var total int64
	for page := 1; ; page++ {
		d.Page, d.PageSize = page, size
		rows, n, err := r.svc.DrillSessions(context.Background(), u, d)
		if err != nil {
			t.Fatalf("drill %+v: %v", d, err)
		}
		total = n
		all = append(all, rows...)
		if len(rows) < size {
			return all, total
		}
		if page > 50 {
			t.Fatal("the pages do not end")
		}
	}
}

func idsOf(rows []deflection.DrillSession) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

// drillScenario is the dashboard's scenario with two sessions the figures
// leave out: one the support team opened, and one merged into alice's
// earlier session solved by the same question.
func drillScenario(t *testing.T, st *store.Store) *rig {
	r := scenario(t, st)
	now := r.clk.t
	ann := storetest.User(t, st, "ann-team", store.RoleAnalyst)
	r.start(t, deflection.Who{User: ann}, "2026-03-03 09:30", "trying get help as the team")
	var alice store.User
	if err := st.DB.Where("username = ?", "alice").Take(&alice).Error; err != nil {
		t.Fatal(err)
	}
	var q1 store.Post
	if err := st.DB.Where("title = ?", "VPN drops every ten minutes").Take(&q1).Error; err != nil {
		t.Fatalf("q1: %v", err)
	}
	aliceW := deflection.Who{User: &alice, Visitor: "va"}
	again := r.start(t, aliceW, "2026-03-02 15:00", "vpn drops again today")
	r.view(t, aliceW, again, &q1) // the suggestion followed, as on the help page
	res := r.outcome(t, aliceW, again, deflection.OutcomeInput{Outcome: deflection.OutcomeSolved, QuestionID: q1.ID})
	if res.Session.MergedIntoID == nil {
		t.Fatal("the second solved session was not merged into the first")
	}
	r.clk.t = now
	return r
}

// TestDrillDownListsTheSessionsBehindEachFigure: for every figure of the
// dashboard that counts sessions (sessions, solved, asked, tickets,
// abandoned, open), in total and per interval, with and without the tag
// filter, the drill-down lists as many sessions as the figure says, and
// exactly those: not the support team's, not a merged one.
func TestDrillDownListsTheSessionsBehindEachFigure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := drillScenario(t, st)
		ctx := context.Background()
		analyst := storetest.User(t, st, "ann", store.RoleAnalyst)
		for _, tag := range []string{"", "vpn"} {
			q, err := deflection.ParseQuery("2026-03-02", "2026-03-15", "week", tag, r.clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			rep, err := r.svc.Dashboard(ctx, analyst, q)
			if err != nil {
				t.Fatal(err)
			}
			figure := func(m deflection.Metrics, outcome string) int {
				return map[string]int{"": m.Sessions, "solved": m.Solved, "asked": m.Asked, "ticket": m.Tickets,
					"abandoned": m.Abandoned, "open": m.Open}[outcome]
			}
			for _, outcome := range append([]string{""}, deflection.DrillOutcomes...) {
				d, err := deflection.ParseDrill(q, outcome, "", "")
				if err != nil {
					t.Fatal(err)
				}
				rows, total := drillAll(t, r, analyst, d, 2)
				if int(total) != figure(rep.Totals, outcome) || len(rows) != int(total) {
					t.Errorf("tag %q, outcome %q: the dashboard says %d, the list %d (total %d)", tag, outcome, figure(rep.Totals, outcome), len(rows), total)
				}
				for i := 1; i < len(rows); i++ {
					if rows[i].CreatedAt.After(rows[i-1].CreatedAt) {
						t.Errorf("tag %q, outcome %q: not newest first: %v", tag, outcome, idsOf(rows))
					}
				}
				for _, iv := range rep.Intervals {
					d, err := deflection.ParseDrill(q, outcome, "", iv.Start)
					if err != nil {
						t.Fatal(err)
					}
					rows, total := drillAll(t, r, analyst, d, 20)
					if int(total) != figure(iv.Metrics, outcome) || len(rows) != int(total) {
						t.Errorf("tag %q, outcome %q, week of %s: the dashboard says %d, the list %d (total %d)", tag, outcome, iv.Start, figure(iv.Metrics, outcome), len(rows), total)
					}
				}
			}
		}
		if t.Failed() {
			return
		}

		// Exactly those sessions: named, newest first.
		s1, s2 := sessionOf(t, st, "vpn drops all the time"), sessionOf(t, st, "VPN keeps disconnecting")
		s3, s4 := sessionOf(t, st, "zzz unknown thing"), sessionOf(t, st, "Outlook calendar not syncing")
		s5, s6 := sessionOf(t, st, "vpn keeps   DISCONNECTING"), sessionOf(t, st, "monitor flickers")
		q, _ := deflection.ParseQuery("2026-03-02", "2026-03-15", "week", "", r.clk.Now())
		all, _ := deflection.ParseDrill(q, "", "", "")
		rows, _ := drillAll(t, r, analyst, all, 4)
		if got, want := idsOf(rows), []int64{s6, s5, s4, s3, s2, s1}; !slices.Equal(got, want) {
			t.Errorf("every session: %v, want %v", got, want)
		}
		tickets, _ := deflection.ParseDrill(q, "ticket", "", "")
		rows, _ = drillAll(t, r, analyst, tickets, 20)
		if got, want := idsOf(rows), []int64{s5, s2}; !slices.Equal(got, want) {
			t.Errorf("tickets: %v, want %v", got, want)
		}
		for _, row := range rows {
			if row.TicketID == nil || row.Outcome != "ticket" {
				t.Errorf("ticket session %d names no ticket: %+v", row.ID, row)
			}
		}
		// A rising topic: the sessions that touched it, within the dashboard's tag.
		topic, _ := deflection.ParseDrill(q, "", "vpn", "")
		rows, _ = drillAll(t, r, analyst, topic, 20)
		if got, want := idsOf(rows), []int64{s5, s4, s1}; !slices.Equal(got, want) {
			t.Errorf("topic vpn: %v, want %v", got, want)
		}
		q.Tag = "printer"
		both, _ := deflection.ParseDrill(q, "", "vpn", "")
		if rows, total := drillAll(t, r, analyst, both, 20); total != 0 || len(rows) != 0 {
			t.Errorf("tag printer and topic vpn: %v", idsOf(rows))
		}
	})
}

// TestDrillDownShowsWhatTheDashboardShows: how each session ended (the
// question and answer that solved it, the question asked, the ticket), its
// tags, and its searches only as the content gaps show them: by their
// words, of sessions that ended in a ticket or searches that found nothing.
func TestDrillDownShowsWhatTheDashboardShows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := drillScenario(t, st)
		analyst := storetest.User(t, st, "ann", store.RoleAnalyst)
		q, _ := deflection.ParseQuery("2026-03-02", "2026-03-15", "week", "", r.clk.Now())
		d, _ := deflection.ParseDrill(q, "", "", "")
		rows, _ := drillAll(t, r, analyst, d, 20)
		by := map[int64]deflection.DrillSession{}
		for _, row := range rows {
			by[row.ID] = row
		}
		s1 := by[sessionOf(t, st, "vpn drops all the time")]
		if s1.Outcome != "solved" || s1.QuestionTitle != "VPN drops every ten minutes" || s1.AnswerID == nil || len(s1.Searches) != 0 ||
			!slices.Equal(s1.Tags, []string{"vpn"}) {
			t.Errorf("solved session: %+v", s1)
		}
		s2 := by[sessionOf(t, st, "VPN keeps disconnecting")]
		if s2.Outcome != "ticket" || s2.TicketID == nil || !slices.Equal(s2.Searches, []string{"vpn keeps disconnecting"}) {
			t.Errorf("ticket session: %+v", s2)
		}
		s3 := by[sessionOf(t, st, "zzz unknown thing")]
		if s3.Outcome != "abandoned" || !slices.Equal(s3.Searches, []string{"zzz unknown thing"}) {
			t.Errorf("session that found nothing: %+v", s3)
		}
		s4 := by[sessionOf(t, st, "Outlook calendar not syncing")]
		if s4.Outcome != "asked" || s4.QuestionTitle != "VPN certificate expired warning" || len(s4.Searches) != 0 {
			t.Errorf("asked session: %+v", s4)
		}
		s6 := by[sessionOf(t, st, "monitor flickers")]
		if s6.Outcome != "" || len(s6.Searches) != 0 || len(s6.Tags) != 0 {
			t.Errorf("open session: %+v", s6)
		}
	})
}

// TestDrillDownReadsAFixedNumberOfQueries: a page of sessions costs as many
// statements as a page of two (the newest, a ticket, and one that names a
// question, so each kind of lookup runs): no lookup per session.
func TestDrillDownReadsAFixedNumberOfQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := drillScenario(t, st)
		analyst := storetest.User(t, st, "ann", store.RoleAnalyst)
		var n int
		count := func(*gorm.DB) { n++ }
		for _, p := range []interface {
			Register(string, func(*gorm.DB)) error
		}{st.DB.Callback().Query().After("gorm:query"), st.DB.Callback().Row().After("gorm:row")} {
			if err := p.Register("drill_count", count); err != nil {
				t.Fatal(err)
			}
		}
		q, _ := deflection.ParseQuery("2026-03-02", "2026-03-15", "week", "vpn", r.clk.Now())
		d, _ := deflection.ParseDrill(q, "", "vpn", "")
		statements := func(size int) int {
			d.Page, d.PageSize = 1, size
			n = 0
			rows, _, err := r.svc.DrillSessions(context.Background(), analyst, d)
			if err != nil || len(rows) != min(size, 3) {
				t.Fatalf("page of %d: %d rows, %v", size, len(rows), err)
			}
			return n
		}
		two, many := statements(2), statements(20)
		if two != many || many > 7 || many == 0 {
			t.Errorf("a page of two sessions takes %d statements, a page of three %d", two, many)
		}
	})
}

func TestDrillDownRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := drillScenario(t, st)
		ctx := context.Background()
		q, _ := deflection.ParseQuery("2026-03-02", "2026-03-15", "week", "", r.clk.Now())
		for _, c := range []struct{ outcome, topic, day, field string }{
			{"won", "", "", "outcome"},
			{"", "", "2026-03-03", "day"}, // not the first day of a week
			{"", "", "2026-03-16", "day"}, // past the range
			{"", "", "03/02/2026", "day"},
			{"", "no tag!", "", "topic"},
		} {
			_, err := deflection.ParseDrill(q, c.outcome, c.topic, c.day)
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
				t.Errorf("%+v: %v", c, err)
			}
		}
		analyst := storetest.User(t, st, "ann", store.RoleAnalyst)
		d, _ := deflection.ParseDrill(q, "", "nosuchtag", "")
		if _, _, err := r.svc.DrillSessions(ctx, analyst, d); !errs.Is(err, errs.Invalid) || errs.As(err).Fields[0].Field != "topic" {
			t.Errorf("unknown topic: %v", err)
		}
		d, _ = deflection.ParseDrill(q, "", "", "")
		// Past the depth limit of a list this short: an empty page (the
		// limit refuses only lists that long).
		d.Page, d.PageSize = deflection.MaxDrillOffset/20+1, 20
		if rows, _, err := r.svc.DrillSessions(ctx, analyst, d); err != nil || len(rows) != 0 {
			t.Errorf("page past the limit of a short list: %d rows, %v", len(rows), err)
		}
		d.Page = deflection.MaxDrillOffset / 20
		if rows, _, err := r.svc.DrillSessions(ctx, analyst, d); err != nil || len(rows) != 0 {
			t.Errorf("last page allowed: %d rows, %v", len(rows), err)
		}
		for role, want := range map[string]errs.Code{store.RoleUser: errs.Forbidden, store.RoleHotline: errs.Forbidden,
			store.RoleModerator: errs.Forbidden, store.RoleAnalyst: "", store.RoleAdmin: ""} {
			u := storetest.User(t, st, "u-"+role, role)
			if _, _, err := r.svc.DrillSessions(ctx, u, d); errs.CodeOf(err) != want {
				t.Errorf("%s: %v", role, err)
			}
		}
		if _, _, err := r.svc.DrillSessions(ctx, nil, d); !errs.Is(err, errs.Unauthorized) {
			t.Errorf("anonymous: %v", err)
		}
	})
}

// TestDrillDownHidesTheSearchesOfWhoAsked: a session that links a question
// its searcher asked (whose page names them) shows none of its searches,
// not even those that found nothing: asked, asked and then a ticket, or
// solved by their own question. The same kind of search in a session that
// links nothing of its searcher is shown, as the content gaps show it.
func TestDrillDownHidesTheSearchesOfWhoAsked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		dave := storetest.User(t, st, "dave", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		daveW := deflection.Who{User: dave, Visitor: "vd"}
		askFrom := func(s *deflection.Session, title string) *store.Post {
			q, err := r.svc.AskFromSession(ctx, daveW, s.ID, qa.QuestionInput{Title: title,
				Body: "Whom do I ask about this, and by when does it have to be done?", Tags: []string{"hr"}})
			if err != nil {
				t.Fatalf("ask from session: %v", err)
			}
			return q
		}
		asked := r.start(t, daveW, "2026-03-03 09:00", "zzz salary review")
		q := askFrom(asked, "When is the yearly review of pay done?")
		r.answer(t, bob, q, "2026-03-03 11:00")
		ticketed := r.start(t, daveW, "2026-03-04 09:00", "zzz complaint about a colleague")
		askFrom(ticketed, "How do I raise a complaint in confidence?")
		r.outcome(t, daveW, ticketed, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: ticket("A complaint in confidence")})
		r.search.posts = []*store.Post{q} // shown, and so opened, by the next search
		own := r.start(t, daveW, "2026-03-05 09:00", "pay review date")
		r.view(t, daveW, own, q)
		r.outcome(t, daveW, own, deflection.OutcomeInput{Outcome: deflection.OutcomeSolved, QuestionID: q.ID})
		r.start(t, deflection.Who{Visitor: "vx"}, "2026-03-05 10:00", "zzz payroll missing")
		r.clk.Set("2026-03-16 12:00")

		analyst := storetest.User(t, st, "ann", store.RoleAnalyst)
		qy, _ := deflection.ParseQuery("2026-03-02", "2026-03-15", "week", "", r.clk.Now())
		d, _ := deflection.ParseDrill(qy, "", "", "")
		rows, _ := drillAll(t, r, analyst, d, 20)
		by := map[int64]deflection.DrillSession{}
		for _, row := range rows {
			by[row.ID] = row
		}
		for _, c := range []struct {
			problem, outcome string
			searches         []string
		}{
			{"zzz salary review", "asked", []string{}},
			{"zzz complaint about a colleague", "ticket", []string{}},
			{"pay review date", "solved", []string{}},
			{"zzz payroll missing", "", []string{"zzz payroll missing"}},
		} {
			row, ok := by[sessionOf(t, st, c.problem)]
			if !ok || row.Outcome != c.outcome || !slices.Equal(row.Searches, c.searches) {
				t.Errorf("%q: %+v, want outcome %q and searches %q", c.problem, row, c.outcome, c.searches)
			}
			if c.outcome != "" && row.QuestionID == nil {
				t.Errorf("%q links no question: %+v", c.problem, row)
			}
		}
	})
}
