package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"stackdesk/internal/testkit"
)

// zalgoTitle is a title whose letters carry piles of combining marks, as
// the bad-input corpus has them.
const zalgoTitle = "Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ the printer"

// TestZalgoTitlesAndNamesAreRefused: a question's title, asked or edited,
// and a display name whose letter carries more than four combining marks
// ("Zalgo" text, which spills over the lines around it in lists) are
// refused beside their field, saying why in the reader's language, while
// titles and names of scripts that write marks on their letters are kept
// as typed.
func TestZalgoTitlesAndNamesAreRefused(t *testing.T) {
	const why = "A letter may carry at most 4 accents or other marks"
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		ask := func(title string) *testkit.Response {
			return env.API(t, "POST", "/questions", ada, map[string]any{"title": title,
				"body": "A body that is long enough to be valid.", "tags": []string{"printer"}})
		}
		for what, res := range map[string]*testkit.Response{
			"asked title": ask(zalgoTitle),
			"joined pile": ask("The printer e\u0301\u0302\u200d\u0303\u0304\u0305 is broken"),
		} {
			wantFields(t, what, res, "title")
			if msg := fieldMessage(t, res, "title"); !strings.Contains(msg, why) {
				t.Fatalf("%s: message %q", what, msg)
			}
		}
		id := itoa(env.Ask(t, ada, "The printer on the second floor is offline"))
		res := env.API(t, "PATCH", "/questions/"+id, ada, map[string]any{"title": zalgoTitle})
		wantFields(t, "edited title", res, "title")
		res = env.API(t, "POST", "/users", "", map[string]string{"username": "eve", "email": "eve@example.com",
			"password": "correct horse battery", "display_name": "Z̮̞̠͙͔ͅḀ̗̞͈̻̗Ḷ͙͎̯̹̞͓G̻O̭̗̮"})
		wantFields(t, "display name", res, "display_name")
		if msg := fieldMessage(t, res, "display_name"); !strings.Contains(msg, why) {
			t.Fatalf("display name: message %q", msg)
		}

		// In German.
		body, _ := json.Marshal(map[string]any{"title": zalgoTitle, "body": "Ein Text, der lang genug ist.", "tags": []string{"drucker"}})
		req, _ := http.NewRequest("POST", env.URL+"/api/v1/questions", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer "+ada)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", "de")
		resp, err := env.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct {
			Error struct{ Fields map[string]string }
		}
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(e.Error.Fields["title"], "Ein Buchstabe darf höchstens 4 Akzente oder andere Zeichen tragen") {
			t.Fatalf("German refusal: %d %v %v", resp.StatusCode, e.Error.Fields, err)
		}

		// Scripts that write marks on their letters, kept as typed.
		for i, title := range []string{
			"Máy in không kết nối được mạng Wi-Fi",
			norm.NFD.String("Máy in không kết nối được mạng, lỗi nghiệt ngã"),
			"प्रिंटर काम नहीं कर रहा है, कृपया पढ़ें",
			"เครื่องพิมพ์ไม่ทำงานที่ชั้นสอง",
			"الطَّابِعَةُ لَا تَعْمَلُ مُنْذُ التَّحْدِيثِ",
			"הַמַּדְפֵּסָה אֵינָהּ עוֹבֶדֶת, הַשָּׁ֣מַיִם",
			"Printer 👨‍👩‍👧‍👦 🏳️‍🌈 👩🏽‍💻 1️⃣ broke",
		} {
			res := ask(title)
			if res.Status != http.StatusCreated || res.Map(t)["title"] != title {
				t.Fatalf("title %d %q: %d %s", i, title, res.Status, res.Body)
			}
		}
		for i, name := range []string{"Nguyễn Thị Ánh", "अनुष्का पढ़ें", "ศิริพร", "مُحَمَّد", "שָׁלוֹם", "Ada 👩🏽‍💻"} {
			u := "user" + itoa(int64(i))
			res := env.API(t, "POST", "/users", "", map[string]string{"username": u, "email": u + "@example.com",
				"password": "correct horse battery", "display_name": name})
			if res.Status != http.StatusCreated || res.Map(t)["display_name"] != name {
				t.Fatalf("display name %q: %d %s", name, res.Status, res.Body)
			}
		}
	})
}

// fieldMessage is the message of one field of a 422's error.fields.
func fieldMessage(t *testing.T, res *testkit.Response, field string) string {
	t.Helper()
	fields, _ := res.Map(t)["error"].(map[string]any)["fields"].(map[string]any)
	msg, _ := fields[field].(string)
	return msg
}
