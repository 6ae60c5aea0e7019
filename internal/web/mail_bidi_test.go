package web_test

import (
	"html"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/notify/notifytest"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// bidiMarked fails the test unless s shows the override before "txt.exe"
// as a mark, [U+202E], and holds the character itself nowhere.
func bidiMarked(t *testing.T, what, s string) {
	t.Helper()
	if strings.ContainsRune(s, '\u202e') || !strings.Contains(s, "[U+202E]txt.exe") {
		t.Errorf("%s does not show the override as a mark: %q", what, s)
	}
}

// TestMailsFromPagesMarkBidiControls: the mail a resolved ticket's page
// offers the hotline (a mailto link) and the password link's e-mail show
// the bidirectional overrides in user text as marks, as the pages do:
// "Papierstau \u202Etxt.exe" cannot show as "Papierstau exe.txt" in a mail
// client. The subject and names hold them here as imported or older data
// can; the forms refuse them in one-line text.
func TestMailsFromPagesMarkBidiControls(t *testing.T) {
	srv := notifytest.Start(t)
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.BaseURL = "http://stackdesk.test"
		c.Notify.SMTPAddr, c.Notify.EmailFrom, c.Notify.DefaultMode = srv.Addr, "desk@example.com", config.EmailOff
	})
	env.SignUp(t, "hot")
	setRole(t, env, "hot", store.RoleHotline)
	res := env.API(t, "POST", "/help-sessions", "", map[string]any{"query": "Drucker druckt nicht"})
	path := "/help-sessions/" + itoa(int64(res.Map(t)["id"].(float64)))
	res = env.API(t, "POST", path+"/outcome", "", map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "Papierstau im Drucker", "body": "Papierstau im Drucker \u202etxt.exe", "email": "anon@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	id := itoa(int64(res.Map(t)["ticket"].(map[string]any)["id"].(float64)))
	env.App.Store.DB.Table("tickets").Where("id = ?", id).Update("subject", "Papierstau \u202etxt.exe")
	hot := newBrowser(env)
	hot.logIn(t, "hot")
	if res := hot.post(t, "/tickets/"+id, "/tickets/"+id+"/resolve", url.Values{"answer": {"Löschen Sie die Datei \u202etxt.exe aus der Warteschlange."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.Status, res.Body)
	}
	m := mailtoRE.FindSubmatch(hot.get(t, "/tickets/"+id).Body)
	if m == nil {
		t.Fatal("no reply link on the resolved ticket's page")
	}
	link, err := url.Parse(html.UnescapeString(string(m[1])))
	if err != nil {
		t.Fatal(err)
	}
	q := link.Query()
	bidiMarked(t, "the reply link's subject", q.Get("subject"))
	bidiMarked(t, "the reply link's body", q.Get("body"))
	for _, want := range []string{"Löschen Sie die Datei [U+202E]txt.exe aus der Warteschlange.", "> Papierstau [U+202E]txt.exe", "> Papierstau im Drucker [U+202E]txt.exe"} {
		if !strings.Contains(q.Get("body"), want) {
			t.Errorf("the reply link's body lacks %q: %q", want, q.Get("body"))
		}
	}

	// The password link's e-mail greets its owner by name.
	env.SignUp(t, "ada")
	env.App.Store.DB.Table("users").Where("username = ?", "ada").Update("display_name", "Ada \u202etxt.exe")
	anon := newBrowser(env)
	if res := anon.post(t, "/password/forgot", "/password/forgot", url.Values{"login": {"ada"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("forgot: %d", res.Status)
	}
	msg := srv.Wait(t, 1, 30*time.Second)[0]
	bidiMarked(t, "the password mail", msg.Body)
	if !strings.Contains(msg.Body, "Ada [U+202E]txt.exe") {
		t.Errorf("the password mail:\n%s", msg.Body)
	}
	to, err := mail.ParseAddress(msg.Header.Get("To"))
	if err != nil {
		t.Fatal(err)
	}
	bidiMarked(t, "the password mail's recipient", to.Name)
}
