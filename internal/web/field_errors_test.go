package web_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"stackdesk/templates"
)

// TestEveryFieldErrorHasItsField: each message a form shows beside a field
// ({{template "field_error"}}, id FIELD-error) is named by the
// aria-describedby of a control in the same template, so screen readers read
// it with the field and the page's script marks that field invalid and puts
// the focus on it. The ticket queue's filters are links, not fields: their
// messages stand alone.
func TestEveryFieldErrorHasItsField(t *testing.T) {
	fieldError := regexp.MustCompile(`\{\{template "field_error" \(dict "P" [.$]+ "Field" "([a-z_]+)"\)\}\}`)
	describedBy := regexp.MustCompile(`aria-describedby="([^>]*)`)
	standAlone := map[string]bool{"tickets.html assigned": true, "tickets.html delivery": true, "tickets.html status": true, "tickets.html order": true, "tickets.html priority": true,
		"analytics_sessions.html from": true, "analytics_sessions.html to": true, "analytics_sessions.html interval": true, "analytics_sessions.html tag": true,
		"analytics_sessions.html outcome": true, "analytics_sessions.html topic": true, "analytics_sessions.html day": true, "analytics_sessions.html page": true}
	files, err := fs.Glob(templates.FS, "*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	seen := 0
	for _, name := range files {
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		var named []string
		for _, m := range describedBy.FindAllStringSubmatch(src, -1) {
			named = append(named, m[1])
		}
		all := strings.Join(named, " ")
		for _, m := range fieldError.FindAllStringSubmatch(src, -1) {
			seen++
			if standAlone[name+" "+m[1]] {
				continue
			}
			if !strings.Contains(all, m[1]+"-error") {
				t.Errorf("%s: the message of field %q (id %s-error) is named by no aria-describedby", name, m[1], m[1])
			}
		}
	}
	if seen < 40 {
		t.Fatalf("found only %d field messages: the pattern no longer matches the templates", seen)
	}
}
