package deflection_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// scenario simulates two weeks of help sessions with known outcomes:
//
//	week of 2026-03-02: s1 solved (alice), s2 ticket (visitor v2, holdout),
//	  s3 abandoned (v3), s4 asked by alice and later resolved, s5 ticket (v2
//	  again, after opening q1)
//	week of 2026-03-09: s6 still open (bob)
//
// and questions: q1 (03-02, answered after 1h, accepted), q2 (03-03, 3h),
// q4 (asked in s4 on 03-04, answered after 4h, accepted), q3 (03-09, no
// answer), three "outlook" questions on 03-10/11 and one on 02-16.
func scenario(t *testing.T, st *store.Store) *rig {
	r := newRig(t, st)
	ctx := context.Background()
	alice := storetest.User(t, st, "alice", store.RoleUser)
	bob := storetest.User(t, st, "bob", store.RoleUser)
	carol := storetest.User(t, st, "carol", store.RoleUser)
	r.svc.Settings.Holdout = 0.5

	q1 := r.ask(t, carol, "2026-03-02 09:00", "VPN drops every ten minutes", "vpn")
	a1 := r.answer(t, bob, q1, "2026-03-02 10:00")
	r.accept(t, carol, a1)
	q2 := r.ask(t, carol, "2026-03-03 09:00", "Printer prints blank pages", "printer")
	r.answer(t, bob, q2, "2026-03-03 12:00")
	r.search.posts = []*store.Post{q1, q2}

	aliceW := deflection.Who{User: alice, Visitor: "va"}
	s1 := r.start(t, aliceW, "2026-03-02 10:30", "vpn drops all the time")
	r.view(t, aliceW, s1, q1)
	r.outcome(t, aliceW, s1, deflection.OutcomeInput{Outcome: deflection.OutcomeSolved, QuestionID: q1.ID})

	v2 := deflection.Who{Visitor: "v2"}
	r.draws = []float64{0.1} // s2 is in the holdout
	s2 := r.start(t, v2, "2026-03-02 11:00", "VPN keeps disconnecting")
	if !s2.Holdout {
		t.Fatal("s2 not in the holdout")
	}
	// Shown nothing, s2 opens nothing through the session.
	r.outcome(t, v2, s2, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: ticket("VPN keeps disconnecting")})

	v3 := deflection.Who{Visitor: "v3"}
	r.start(t, v3, "2026-03-03 10:00", "zzz unknown thing")

	r.clk.Set("2026-03-04 09:00")
	if n, err := r.svc.AbandonIdle(ctx); err != nil || n != 1 {
		t.Fatalf("abandon: %d, %v", n, err)
	}

	s4 := r.start(t, aliceW, "2026-03-04 10:00", "Outlook calendar not syncing")
	q4, err := r.svc.AskFromSession(ctx, aliceW, s4.ID, qa.QuestionInput{Title: "VPN certificate expired warning",
		Body: "Every login shows a warning that the certificate expired.", Tags: []string{"vpn"}})
	if err != nil {
		t.Fatalf("ask from session: %v", err)
	}
	a4 := r.answer(t, bob, q4, "2026-03-04 14:00")
	r.accept(t, alice, a4)

	s5 := r.start(t, v2, "2026-03-05 10:00", "vpn keeps   DISCONNECTING")
	r.view(t, v2, s5, q1)
	r.outcome(t, v2, s5, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: ticket("Still the VPN")})

	r.start(t, deflection.Who{User: bob}, "2026-03-09 09:00", "monitor flickers")
	r.ask(t, carol, "2026-03-09 10:00", "VPN client will not install", "vpn")
	for _, d := range []string{"2026-03-10 09:00", "2026-03-10 11:00", "2026-03-11 09:00"} {
		r.ask(t, carol, d, "Outlook search finds nothing "+d, "outlook")
	}
	r.ask(t, carol, "2026-02-16 09:00", "Outlook rules do not run", "outlook")
	r.clk.Set("2026-03-16 12:00")
	return r
}

func f(v float64) *float64 { return &v }

func TestDashboardFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := scenario(t, st)
		analyst := storetest.User(t, st, "ann", store.RoleAnalyst)
		q, err := deflection.ParseQuery("2026-03-02", "2026-03-15", "week", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(context.Background(), analyst, q)
		if err != nil {
			t.Fatal(err)
		}
		week1 := deflection.Metrics{Sessions: 5, Solved: 1, Asked: 1, Tickets: 2, Abandoned: 1, WithOutcome: 5,
			DeflectionRate: f(0.2), CommunityResolved: 1, TicketsAvoided: 2, CostAvoided: 37, SessionsWithSearch: 5,
			TicketSubmitters: 1, SelfServiceScore: f(5), SearchToTicket: f(0.4),
			Questions: 3, Answered: 3, AcceptedCount: 2, TTFAMedian: f(10800), TTFAP90: f(13680),
			Unanswered: f(0), AcceptedRate: f(2.0 / 3)}
		week2 := deflection.Metrics{Sessions: 1, Open: 1, SessionsWithSearch: 1, SearchToTicket: f(0),
			Questions: 4, Unanswered: f(1), AcceptedRate: f(0)}
		total := deflection.Metrics{Sessions: 6, Solved: 1, Asked: 1, Tickets: 2, Abandoned: 1, Open: 1, WithOutcome: 5,
			DeflectionRate: f(0.2), CommunityResolved: 1, TicketsAvoided: 2, CostAvoided: 37, SessionsWithSearch: 6,
			TicketSubmitters: 1, SelfServiceScore: f(6), SearchToTicket: f(2.0 / 6),
			Questions: 7, Answered: 3, AcceptedCount: 2, TTFAMedian: f(10800), TTFAP90: f(13680),
			Unanswered: f(4.0 / 7), AcceptedRate: f(2.0 / 7)}
		if len(rep.Intervals) != 2 || rep.Intervals[0].Start != "2026-03-02" || rep.Intervals[1].Start != "2026-03-09" || rep.Intervals[1].End != "2026-03-16" {
			t.Fatalf("intervals %+v", rep.Intervals)
		}
		same(t, "week 1", rep.Intervals[0].Metrics, week1)
		same(t, "week 2", rep.Intervals[1].Metrics, week2)
		same(t, "totals", rep.Totals, total)

		// The holdout: s2 (ticket) alone; the others s1, s3, s4, s5 (one ticket).
		h := rep.Holdout
		if h.HoldoutSessions != 1 || h.HoldoutTickets != 1 || h.SuggestedSessions != 4 || h.SuggestedTickets != 1 {
			t.Fatalf("holdout %+v", h)
		}
		// Too few sessions for a figure (the interval would run past +100 pp).
		if !h.TooFew || h.Difference != nil || h.CILow != nil || h.CIHigh != nil {
			t.Fatalf("holdout of 1 and 4 sessions: too few %v, interval %v to %v", h.TooFew, fmtp(h.CILow), fmtp(h.CIHigh))
		}

		// Content gaps: the VPN search of two ticket sessions, then the one that found nothing.
		want := []deflection.Gap{{Query: "vpn keeps disconnecting", Sessions: 2, Tickets: 2}, {Query: "zzz unknown thing", Sessions: 1, NoResults: 1}}
		if len(rep.ContentGaps) != 2 || rep.ContentGaps[0] != want[0] || rep.ContentGaps[1] != want[1] {
			t.Fatalf("content gaps %+v", rep.ContentGaps)
		}
		// Rising tags, for the week of 03-09: outlook 3 against an average of 0.25; vpn (1) is not rising.
		if len(rep.RisingTags) != 1 || rep.RisingTags[0] != (deflection.RisingTag{Tag: "outlook", ThisWeek: 3, Average: 0.25}) || rep.WeekOf != "2026-03-09" {
			t.Fatalf("rising tags %+v (week of %s)", rep.RisingTags, rep.WeekOf)
		}

		// The tag filter: sessions that touched vpn (s1, s5 viewed q1, s4 asked a vpn question).
		q.Tag = "vpn"
		rep, err = r.svc.Dashboard(context.Background(), analyst, q)
		if err != nil {
			t.Fatal(err)
		}
		tm := rep.Totals
		if tm.Sessions != 3 || tm.Solved != 1 || tm.Asked != 1 || tm.Tickets != 1 || tm.Questions != 3 || tm.CommunityResolved != 1 {
			t.Fatalf("vpn totals %+v", tm)
		}

		// CSV: a header, one row per interval and the totals.
		var b bytes.Buffer
		if err := rep.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		// Days included at both ends; rates to four places.
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "period,first_day,last_day,sessions,solved") ||
			!strings.HasPrefix(lines[1], "interval,2026-03-02,2026-03-08,3,1,1,1,0,0,0.3333,") || !strings.HasPrefix(lines[3], "total,2026-03-02,2026-03-15,3,1,1,1,0,0,") {
			t.Fatalf("csv:\n%s", b.String())
		}
		// The denominators of the rates come along, by name.
		head, last := strings.Split(lines[0], ","), strings.Split(lines[3], ",")
		cell := map[string]string{}
		for i, name := range head {
			if i < len(last) {
				cell[name] = last[i]
			}
		}
		for name, want := range map[string]int{"with_outcome": tm.WithOutcome, "sessions_with_search": tm.SessionsWithSearch,
			"ticket_submitters": tm.TicketSubmitters, "answered": tm.Answered, "accepted": tm.AcceptedCount} {
			if cell[name] != strconv.Itoa(want) {
				t.Errorf("csv %s = %q, want %d", name, cell[name], want)
			}
		}
		if tm.WithOutcome == 0 || tm.Answered == 0 {
			t.Fatalf("the scenario has no outcomes or answers to check the columns with: %+v", tm)
		}
		// Every row names the tag it is narrowed to, in the last column.
		if head[len(head)-1] != "tag" {
			t.Errorf("the last column is %q, want tag", head[len(head)-1])
		}
		for _, line := range lines[1:] {
			if cells := strings.Split(line, ","); len(cells) != len(head) || cells[len(cells)-1] != "vpn" {
				t.Errorf("a row of the vpn figures does not say vpn: %q", line)
			}
		}
	})
}

func TestDashboardEmptyPeriodsAndZeroDenominators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := scenario(t, st)
		admin := storetest.User(t, st, "root", store.RoleAdmin)
		// Days: 03-07 and 03-08 (a weekend) have nothing; the range 2025 has nothing at all.
		q, err := deflection.ParseQuery("2026-03-06", "2026-03-08", "day", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(context.Background(), admin, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Intervals) != 3 {
			t.Fatalf("%d intervals", len(rep.Intervals))
		}
		for _, iv := range rep.Intervals {
			same(t, iv.Start, iv.Metrics, deflection.Metrics{})
		}
		q, _ = deflection.ParseQuery("2025-01-01", "2025-03-31", "month", "", r.clk.Now())
		rep, err = r.svc.Dashboard(context.Background(), admin, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Intervals) != 3 || rep.Intervals[1].Start != "2025-02-01" {
			t.Fatalf("months %+v", rep.Intervals)
		}
		body, err := json.Marshal(rep)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		s := string(body)
		if strings.Contains(s, "NaN") || !strings.Contains(s, `"deflection_rate":null`) || !strings.Contains(s, `"difference":null`) {
			t.Fatalf("json: %s", s)
		}
	})
}

func TestDashboardAccess(t *testing.T) {
	st := storetest.SQLite(t)
	r := newRig(t, st)
	q, _ := deflection.ParseQuery("", "", "", "", r.clk.Now())
	for role, want := range map[string]errs.Code{store.RoleUser: errs.Forbidden, store.RoleHotline: errs.Forbidden, store.RoleModerator: errs.Forbidden, store.RoleAnalyst: "", store.RoleAdmin: ""} {
		u := storetest.User(t, st, "u-"+role, role)
		if _, err := r.svc.Dashboard(context.Background(), u, q); errs.CodeOf(err) != want {
			t.Errorf("%s: %v", role, err)
		}
	}
	if _, err := r.svc.Dashboard(context.Background(), nil, q); !errs.Is(err, errs.Unauthorized) {
		t.Errorf("anonymous: %v", err)
	}
}

func TestParseQuery(t *testing.T) {
	now := at("2026-03-16 12:00")
	q, err := deflection.ParseQuery("", "", "", "", now)
	if err != nil || q.From != at("2026-02-15 00:00") || q.To != at("2026-03-17 00:00") || q.Interval != "day" {
		t.Fatalf("defaults %+v %v", q, err)
	}
	bad := []struct{ from, to, interval, tag, field string }{
		{"2026-13-01", "", "", "", "from"},
		{"", "yesterday", "", "", "to"},
		{"2026-03-10", "2026-03-01", "", "", "from"},
		{"", "", "hour", "", "interval"},
		{"2000-01-01", "2026-01-01", "week", "", "from"},
		{"1900-01-01", "", "", "", "from"},
		{"2025-01-01", "2026-03-01", "day", "", "interval"},
		{"", "", "", "VPN stuff!", "tag"},
	}
	for _, c := range bad {
		_, err := deflection.ParseQuery(c.from, c.to, c.interval, c.tag, now)
		e := errs.As(err)
		if err == nil || e.Code != errs.Invalid || !errs.Fields(e.Fields).Has(c.field) {
			t.Errorf("%+v: %v", c, err)
		}
	}
	// ISO weeks: a range starting on a Wednesday has a clipped first week.
	q, _ = deflection.ParseQuery("2026-03-04", "2026-03-16", "week", "", now)
	b := q.Buckets()
	if len(b) != 3 || b[0].Start != at("2026-03-04 00:00") || b[0].End != at("2026-03-09 00:00") || b[2].End != at("2026-03-17 00:00") {
		t.Fatalf("weeks %+v", b)
	}
}

func TestHoldoutEstimateNumbers(t *testing.T) {
	// 100 holdout sessions with 30 tickets, 900 others with 180: d = 0.1,
	// se = √(0.3·0.7/100 + 0.2·0.8/900).
	se := math.Sqrt(0.3*0.7/100 + 0.2*0.8/900)
	h := deflection.EstimateForTest(100, 30, 900, 180)
	near(t, "d", h.Difference, 0.1)
	near(t, "lo", h.CILow, 0.1-1.96*se)
	near(t, "hi", h.CIHigh, 0.1+1.96*se)
	if h := deflection.EstimateForTest(0, 0, 10, 1); h.Difference != nil || h.HoldoutTicketRate != nil || *h.SuggestedTicketRate != 0.1 {
		t.Fatalf("empty holdout: %+v", h)
	}
	// The interval stays within −100 and +100 pp: 30 of 30 holdout
	// sessions ended in a ticket, 1 of 30 others.
	h = deflection.EstimateForTest(30, 30, 30, 1)
	if h.TooFew || *h.CIHigh != 1 || *h.CILow >= *h.Difference {
		t.Fatalf("interval %v to %v around %v", fmtp(h.CILow), fmtp(h.CIHigh), fmtp(h.Difference))
	}
	if h := deflection.EstimateForTest(29, 10, 900, 180); !h.TooFew || h.CILow != nil || h.Difference != nil || h.HoldoutTicketRate == nil {
		t.Fatalf("29 holdout sessions: %+v", h)
	}
}

func near(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil || math.Abs(*got-want) > 1e-9 {
		t.Fatalf("%s = %v, want %v", name, fmtp(got), want)
	}
}

func fmtp(p *float64) any {
	if p == nil {
		return "nil"
	}
	return *p
}

// same compares metrics, rates to 1e-9.
func same(t *testing.T, name string, got, want deflection.Metrics) {
	t.Helper()
	rates := []struct {
		n    string
		g, w *float64
	}{
		{"deflection_rate", got.DeflectionRate, want.DeflectionRate}, {"self_service", got.SelfServiceScore, want.SelfServiceScore},
		{"search_to_ticket", got.SearchToTicket, want.SearchToTicket}, {"ttfa_median", got.TTFAMedian, want.TTFAMedian},
		{"ttfa_p90", got.TTFAP90, want.TTFAP90}, {"unanswered", got.Unanswered, want.Unanswered}, {"accepted_rate", got.AcceptedRate, want.AcceptedRate},
	}
	for _, r := range rates {
		if (r.g == nil) != (r.w == nil) || (r.g != nil && math.Abs(*r.g-*r.w) > 1e-9) {
			t.Errorf("%s: %s = %v, want %v", name, r.n, fmtp(r.g), fmtp(r.w))
		}
	}
	got.DeflectionRate, got.SelfServiceScore, got.SearchToTicket, got.TTFAMedian, got.TTFAP90, got.Unanswered, got.AcceptedRate = nil, nil, nil, nil, nil, nil, nil
	want.DeflectionRate, want.SelfServiceScore, want.SearchToTicket, want.TTFAMedian, want.TTFAP90, want.Unanswered, want.AcceptedRate = nil, nil, nil, nil, nil, nil, nil
	if got != want {
		t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
	}
}

// TestTimeToFirstAnswerInWholeSeconds: answers that come a fraction of a
// second into a minute still give times to a first answer in whole seconds,
// as the CSV export shows them.
func TestTimeToFirstAnswerInWholeSeconds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		asker, expert := storetest.User(t, st, "asker", store.RoleUser), storetest.User(t, st, "expert", store.RoleUser)
		for i, after := range []time.Duration{90*time.Second + 400*time.Millisecond, 100*time.Second + 900*time.Millisecond} {
			q := r.ask(t, asker, "2026-03-02 09:0"+strconv.Itoa(i), "Laptop fan runs at full speed all day "+strconv.Itoa(i), "laptop")
			r.clk.Advance(after)
			if _, err := r.qa.Answer(context.Background(), expert, q.ID, "Update the BIOS; the fan curve was fixed in the last release."); err != nil {
				t.Fatal(err)
			}
		}
		q, err := deflection.ParseQuery("2026-03-02", "2026-03-02", "day", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(context.Background(), storetest.User(t, st, "ann", store.RoleAnalyst), q)
		if err != nil {
			t.Fatal(err)
		}
		m := rep.Totals
		if m.TTFAMedian == nil || *m.TTFAMedian != 96 || m.TTFAP90 == nil || *m.TTFAP90 != 100 {
			t.Fatalf("time to first answer: median %v, p90 %v; want 96 and 100", deref(m.TTFAMedian), deref(m.TTFAP90))
		}
	})
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestCommunityResolvedCountsAQuestionOnce: sessions stored before one
// question could end only one session as asked may name a question twice;
// it is still one question the community resolved.
func TestCommunityResolvedCountsAQuestionOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		asker, expert := storetest.User(t, st, "asker", store.RoleUser), storetest.User(t, st, "expert", store.RoleUser)
		q := r.ask(t, asker, "2026-03-02 09:00", "Laptop fan runs at full speed all day", "laptop")
		r.accept(t, asker, r.answer(t, expert, q, "2026-03-02 10:00"))
		asked := deflection.OutcomeAsked
		for i := range 2 {
			at := at("2026-03-02 08:5" + strconv.Itoa(i))
			if err := st.DB.Create(&deflection.Session{Source: deflection.SourceHelp, UserID: &asker.ID, Query: "fan loud",
				LastQuery: "fan loud", Outcome: &asked, OutcomeAt: &at, QuestionID: &q.ID, CreatedAt: at, LastEventAt: at}).Error; err != nil {
				t.Fatal(err)
			}
		}
		dq, err := deflection.ParseQuery("2026-03-02", "2026-03-02", "day", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(context.Background(), storetest.User(t, st, "ann", store.RoleAnalyst), dq)
		if err != nil {
			t.Fatal(err)
		}
		if m := rep.Totals; m.Asked != 2 || m.CommunityResolved != 1 {
			t.Fatalf("asked %d, community resolved %d; want 2 and 1", m.Asked, m.CommunityResolved)
		}
	})
}

// TestSelfAnsweredIsNotCommunityResolved: a question whose asker accepts
// their own answer was not resolved by the community; one answered by a
// colleague is.
func TestSelfAnsweredIsNotCommunityResolved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		asker, expert := storetest.User(t, st, "asker", store.RoleUser), storetest.User(t, st, "expert", store.RoleUser)
		own := r.ask(t, asker, "2026-03-02 09:00", "Laptop fan runs at full speed all day", "laptop")
		r.accept(t, asker, r.answer(t, asker, own, "2026-03-02 10:00"))
		other := r.ask(t, asker, "2026-03-02 09:30", "Docking station loses the second monitor", "docking")
		r.accept(t, asker, r.answer(t, expert, other, "2026-03-02 10:30"))
		asked := deflection.OutcomeAsked
		for i, q := range []int64{own.ID, other.ID} {
			at := at("2026-03-02 08:5" + strconv.Itoa(i))
			if err := st.DB.Create(&deflection.Session{Source: deflection.SourceHelp, UserID: &asker.ID, Query: "help",
				LastQuery: "help", Outcome: &asked, OutcomeAt: &at, QuestionID: &q, CreatedAt: at, LastEventAt: at}).Error; err != nil {
				t.Fatal(err)
			}
		}
		dq, err := deflection.ParseQuery("2026-03-02", "2026-03-02", "day", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(context.Background(), storetest.User(t, st, "ann", store.RoleAnalyst), dq)
		if err != nil {
			t.Fatal(err)
		}
		if m := rep.Totals; m.Asked != 2 || m.CommunityResolved != 1 || m.TicketsAvoided != 1 {
			t.Fatalf("asked %d, community resolved %d, tickets avoided %d; want 2, 1 and 1", m.Asked, m.CommunityResolved, m.TicketsAvoided)
		}
	})
}

// TestContentGapsAreWordsNotFilters: only a search of words alone is a
// content gap, grouped by its words: a site search with filters (read or
// not, alone or with words: its filters may have emptied it although the
// words have answers) is none, nor is a Get-help request without a letter
// or digit that ended in a ticket.
func TestContentGapsAreWordsNotFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		analyst := storetest.User(t, st, "ann", store.RoleAnalyst)
		searches := []struct{ who, query string }{
			{"v1", "is:foo"}, {"v2", "score:abc"}, {"v3", "user:nobody"}, {"v4", "created:>2026-13-45"},
			{"v5", "[vpn] is:answered"},
			{"v6", "Laptop battery  swollen"}, {"v7", "laptop battery swollen [hardware] score:1"},
			{"v9", "user:nobody vpn"}, {"v10", "vpn -cisco"}, {"v11", "vpn score:abc"},
		}
		for i, s := range searches {
			r.clk.Set(fmt.Sprintf("2026-03-02 %02d:00", 8+i))
			if _, err := r.svc.SiteSearch(context.Background(), deflection.Who{Visitor: s.who}, 0, s.query, 0, nil); err != nil {
				t.Fatalf("site search %q: %v", s.query, err)
			}
		}
		// A search of filters alone right after a search of words (within
		// the moments that merge a refined search) keeps the words' search.
		r.clk.Set("2026-03-02 20:00")
		for _, query := range []string{"printer toner smudges", "[hardware]"} {
			if _, err := r.svc.SiteSearch(context.Background(), deflection.Who{Visitor: "v8"}, 0, query, 0, nil); err != nil {
				t.Fatalf("site search %q: %v", query, err)
			}
		}
		smiles := r.start(t, deflection.Who{Visitor: "v12"}, "2026-03-02 21:00", "🙂🙂🙂")
		r.outcome(t, deflection.Who{Visitor: "v12"}, smiles, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: ticket("Something is wrong")})
		lines := r.start(t, deflection.Who{Visitor: "v13"}, "2026-03-02 21:30", "___ ___")
		r.outcome(t, deflection.Who{Visitor: "v13"}, lines, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: ticket("Something else is wrong")})
		q, err := deflection.ParseQuery("2026-03-02", "2026-03-02", "day", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(context.Background(), analyst, q)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Totals.Tickets != 2 {
			t.Fatalf("tickets %d, want those of the smiles and the lines", rep.Totals.Tickets)
		}
		want := []deflection.Gap{{Query: "laptop battery swollen", Sessions: 1, NoResults: 1}, {Query: "printer toner smudges", Sessions: 1, NoResults: 1}}
		if !slices.Equal(rep.ContentGaps, want) {
			t.Fatalf("content gaps %+v, want %+v", rep.ContentGaps, want)
		}
	})
}

// TestContentGapsOfGetHelpAreItsWords: a problem described on Get help is
// prose, not search-box syntax: a word typed "-urgent" or "[hr]" is one of
// its words (no excluded word, no tag filter), also in a later search of the
// session, and a problem of one bracketed word is a content gap, not an
// empty search.
func TestContentGapsOfGetHelpAreItsWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		analyst := storetest.User(t, st, "ann", store.RoleAnalyst)
		r.start(t, deflection.Who{Visitor: "v1"}, "2026-03-02 08:00", "zzz My printer prints blank pages -urgent [hr] 'quotes'")
		s := r.start(t, deflection.Who{Visitor: "v2"}, "2026-03-02 09:00", "[zzz]")
		r.clk.Advance(time.Hour)
		if _, err := r.svc.AddEvent(context.Background(), deflection.Who{Visitor: "v2"}, s.ID,
			deflection.EventInput{Type: deflection.EventSearch, Query: "zzz -vpn  is:down"}); err != nil {
			t.Fatal(err)
		}
		q, err := deflection.ParseQuery("2026-03-02", "2026-03-02", "day", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(context.Background(), analyst, q)
		if err != nil {
			t.Fatal(err)
		}
		want := []deflection.Gap{
			{Query: "zzz", Sessions: 1, NoResults: 1},
			{Query: "zzz my printer prints blank pages urgent hr quotes", Sessions: 1, NoResults: 1},
			{Query: "zzz vpn is down", Sessions: 1, NoResults: 1},
		}
		if !slices.Equal(rep.ContentGaps, want) {
			t.Fatalf("content gaps %+v, want %+v", rep.ContentGaps, want)
		}
	})
}

// TestDashboardLeavesOutTheSupportTeam: the help sessions an analyst or a
// hotline agent opens (trying Get help, or looking up an answer for a
// caller) are kept and work as any, but the dashboard's figures and content
// gaps leave them out, as the search page does not count their searches; an
// employee's session beside them counts.
func TestDashboardLeavesOutTheSupportTeam(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		emp := storetest.User(t, st, "emp", store.RoleUser)
		lead := storetest.User(t, st, "lead", store.RoleAnalyst)
		agent := storetest.User(t, st, "agent", store.RoleHotline)

		empW := deflection.Who{User: emp, Visitor: "ve"}
		s := r.start(t, empW, "2026-03-02 10:00", "docking station gives no picture")
		r.outcome(t, empW, s, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: ticket("Dock gives no picture")})
		for _, u := range []*store.User{lead, agent} {
			w := deflection.Who{User: u, Visitor: "v-" + u.Username}
			s := r.start(t, w, "2026-03-02 11:00", "zzz keyboard layout switches by itself")
			if !s.SupportTeam {
				t.Errorf("%s's session is not marked as the support team's", u.Username)
			}
			if u == agent {
				r.outcome(t, w, s, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: ticket("Keyboard layout switches")})
			}
		}
		r.clk.Set("2026-03-16 12:00")
		q, err := deflection.ParseQuery("2026-03-01", "2026-03-15", "week", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(context.Background(), lead, q)
		if err != nil {
			t.Fatal(err)
		}
		if tm := rep.Totals; tm.Sessions != 1 || tm.Tickets != 1 || tm.Open != 0 || tm.TicketSubmitters != 1 {
			t.Fatalf("totals count the support team: %+v", tm)
		}
		for _, g := range rep.ContentGaps {
			if strings.Contains(g.Query, "keyboard") {
				t.Errorf("a content gap of the support team's: %+v", g)
			}
		}
		if len(rep.ContentGaps) != 1 {
			t.Errorf("content gaps %+v, want the employee's alone", rep.ContentGaps)
		}
	})
}
