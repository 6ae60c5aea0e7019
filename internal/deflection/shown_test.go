package deflection_test

import (
	"context"
	"errors"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/reputation"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// notShown asserts that err refuses a question the session was not shown,
// on question_id.
func notShown(t *testing.T, what string, err error) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "question_id" ||
		e.Fields[0].Msg.ID != "help.not_shown" || !deflection.NotShown(err) {
		t.Fatalf("%s: %v, want 422 help.not_shown on question_id", what, err)
	}
}

// shownOf reads what a session's searches stored as shown, oldest first.
func shownOf(t *testing.T, st *store.Store, sessionID int64) []string {
	t.Helper()
	var shown []string
	if err := st.DB.Table("help_events").Where("session_id = ? AND type = 'search'", sessionID).Order("id").
		Pluck("COALESCE(shown, 'NULL')", &shown).Error; err != nil {
		t.Fatal(err)
	}
	return shown
}

// TestViewTakesOnlyAQuestionTheSessionShowed: a session views, and is
// solved by, only a question one of its searches showed: a view of another
// (a crafted /help/N/open/Q, an API client) is refused on question_id and
// records nothing, so "solved" by it stays refused and pays nobody. The
// normal way (search, open a suggestion, solved) still works, also for a
// question an earlier search of the session showed.
func TestViewTakesOnlyAQuestionTheSessionShowed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r, q := answeredLaptop(t, st)
		carol := storetest.User(t, st, "carol2", store.RoleUser)
		other := r.ask(t, carol, "2026-03-02 09:10", "Printer prints blank pages", "printer")
		r.answer(t, storetest.User(t, st, "eve", store.RoleUser), other, "2026-03-02 09:20")
		searcher := storetest.User(t, st, "sam", store.RoleUser)
		st.DB.Model(searcher).Update("reputation", config.Defaults().Reputation.VoteUp)
		me := deflection.Who{User: searcher}
		ctx := context.Background()

		s := r.start(t, me, "2026-03-02 10:00", "laptop will not wake up")
		if got := shownOf(t, st, s.ID); len(got) != 1 || got[0] != itoa(q.ID) {
			t.Fatalf("first search stored shown %q, want %d", got, q.ID)
		}
		_, err := r.svc.AddEvent(ctx, me, s.ID, deflection.EventInput{Type: "view", QuestionID: other.ID})
		notShown(t, "view of a question never shown", err)
		_, err = r.svc.SetOutcome(ctx, me, s.ID, deflection.OutcomeInput{Outcome: "solved", QuestionID: other.ID})
		notShown(t, "solved by a question never shown", err)
		var views, rewards int64
		st.DB.Model(&deflection.Event{}).Where("session_id = ? AND type = 'view'", s.ID).Count(&views)
		st.DB.Model(&store.ReputationEvent{}).Where("kind = ?", reputation.KindSolved).Count(&rewards)
		var open deflection.Session
		st.DB.First(&open, s.ID)
		if views != 0 || rewards != 0 || open.Views != 0 || open.OutcomeName() != "" {
			t.Fatalf("refused view left %d views (%d counted), %d rewards, outcome %q", views, open.Views, rewards, open.OutcomeName())
		}

		// A later search that shows nothing keeps what the first showed.
		if _, err := r.svc.AddEvent(ctx, me, s.ID, deflection.EventInput{Type: "search", Query: "zzz something else entirely"}); err != nil {
			t.Fatal(err)
		}
		if got := shownOf(t, st, s.ID); len(got) != 2 || got[1] != "" {
			t.Fatalf("shown after a search that found nothing: %q", got)
		}
		r.view(t, me, s, q)
		if res := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: "solved", QuestionID: q.ID}); res.Session.OutcomeName() != "solved" {
			t.Fatalf("solved by a shown and opened suggestion: %+v", res.Session)
		}
		st.DB.Model(&store.ReputationEvent{}).Where("kind = ?", reputation.KindSolved).Count(&rewards)
		if rewards != 1 {
			t.Errorf("%d solved rewards, want 1", rewards)
		}
	})
}

// TestShownFollowsWhatThePageShows: typing on (a refined search) keeps
// what the words typed so far showed; the session's page shown again adds
// what the index finds now; a holdout session is shown, and opens, nothing.
func TestShownFollowsWhatThePageShows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r, q := answeredLaptop(t, st)
		carol := storetest.User(t, st, "carol2", store.RoleUser)
		ctx := context.Background()
		me := deflection.Who{Visitor: "v-typist"}
		s := r.start(t, me, "2026-03-02 10:00", "laptop will")
		later := r.ask(t, carol, "2026-03-02 10:00", "Laptop will not charge", "laptop")
		r.search.posts = []*store.Post{later}
		r.clk.Set("2026-03-02 10:00")
		if _, err := r.svc.AddEvent(ctx, me, s.ID, deflection.EventInput{Type: "search", Query: "laptop will not wake"}); err != nil {
			t.Fatal(err)
		}
		if got := shownOf(t, st, s.ID); len(got) != 1 || got[0] != itoa(q.ID)+" "+itoa(later.ID) {
			t.Fatalf("a refined search stored shown %q, want both", got)
		}
		newer := r.ask(t, carol, "2026-03-02 10:01", "Laptop will not wake after the update", "laptop")
		r.search.posts = []*store.Post{newer, later}
		if _, err := r.svc.Session(ctx, me, s.ID); err != nil {
			t.Fatal(err)
		}
		if got := shownOf(t, st, s.ID); len(got) != 1 || got[0] != itoa(q.ID)+" "+itoa(newer.ID)+" "+itoa(later.ID) {
			t.Fatalf("the page shown again stored shown %q", got)
		}
		for _, id := range []*store.Post{q, later, newer} {
			r.view(t, me, s, id)
		}

		r.svc.Settings.Holdout = 0.5
		r.draws = []float64{0.1}
		hold := r.start(t, deflection.Who{Visitor: "v-held"}, "2026-03-02 11:00", "laptop will not wake")
		if !hold.Holdout {
			t.Fatal("not in the holdout")
		}
		if _, err := r.svc.Session(ctx, deflection.Who{Visitor: "v-held"}, hold.ID); err != nil {
			t.Fatal(err)
		}
		_, err := r.svc.AddEvent(ctx, deflection.Who{Visitor: "v-held"}, hold.ID, deflection.EventInput{Type: "view", QuestionID: q.ID})
		notShown(t, "a holdout session's view", err)
	})
}

// TestSiteSearchShowsItsPages: a site-search session is shown the page of
// results it showed, and another page of the same search adds its own; a
// "solved" from a search that recorded no session names a question of the
// page it came from, or is refused and records nothing.
func TestSiteSearchShowsItsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r, q := answeredLaptop(t, st)
		carol := storetest.User(t, st, "carol2", store.RoleUser)
		other := r.ask(t, carol, "2026-03-02 09:10", "Laptop fan is loud", "laptop")
		r.answer(t, storetest.User(t, st, "eve", store.RoleUser), other, "2026-03-02 09:20")
		ctx := context.Background()
		me := deflection.Who{Visitor: "v-searcher"}
		r.clk.Set("2026-03-02 10:00")
		s, err := r.svc.SiteSearch(ctx, me, 0, "laptop", 25, []int64{q.ID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.svc.AddEvent(ctx, me, s.ID, deflection.EventInput{Type: "view", QuestionID: other.ID})
		notShown(t, "a result of a page not shown", err)
		if again, err := r.svc.SiteSearch(ctx, me, s.ID, "laptop", 25, []int64{other.ID}); err != nil || again.ID != s.ID || again.Searches != 1 {
			t.Fatalf("page 2: %+v %v", again, err)
		}
		r.view(t, me, s, q)
		r.view(t, me, s, other)

		_, err = r.svc.SolvedFromSearch(ctx, deflection.Who{Visitor: "v-new"}, "laptop", []int64{q.ID}, other.ID, 0)
		notShown(t, "solved from search by a question not on its page", err)
		var n int64
		st.DB.Model(&deflection.Session{}).Where("visitor = ?", "v-new").Count(&n)
		if n != 0 {
			t.Fatalf("the refused solved left %d sessions", n)
		}
		if sess, err := r.svc.SolvedFromSearch(ctx, deflection.Who{Visitor: "v-new"}, "laptop", []int64{q.ID, other.ID}, other.ID, 0); err != nil || sess.OutcomeName() != "solved" {
			t.Fatalf("solved from search by a question on its page: %+v %v", sess, err)
		}
	})
}

// TestSearchesBeforeShownWasKeptKeepTheirViews: a session whose search was
// recorded before migration 00057 (shown NULL) takes its views as it did
// then, so that a session open across the upgrade is not refused.
func TestSearchesBeforeShownWasKeptKeepTheirViews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r, _ := answeredLaptop(t, st)
		carol := storetest.User(t, st, "carol2", store.RoleUser)
		other := r.ask(t, carol, "2026-03-02 09:10", "Printer prints blank pages", "printer")
		me := deflection.Who{Visitor: "v-before"}
		s := r.start(t, me, "2026-03-02 10:00", "laptop will not wake up")
		if err := st.DB.Table("help_events").Where("session_id = ?", s.ID).Update("shown", nil).Error; err != nil {
			t.Fatal(err)
		}
		r.view(t, me, s, other)
		if got := shownOf(t, st, s.ID); len(got) != 1 || got[0] != "NULL" {
			t.Fatalf("a view changed the earlier search's shown: %q", got)
		}
	})
}
