package web_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestAnalyticsCSVThroughAPI: GET /api/v1/analytics/deflection.csv gives,
// to an analyst's staff token, the very file the dashboard's page
// downloads for the same range, interval, tag and table; an employee's
// token is refused 403, an analyst's write token too (naming the staff
// scope), no token 401, bad parameters 422, each as JSON.
func TestAnalyticsCSVThroughAPI(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		db := env.App.Store.DB
		at := func(s string) time.Time {
			v, err := time.Parse("2006-01-02 15:04", s)
			if err != nil {
				t.Fatal(err)
			}
			return v.UTC()
		}
		_, carol := env.SignUp(t, "carol")
		for _, d := range []string{"09", "10", "11"} {
			id := env.Ask(t, carol, "VPN drops every ten minutes, day "+d, "vpn")
			if err := db.Model(&store.Post{}).Where("id = ?", id).Update("created_at", at("2026-03-"+d+" 09:00")).Error; err != nil {
				t.Fatal(err)
			}
		}
		session := func(start, outcome string, holdout bool, tag, search string, results int) {
			t.Helper()
			s := deflection.Session{Visitor: "v" + start, Source: deflection.SourceHelp, Query: search, Searches: 1,
				Holdout: holdout, CreatedAt: at(start), LastEventAt: time.Now().UTC(), Outcome: &outcome, OutcomeAt: ptrTime(at(start))}
			if err := db.Create(&s).Error; err != nil {
				t.Fatal(err)
			}
			if tag != "" {
				if err := db.Create(&deflection.SessionTag{SessionID: s.ID, Tag: tag}).Error; err != nil {
					t.Fatal(err)
				}
			}
			e := deflection.Event{SessionID: s.ID, Type: deflection.EventSearch, Query: search, Norm: search, Results: &results, CreatedAt: at(start)}
			if err := db.Create(&e).Error; err != nil {
				t.Fatal(err)
			}
		}
		session("2026-03-03 08:00", deflection.OutcomeTicket, true, "vpn", `=hyperlink("http://evil.example/")`, 0)
		session("2026-03-04 08:00", deflection.OutcomeTicket, false, "vpn", "+cmd calc", 3)
		session("2026-03-05 08:00", deflection.OutcomeSolved, false, "", "printer jam", 0)
		session("2026-03-10 08:00", deflection.OutcomeSolved, false, "vpn", "vpn drops", 2)

		ann := analyst(t, env)
		_, ana := env.SignUp(t, "ana")
		setRole(t, env, "ana", store.RoleAnalyst)
		const rng = "from=2026-03-02&to=2026-03-14"
		for _, c := range []struct{ query, holds string }{
			{rng, "interval,2026-03-02"},
			{rng + "&interval=day&tag=vpn", "total,2026-03-02,2026-03-14"},
			{rng + "&part=intervals&interval=month", "total,2026-03-02,2026-03-14"},
			{rng + "&interval=week&part=gaps", `"'=hyperlink(""http://evil.example/"")"`},
			{rng + "&part=gaps&tag=vpn", "'+cmd calc"},
			{rng + "&interval=week&part=rising", "vpn,3,"},
			{rng + "&part=holdout&tag=vpn", "0,1,1,"},
		} {
			page := ann.get(t, "/analytics.csv?"+c.query)
			api := env.API(t, "GET", "/analytics/deflection.csv?"+c.query, ana, nil)
			readCSV(t, page)
			readCSV(t, api)
			if !bytes.Equal(api.Body, page.Body) {
				t.Errorf("%s: the API's file\n%s\ndiffers from the page's\n%s", c.query, api.Body, page.Body)
			}
			if !strings.Contains(string(api.Body), c.holds) {
				t.Errorf("%s: the file lacks %q:\n%s", c.query, c.holds, api.Body)
			}
			for _, h := range []string{"Content-Type", "Content-Disposition", "Cache-Control"} {
				if api.Header.Get(h) != page.Header.Get(h) {
					t.Errorf("%s: %s %q, the page's %q", c.query, h, api.Header.Get(h), page.Header.Get(h))
				}
			}
		}

		isJSON := func(what string, res *testkit.Response, status int, code string) {
			t.Helper()
			if res.Status != status || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || res.ErrorCode() != code {
				t.Errorf("%s: %d %q %s, want %d %s", what, res.Status, res.Header.Get("Content-Type"), res.Body, status, code)
			}
		}
		_, emp := env.SignUp(t, "emp")
		isJSON("an employee's token", env.API(t, "GET", "/analytics/deflection.csv?"+rng, emp, nil), http.StatusForbidden, "forbidden")
		isJSON("no token", env.API(t, "GET", "/analytics/deflection.csv?"+rng, "", nil), http.StatusUnauthorized, "unauthorized")
		res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "ana", "password": "correct horse battery", "scope": "write"})
		if res.Status != http.StatusCreated {
			t.Fatalf("write token: %d %s", res.Status, res.Body)
		}
		var tok struct{ Token string }
		res.JSON(t, &tok)
		res = env.API(t, "GET", "/analytics/deflection.csv?"+rng, tok.Token, nil)
		isJSON("an analyst's write token", res, http.StatusForbidden, "forbidden")
		if !strings.Contains(string(res.Body), "staff") {
			t.Errorf("the refusal does not name the scope: %s", res.Body)
		}
		// Every field at fault, said at once.
		res = env.API(t, "GET", "/analytics/deflection.csv?interval=hour&part=everything", ana, nil)
		isJSON("bad parameters", res, http.StatusUnprocessableEntity, "invalid")
		for _, f := range []string{`"part"`, `"interval"`} {
			if !strings.Contains(string(res.Body), f) {
				t.Errorf("bad parameters: %s not named in %s", f, res.Body)
			}
		}
	})
}
