package api_test

import (
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTagsByTheirStart: GET /tags?filter= gives the tags in use that start
// with what is typed, most used first but the one named so, with their
// question counts and excerpts (what the tag suggestions of the ask and edit
// pages show), in any case and from the first character, also one that is no
// letter (".net", "c++"); what no tag starts with gives an empty list, never
// an error.
func TestTagsByTheirStart(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		env.Ask(t, ada, "VPN drops every ten minutes at home", "vpn")
		env.Ask(t, ada, "VPN client does not start after the update", "vpn-client", "vpn")
		env.Ask(t, ada, "VPN is slow in the evening from home", "vpn", "windows")
		env.Ask(t, ada, "VMware image does not boot any more", "vmware")
		env.Ask(t, ada, "Build of the .NET service fails on the server", ".net", "c++")
		env.Ask(t, ada, "Network drive is gone after logging in", "network")
		env.Ask(t, ada, "Network printer prints nothing at all", "network", "net")
		if err := env.App.Store.DB.Model(&store.Tag{}).Where("name = ?", "vpn").Update("excerpt", "Remote access to the company network.").Error; err != nil {
			t.Fatal(err)
		}

		names := func(filter string) string {
			t.Helper()
			res := env.API(t, "GET", "/tags?page_size=6&filter="+url.QueryEscape(filter), "", nil)
			var l struct {
				Items []struct {
					Name          string
					QuestionCount int `json:"question_count"`
					Excerpt       string
				}
				Total int
			}
			if res.Status != 200 {
				t.Fatalf("filter %q: %d %s", filter, res.Status, res.Body)
			}
			res.JSON(t, &l)
			var out []string
			for _, it := range l.Items {
				s := it.Name + ":" + itoa(int64(it.QuestionCount))
				if it.Excerpt != "" {
					s += ":" + it.Excerpt
				}
				out = append(out, s)
			}
			if l.Total != len(l.Items) {
				t.Errorf("filter %q: total %d for %d items", filter, l.Total, len(l.Items))
			}
			return strings.Join(out, " ")
		}
		for filter, want := range map[string]string{
			"v":    "vpn:3:Remote access to the company network. vmware:1 vpn-client:1",
			"vp":   "vpn:3:Remote access to the company network. vpn-client:1",
			"VPN-": "vpn-client:1",
			" vm ": "vmware:1",
			".":    ".net:1",
			"c+":   "c++:1",
			"vpnn": "",
			"-v":   "",
			"v pn": "",
			"v%":   "",
			"v_n":  "",
			"ｖｐｎ":  "vpn:3:Remote access to the company network. vpn-client:1",
			"ne":   "network:2 net:1",
			"net":  "net:1 network:2",
		} {
			if got := names(filter); got != want {
				t.Errorf("filter %q: %q, want %q", filter, got, want)
			}
		}
	})
}
