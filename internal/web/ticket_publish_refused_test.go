package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestResolvePublishWithoutConsentSaysWhy: the resolution form offers no
// "publish" box when the employee did not agree to publishing; a form sent
// with publish=on anyway (crafted, or from a page of another ticket) is
// refused (422) with the reason above the resolution form, in the reader's
// language, and the answer as typed is kept to send again without publish.
func TestResolvePublishWithoutConsentSaysWhy(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "emp")
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "projector flickers in room 5"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Projector in room 5 flickers", "body": "Every few seconds."}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	if page := string(hot.get(t, "/tickets/"+id).Body); strings.Contains(page, `name="publish"`) {
		t.Fatalf("the form offers publishing without consent:\n%s", page)
	}
	answer := "The projector lamp was loose; it is fixed and fine now."
	form := url.Values{"answer": {answer}, "publish": {"on"}, "title": {"Projector flickers"}, "tags": {"projector"}}
	alert := `<div class="alert" role="alert">The employee did not agree to publishing; resolve without publish.</div>`
	res = hot.post(t, "/tickets/"+id, "/tickets/"+id+"/resolve", form)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("resolve with publish: %d %s", res.Status, res.Body)
	}
	body := string(res.Body)
	form0 := strings.Index(body, `action="/tickets/`+id+`/resolve"`)
	if at := strings.Index(body, alert); form0 < 0 || at < form0 || at > strings.Index(body, `<label for="answer">`) {
		t.Fatalf("no reason above the resolution form:\n%s", body)
	}
	contains(t, res, `<textarea id="answer" name="answer" dir="auto" rows="8" minlength="30" maxlength="30000" required>`+answer+`</textarea>`)
	form.Set("_csrf", string(csrfRE.FindSubmatch(hot.get(t, "/tickets/"+id).Body)[1]))
	req, _ := http.NewRequest("POST", env.URL+"/tickets/"+id+"/resolve", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "de")
	res = hot.do(t, req)
	contains(t, res, `<div class="alert" role="alert">Die Person hat der Veröffentlichung nicht zugestimmt; lösen Sie das Ticket ohne Veröffentlichung.</div>`)

	// Sent again without publish, it is resolved.
	delete(form, "publish")
	if res := hot.post(t, "/tickets/"+id, "/tickets/"+id+"/resolve", form); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve without publish: %d %s", res.Status, res.Body)
	}
}
