package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestVotingAndAcceptingWithoutJavaScript posts the vote and accept forms as
// plain HTML forms and checks what the pages show afterwards.
func TestVotingAndAcceptingWithoutJavaScript(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, adaTok := env.SignUp(t, "ada")
	_, bobTok := env.SignUp(t, "bob")
	q := env.Ask(t, adaTok, "Wi-Fi in meeting room B drops calls")
	a := env.Answer(t, bobTok, q, "Use the 5 GHz network named Corp-5G; the 2.4 GHz one is overloaded.")
	qpath := "/questions/" + itoa(q)

	carl := newBrowser(env)
	carl.signUp(t, "carl")
	res := carl.post(t, qpath, "/posts/"+itoa(a)+"/vote", url.Values{"value": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("vote: %d %s", res.Status, res.Body)
	}
	page := carl.get(t, qpath)
	contains(t, page, `aria-pressed="true" aria-label="Up vote"`)
	// The pressed arrow now retracts.
	contains(t, page, `name="value" value="0" aria-pressed="true"`)
	// Down voting needs reputation: the button says so, aria-disabled, and
	// the server refuses the vote in words.
	contains(t, page, `aria-label="Down vote" aria-disabled="true" aria-describedby="vote-down-why-`+itoa(a)+`" title="Voting down needs 50 reputation; you have 1."`)
	res = carl.post(t, qpath, "/posts/"+itoa(a)+"/vote", url.Values{"value": {"-1"}})
	if res.Status != http.StatusForbidden {
		t.Fatalf("down vote without privilege: %d", res.Status)
	}
	contains(t, res, "Voting down needs 50 reputation; you have 1.")

	ada := newBrowser(env)
	res = ada.post(t, "/login", "/login", url.Values{"login": {"ada"}, "password": {"correct horse battery"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("login: %d", res.Status)
	}
	contains(t, ada.get(t, qpath), `action="/answers/`+itoa(a)+`/accept"`, `aria-label="Accept this answer"`)
	if res := carl.post(t, qpath, "/answers/"+itoa(a)+"/accept", url.Values{"accept": {"true"}}); res.Status != http.StatusForbidden {
		t.Fatalf("accept by a non-asker: %d", res.Status)
	}
	res = ada.post(t, qpath, "/answers/"+itoa(a)+"/accept", url.Values{"accept": {"true"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}
	page = ada.get(t, qpath)
	contains(t, page, `class="answer accepted" id="answer-`+itoa(a)+`">
    <p class="accepted-mark">✓ Accepted answer</p>`, `aria-label="Remove the acceptance"`)
	// Everyone sees the mark, not only the asker.
	contains(t, carl.get(t, qpath), `<p class="accepted-mark">✓ Accepted answer</p>`)

	// Bob's profile shows the reputation, its history and the badges.
	prof := carl.get(t, "/users/2")
	contains(t, prof, "<strong>26</strong>", "Answer upvoted", "Answer accepted", "Teacher", `href="/tags/general"`)
	contains(t, carl.get(t, "/users?period=week"), "bob", "+25")
	// A name filter keeps the period: gains in it, not totals.
	contains(t, carl.get(t, "/users?period=week&filter=BO"), "bob</a></bdi>\n  <span class=\"rep\">+25</span>",
		`<input type="hidden" name="period" value="week">`, `href="/users?period=week&amp;filter=BO" aria-current="true"`)
	if res := carl.get(t, "/users?period=week&filter=carl"); strings.Contains(string(res.Body), ">carl</a>") {
		t.Fatal("carl gained nothing this week, yet the filtered week lists him")
	}
	contains(t, carl.get(t, "/users?filter=carl"), "carl</a></bdi>\n  <span class=\"rep\">1</span>")
	contains(t, carl.get(t, "/users?filter=c%25"), "No name or username in this list starts with “c%”.") // % is no wildcard
	// The filter reads display names too, and the German page says so as well.
	contains(t, carl.get(t, "/users?filter=xyz", "Accept-Language", "de"), "Kein Name und kein Benutzername in dieser Liste beginnt mit „xyz“.")
	contains(t, carl.get(t, "/badges"), "Supporter", "First upvote")
	contains(t, carl.get(t, "/badges/teacher"), "bob", "Awarded 1 time")
	// A page past the end of a list says so, not that the list is empty.
	for path, empty := range map[string]string{"/badges/teacher?page=5": "Nobody has earned this badge",
		"/questions?page=99": "No questions", "/users?page=99": "Nobody gained reputation", "/tags?page=99": "No tags"} {
		res := carl.get(t, path)
		contains(t, res, "This page is past the last one.", `page=1">Go to the last page</a>`)
		if strings.Contains(string(res.Body), empty) {
			t.Errorf("%s says %q", path, empty)
		}
	}
	if res := carl.get(t, "/badges/nope"); res.Status != http.StatusNotFound {
		t.Fatalf("unknown badge: %d", res.Status)
	}
}

// TestHeadRequestsCountNoViews: HEAD, which every page answers for uptime
// checks and link checkers, reads no page and counts no view; a GET from
// the same clients does.
func TestHeadRequestsCountNoViews(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, tok := env.SignUp(t, "ada")
		q := env.Ask(t, tok, "Where do I find my payslip for October?")
		views := func() float64 {
			t.Helper()
			if err := env.App.Views.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			return env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t)["view_count"].(float64)
		}
		monitors := make([]*browser, 5)
		for i := range monitors {
			monitors[i] = newBrowser(env)
			req, _ := http.NewRequest("HEAD", env.URL+"/questions/"+itoa(q), nil)
			req.Header.Set("User-Agent", "monitor-"+itoa(int64(i)))
			if res := monitors[i].do(t, req); res.Status != http.StatusOK {
				t.Fatalf("HEAD: %d", res.Status)
			}
		}
		if n := views(); n != 0 {
			t.Fatalf("view_count after five HEAD requests = %v, want 0", n)
		}
		monitors[0].get(t, "/questions/"+itoa(q), "User-Agent", "monitor-0")
		if n := views(); n != 1 {
			t.Fatalf("view_count after a GET = %v, want 1", n)
		}
	})
}

// TestViewCounts counts one view per viewer per hour, and shows the count on
// the list, the question page and in the JSON, on both databases. Visitors
// who are not logged in come from addresses of their own, behind a proxy.
func TestViewCounts(t *testing.T) {
	for _, d := range []store.Dialect{store.Postgres, store.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			env := testkit.Boot(t, d, behindLocalProxy)
			_, tok := env.SignUp(t, "ada")
			q := env.Ask(t, tok, "Where do I find my payslip for October?")
			b1, b2 := newBrowser(env), newBrowser(env)
			b1.signUp(t, "bob")
			for i := 0; i < 3; i++ {
				b1.get(t, "/questions/"+itoa(q))
				b2.get(t, "/questions/"+itoa(q), "X-Forwarded-For", "10.0.0.2")
			}
			if err := env.App.Views.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			qj := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t)
			if qj["view_count"].(float64) != 2 {
				t.Fatalf("view_count = %v, want 2 (two viewers, three views each)", qj["view_count"])
			}
			b1.get(t, "/questions/"+itoa(q))
			if err := env.App.Views.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			if qj := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t); qj["view_count"].(float64) != 2 {
				t.Fatalf("a repeat view in the same hour counted: %v", qj["view_count"])
			}
			// A new viewer in a later flush adds to the stored count.
			newBrowser(env).get(t, "/questions/"+itoa(q), "X-Forwarded-For", "10.0.0.3")
			if err := env.App.Views.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			if qj := env.API(t, "GET", "/questions/"+itoa(q), "", nil).Map(t); qj["view_count"].(float64) != 3 {
				t.Fatalf("view_count after a third viewer = %v, want 3", qj["view_count"])
			}
			if !strings.Contains(string(b2.get(t, "/questions").Body), "3</strong> views") {
				t.Fatal("list does not show the views")
			}
			contains(t, b2.get(t, "/questions/"+itoa(q)), "viewed 3 times")
		})
	}
}

// TestUsersPageListsStaff: "Moderators and administrators" on the users
// page lists the staff with their roles, and nobody else: not a deactivated
// moderator either, whom nobody can contact (the full list shows them,
// marked). The API's role filters do the same.
func TestUsersPageListsStaff(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	for _, name := range []string{"ada", "bob", "mod", "root", "gone"} {
		env.SignUp(t, name)
	}
	setRole(t, env, "mod", store.RoleModerator)
	setRole(t, env, "root", store.RoleAdmin)
	setRole(t, env, "gone", store.RoleModerator)
	if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "gone").Update("deactivated_at", time.Now()).Error; err != nil {
		t.Fatal(err)
	}
	b := newBrowser(env)
	all := b.get(t, "/users")
	contains(t, all, ">ada</a>", ">mod</a>", ">gone</a>", "Account deactivated", `href="/users?role=staff">Moderators and administrators</a>`)
	// "Everyone" leads to the plain list, keeping the other parameters but not the page.
	contains(t, b.get(t, "/users?role=staff", "Accept-Language", "de"), `<a href="/users">Alle</a>`)
	contains(t, b.get(t, "/users?role=staff&filter=ro&page=2"), `<a href="/users?filter=ro">Everyone</a>`)
	staff := b.get(t, "/users?role=staff")
	contains(t, staff, ">mod</a></bdi> <span class=\"staff-mark\" title=\"moderator\"><span aria-hidden=\"true\">♦</span><span class=\"sr-only\">moderator</span></span>\n  <span class=\"muted small\">Moderator</span>", ">root</a>", "Administrator", `aria-current="true">Moderators and administrators</a>`,
		`<input type="hidden" name="role" value="staff">`)
	if strings.Contains(string(staff.Body), ">ada</a>") || strings.Contains(string(staff.Body), ">bob</a>") {
		t.Errorf("the staff list shows members:\n%s", staff.Body)
	}
	for _, path := range []string{"/users?role=staff", "/users?role=moderator"} {
		if strings.Contains(string(b.get(t, path).Body), ">gone</a>") {
			t.Errorf("%s shows the deactivated moderator", path)
		}
	}
	if res := env.API(t, "GET", "/users?role=moderator", "", nil); res.Status != 200 || !strings.Contains(string(res.Body), `"username":"mod"`) || strings.Contains(string(res.Body), `"username":"root"`) ||
		strings.Contains(string(res.Body), `"username":"gone"`) || res.Map(t)["total"].(float64) != 1 {
		t.Fatalf("API role=moderator: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "GET", "/users?role=staff", "", nil); res.Status != 200 || strings.Contains(string(res.Body), `"username":"gone"`) || res.Map(t)["total"].(float64) != 2 {
		t.Fatalf("API role=staff: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "GET", "/users?role=king", "", nil); res.Status != 422 {
		t.Fatalf("API role=king: %d %s", res.Status, res.Body)
	}
}

// TestUsersPageListsSupportStaff: besides the moderators and administrators,
// the users page has tabs for the support analysts and the hotline accounts,
// so an administrator who gave those roles sees who holds them; an empty
// role list over all time says that nobody has the role, not "in this
// period".
func TestUsersPageListsSupportStaff(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	for _, name := range []string{"ada", "lead", "agent"} {
		env.SignUp(t, name)
	}
	setRole(t, env, "lead", store.RoleAnalyst)
	setRole(t, env, "agent", store.RoleHotline)
	b := newBrowser(env)
	contains(t, b.get(t, "/users"), `href="/users?role=analyst">Support analysts</a>`, `href="/users?role=hotline">Hotline</a>`)
	contains(t, b.get(t, "/users?role=staff", "Accept-Language", "de"), `href="/users?role=analyst">Support-Analyse</a>`, "Niemand hat diese Rolle.")
	for role, want := range map[string]string{"analyst": "lead", "hotline": "agent"} {
		page := b.get(t, "/users?role="+role)
		contains(t, page, ">"+want+"</a>", `aria-current="true">`+map[string]string{"analyst": "Support analysts", "hotline": "Hotline"}[role]+`</a>`)
		for _, other := range []string{"ada", "lead", "agent"} {
			if other != want && strings.Contains(string(page.Body), ">"+other+"</a>") {
				t.Errorf("role=%s lists %s", role, other)
			}
		}
	}
	contains(t, b.get(t, "/users?role=moderator"), "Nobody has that role.")
	contains(t, b.get(t, "/users?role=moderator&period=week"), "Nobody has that role in this period.")
}
