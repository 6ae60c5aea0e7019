package i18n_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/deflection"
	"stackdesk/internal/errs"
	"stackdesk/internal/i18n"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/reputation"
)

// Message ids as the code and templates use them.
var (
	templateIDs = regexp.MustCompile(`\.(?:T|N) "([a-z0-9_.-]+)"`)
	goIDs       = regexp.MustCompile(`(?:\.T\(|\.N\(|errs\.E\([^,]+, |errs\.M\(|\.Add\("[a-z_]+", |p\.ID, p\.Text = )(?:[a-zA-Z.]+, )?"([a-z0-9_-]+\.[a-z0-9_.-]+)"`)
)

func repoRoot(t *testing.T) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// usedIDs collects every literal message id in templates and Go code, plus
// the ids built at run time from known sets.
func usedIDs(t *testing.T) []string {
	root := repoRoot(t)
	ids := map[string]bool{}
	walk := func(dir, ext string, re *regexp.Regexp) {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ext) || strings.HasSuffix(p, "_test.go") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range re.FindAllSubmatch(b, -1) {
				ids[string(m[1])] = true
			}
			return nil
		})
	}
	walk("templates", ".html", templateIDs)
	walk("internal", ".go", goIDs)
	for _, s := range []string{"newest", "active", "unanswered", "votes"} {
		ids["sort."+s] = true
	}
	for _, l := range i18n.Languages {
		ids["lang."+l] = true
	}
	for _, r := range []string{"user", "moderator", "analyst", "admin", "hotline"} {
		ids["role."+r] = true
	}
	for _, s := range []string{"400", "401", "403", "404", "409", "413", "422", "429", "500", "503"} {
		ids["error.status."+s] = true
	}
	for _, p := range reputation.Periods {
		ids["period."+p] = true
	}
	for _, b := range reputation.Badges {
		ids["badge."+b.Name+".name"] = true
		ids["badge."+b.Name+".desc"] = true
	}
	for _, k := range []string{reputation.KindQuestionUpvoted, reputation.KindAnswerUpvoted, reputation.KindDownvoted,
		reputation.KindDownvoter, reputation.KindAccepted, reputation.KindAccepter, reputation.KindSolved} {
		ids["rep."+k] = true
		ids["rep."+k+"_undone"] = true
	}
	ids["rep."+reputation.KindImported] = true
	ids["rep."+reputation.KindAccepted+"_deleted"] = true
	ids["rep."+reputation.KindAccepter+"_deleted"] = true
	ids["rep."+reputation.KindAccepted+"_restored"] = true
	ids["rep."+reputation.KindAccepter+"_restored"] = true
	for _, ty := range notify.Types {
		ids["notify.type."+ty] = true
	}
	for _, g := range config.Defaults().Overview() { // the site settings page
		ids["site_settings.group."+g.Key] = true
		for _, st := range g.Settings {
			ids["site_settings."+g.Key+"."+st.Key] = true
		}
	}
	for _, pr := range deflection.Priorities { // a ticket's priority, on the ticket pages and in the audit log
		ids["tickets.priority_"+pr] = true
	}
	for _, r := range qa.FlagReasons { // a flag's reason, on the form and in its refusals
		ids["flag.reason."+r] = true
	}
	ids["site_settings.signup_open"] = true
	ids["site_settings.signup_closed"] = true
	ids["notify.type.flag_helpful_deleted"] = true
	ids["notify.type.flag_declined_because"] = true
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	sort.Strings(out)
	if len(out) < 100 {
		t.Fatalf("found only %d message ids: the scan is broken", len(out))
	}
	return out
}

func TestEveryMessageIsTranslated(t *testing.T) {
	cat := i18n.MustLoad()
	for _, id := range usedIDs(t) {
		for _, lang := range i18n.Languages {
			if !cat.Has(lang, id) {
				t.Errorf("%s: no message %q", lang, id)
			}
		}
	}
}

func TestCataloguesHaveTheSameIDs(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.IDs("en"), cat.IDs("de")
	if strings.Join(en, "\n") != strings.Join(de, "\n") {
		inEn := map[string]bool{}
		for _, id := range en {
			inEn[id] = true
		}
		for _, id := range de {
			if !inEn[id] {
				t.Errorf("only in de: %s", id)
			}
			delete(inEn, id)
		}
		for id := range inEn {
			t.Errorf("only in en: %s", id)
		}
	}
}

func TestMatchAndPlurals(t *testing.T) {
	cat := i18n.MustLoad()
	cases := []struct{ setting, accept, want string }{
		{"", "de-DE,de;q=0.9", "de"},
		{"", "fr-FR,en;q=0.5", "en"},
		{"", "", "en"},
		{"de", "en-US", "de"},
		{"xx", "de", "de"},
		{"", "garbage;;;", "en"},
	}
	for _, c := range cases {
		if got := cat.Match(c.setting, c.accept); got != c.want {
			t.Errorf("Match(%q, %q) = %q, want %q", c.setting, c.accept, got, c.want)
		}
	}
	if got := cat.N("de", "question.answer_count", 1); got != "1 Antwort" {
		t.Errorf("de one = %q", got)
	}
	if got := cat.N("en", "question.answer_count", 3); got != "3 answers" {
		t.Errorf("en other = %q", got)
	}
	if got := cat.T("de", "privilege.edit_others", "Need", 500, "Have", 1); !strings.Contains(got, "500") || !strings.Contains(got, "Sie haben 1") {
		t.Errorf("template data = %q", got)
	}
}

// TestNumbersPerLanguage checks numbers read right in each language: a
// German reader takes "5.593" for five thousand.
func TestNumbersPerLanguage(t *testing.T) {
	tooLarge := errs.E(errs.TooLarge, "upload.too_large", "The image is larger than {{.Max}} MB; crop it or save it as a JPEG.", "Max", errs.Decimal{Value: 1234.5, Frac: 1})
	for _, c := range []struct {
		got, want string
	}{
		{i18n.Fixed("en", 12862, 2), "12,862.00"},
		{i18n.Fixed("de", 12862, 2), "12.862,00"},
		{i18n.Decimal("en", 5.593, 1), "5.6"},
		{i18n.Decimal("de", 5.593, 1), "5,6"},
		{i18n.Decimal("de", 50, 1), "50"},
		{i18n.Decimal("fr", 0.25, 2), "0.25"}, // unknown languages write English numbers
		{i18n.Integer("en", 1042), "1,042"},
		{i18n.Integer("de", 1042), "1.042"},
		{i18n.Integer("de", -25000), "-25.000"},
		{i18n.Integer("en", 999), "999"},
		{i18n.MustLoad().N("en", "question.answer_count", 1042), "1,042 answers"},
		{i18n.MustLoad().N("de", "question.answer_count", 1042), "1.042 Antworten"},
		// A message's own numbers (errs.Decimal), also from a domain error.
		{i18n.MustLoad().T("de", "upload.too_large", "Max", errs.Decimal{Value: 2.5, Frac: 1}), "Das Bild ist größer als 2,5 MB; schneiden Sie es zu oder speichern Sie es als JPEG."},
		{i18n.MustLoad().Msg("de", tooLarge.Msg), "Das Bild ist größer als 1.234,5 MB; schneiden Sie es zu oder speichern Sie es als JPEG."},
		{i18n.MustLoad().Msg("en", tooLarge.Msg), "The image is larger than 1,234.5 MB; crop it or save it as a JPEG."},
		{tooLarge.Msg.Text, "The image is larger than 1234.5 MB; crop it or save it as a JPEG."},
		{fmt.Sprint(tooLarge.Msg.Data["Max"]), "1234.5"}, // the message's data is left as it was
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestMessageNumbersAreGrouped: a limit in a message reads as the language
// writes numbers (30,000; 30.000), while numbers that name a thing (question
// 12345) stay as they are, and the message's own data keeps its integers.
func TestMessageNumbersAreGrouped(t *testing.T) {
	cat := i18n.MustLoad()
	limit := errs.M("ticket.subject_length", "Use {{.Min}} to {{.Max}} characters.", "Min", 30, "Max", 30000)
	question := errs.M("field.duplicate_of.not_found", "There is no question {{.ID}}.", "ID", int64(12345))
	for _, c := range []struct{ got, want string }{
		{cat.Msg("en", limit), "Use 30 to 30,000 characters."},
		{cat.Msg("de", limit), "Verwenden Sie 30 bis 30.000 Zeichen."},
		{cat.Msg("de", question), "Es gibt keine Frage 12345."},
		{cat.T("en", "field.text.long", "Max", int64(-25000)), "Use at most -25,000 characters."},
		{cat.T("de", "pager.of", "Page", 2, "Last", 1042), "Seite 2 von 1.042"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if limit.Data["Max"] != 30000 || limit.Text != "Use 30 to 30000 characters." {
		t.Errorf("the message itself changed: %v %q", limit.Data, limit.Text)
	}
}

// TestSpansReadWhereTheyStand: a length of time reads as its place in the
// sentence needs, in German "3 Tage Zeit" but "in 3 Tagen", in pages
// (T) and in errors (Msg) alike; English says both the same.
func TestSpansReadWhereTheyStand(t *testing.T) {
	cat := i18n.MustLoad()
	three, day := errs.Span(72*time.Hour), errs.InSpan(24*time.Hour)
	answers := errs.M("throttle.answers", "New members leave {{.Gap}} between their answers; you may answer again in {{.Wait}}. Once others vote your posts up ({{.Need}} reputation), this limit no longer applies.",
		"Gap", three, "Wait", errs.InSpan(50*time.Hour), "Need", 10)
	for _, c := range []struct{ got, want string }{
		{cat.Msg("de", answers), "Neue Mitglieder lassen zwischen ihren Antworten 3 Tage Zeit; Sie können in 50 Stunden wieder antworten. Sobald andere Ihre Beiträge positiv bewerten (10 Reputation), gilt diese Grenze nicht mehr."},
		{cat.Msg("en", answers), "New members leave 3 days between their answers; you may answer again in 50 hours. Once others vote your posts up (10 reputation), this limit no longer applies."},
		{cat.T("de", "throttle.comments", "Gap", errs.Span(7*24*time.Hour), "Wait", errs.InSpan(96*time.Hour), "Need", 5),
			"Neue Mitglieder lassen zwischen ihren Kommentaren 7 Tage Zeit; Sie können in 4 Tagen wieder kommentieren. Sobald andere Ihre Beiträge positiv bewerten (5 Reputation), gilt diese Grenze nicht mehr."},
		{cat.T("de", "privileges.new_answers", "Gap", three), "zwischen ihren Antworten mindestens 3 Tage,"},
		{cat.T("de", "privileges.new_comments", "Gap", errs.Span(24*time.Hour)), "zwischen ihren Kommentaren mindestens 24 Stunden."},
		{cat.T("de", "privileges.new_questions", "Max", 5, "Window", errs.InSpan(72*time.Hour)), "höchstens 5 Fragen in 3 Tagen,"},
		{cat.T("de", "privileges.new_questions", "Max", 5, "Window", day), "höchstens 5 Fragen in 24 Stunden,"},
		{cat.T("en", "privileges.new_questions", "Max", 5, "Window", errs.InSpan(72*time.Hour)), "at most 5 questions in 3 days,"},
		{cat.T("en", "privileges.new_answers", "Gap", errs.Span(time.Minute)), "at least 1 minute between their answers,"},
		{cat.T("de", "throttle.questions", "Max", 2, "Window", errs.InSpan(24*time.Hour), "Wait", errs.InSpan(time.Second), "Need", 10),
			"Neue Mitglieder stellen höchstens 2 Fragen in 24 Stunden; Ihre nächste Frage können Sie in 1 Sekunde stellen. Sobald andere Ihre Beiträge positiv bewerten (10 Reputation), gilt diese Grenze nicht mehr."},
	} {
		if c.got != c.want {
			t.Errorf("got  %q\nwant %q", c.got, c.want)
		}
	}
}
