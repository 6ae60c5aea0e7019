package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/config"
)

// siteSettingsPage is the data of the site settings page.
type siteSettingsPage struct {
	Groups []settingsGroup
}

// settingsGroup is a group of settings in the reader's words.
type settingsGroup struct {
	Key   string
	Title string
	Rows  []settingsRow
}

// settingsRow is one setting: its name and value in the reader's words,
// and the environment variable that changes it.
type settingsRow struct {
	Key    string
	Label  string
	Value  string
	Env    string
	Secret bool
	Unset  bool // nothing set: the value says so
}

// siteSettings shows the site's effective settings to administrators, read
// only: what each is, and which environment variable changes it. Secrets
// show only whether they are set.
func (s *Server) siteSettings(c echo.Context) error {
	if err := adminOnly(c); err != nil {
		return err
	}
	p := s.newPage(c, "", nil)
	p.Title = p.T("site_settings.title")
	p.NoIndex = true
	var d siteSettingsPage
	for _, g := range s.cfg.Overview() {
		sg := settingsGroup{Key: g.Key, Title: p.T(settingsID("group", g.Key))}
		for _, st := range g.Settings {
			sg.Rows = append(sg.Rows, settingsRow{Key: g.Key + "." + st.Key, Label: p.T(settingsID(g.Key, st.Key)),
				Value: settingValue(p, g.Key, st), Env: st.Env, Secret: st.Secret,
				Unset: st.Value == "" || st.Value == config.SecretNotSet})
		}
		d.Groups = append(d.Groups, sg)
	}
	p.Data = d
	return s.render(c, "site_settings", p)
}

// settingsID is the message id of a part of the site settings page:
// site_settings.group.limits, site_settings.limits.write_rate, ...
func settingsID(parts ...string) string { return "site_settings." + strings.Join(parts, ".") }

// settingValue is a setting's value in the reader's words.
func settingValue(p *page, group string, st config.Setting) string {
	switch {
	case st.Secret && st.Value == config.SecretSet:
		return p.T("site_settings.set")
	case st.Secret:
		return p.T("site_settings.not_set")
	case st.Value == "":
		return p.T("site_settings.none")
	}
	switch group + "." + st.Key {
	case "site.signup":
		return p.T(settingsID("signup_" + st.Value))
	case "site.require_login":
		if st.Value == "true" {
			return p.T("site_settings.yes")
		}
		return p.T("site_settings.no")
	case "limits.max_body", "uploads.max":
		if n, err := strconv.ParseInt(st.Value, 10, 64); err == nil {
			return byteSize(n)
		}
	case "limits.write_rate", "limits.search_rate", "limits.login_rate":
		if st.Value == "0" {
			return p.T("site_settings.no_limit")
		}
		if f, err := strconv.ParseFloat(st.Value, 64); err == nil {
			return p.T("site_settings.per_minute", "N", p.Decimal(f, 2))
		}
	case "new_members.rep":
		if st.Value == "0" {
			return p.T("site_settings.nobody_new")
		}
	case "new_members.questions":
		if st.Value == "0" {
			return p.T("site_settings.no_limit")
		}
	case "new_members.answer_gap", "new_members.comment_gap", "experts.route_after", "hotline.message_gap":
		if st.Value == "0s" {
			return p.T("site_settings.off")
		}
	case "hotline.community_cost":
		if f, err := strconv.ParseFloat(st.Value, 64); err == nil {
			return p.Decimal(f*100, 1) + " %"
		}
	case "hotline.holdout":
		if f, err := strconv.ParseFloat(st.Value, 64); err == nil {
			return p.Decimal(f*100, 1) + " %"
		}
	}
	return st.Value
}
