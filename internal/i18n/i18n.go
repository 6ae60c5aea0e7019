// Package i18n is the message catalogue: every user-visible string of the
// product has an id here, in English and in German.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"stackdesk/internal/errs"
)

//go:embed locales/*.json
var files embed.FS

// Languages are the UI languages, the default first.
var Languages = []string{"en", "de"}

// Catalog translates message ids; safe for concurrent use.
type Catalog struct {
	bundle     *goi18n.Bundle
	localizers map[string]*goi18n.Localizer
	ids        map[string]map[string]bool    // language → ids it defines
	plain      map[string]map[string]string  // language → id → text, for messages without data or plurals
	simple     map[string]map[string]message // language → id → forms whose only template actions are {{.Key}}
	matcher    language.Matcher
}

// message is a message's plural forms (other is the only form without plurals).
type message struct{ one, other string }

// simpleLangs are the languages whose plural rule is "one for 1, other
// otherwise", so their messages need no template engine at run time.
var simpleLangs = map[string]bool{"en": true, "de": true}

// placeholder matches the only template action the catalogues use.
var placeholder = regexp.MustCompile(`\{\{\s*\.([A-Za-z][A-Za-z0-9_]*)\s*\}\}`)

// isSimple reports whether every template action in s is a {{.Key}} placeholder.
func isSimple(s string) bool {
	return strings.Count(s, "{{") == len(placeholder.FindAllStringIndex(s, -1))
}

// loaded is the catalogue Load read: the embedded files never change, and a
// Catalog is read-only once made, so every caller of a process shares one
// (tests start many servers; reading the files took a good part of each start).
var loaded struct {
	once sync.Once
	c    *Catalog
	err  error
}

// Load reads the embedded catalogues, once per process.
func Load() (*Catalog, error) {
	loaded.once.Do(func() { loaded.c, loaded.err = load() })
	return loaded.c, loaded.err
}

func load() (*Catalog, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	c := &Catalog{bundle: b, localizers: map[string]*goi18n.Localizer{}, ids: map[string]map[string]bool{},
		plain: map[string]map[string]string{}, simple: map[string]map[string]message{}}
	tags := make([]language.Tag, 0, len(Languages))
	for _, lang := range Languages {
		name := "locales/" + lang + ".json"
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		mf, err := b.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		c.ids[lang] = map[string]bool{}
		c.plain[lang] = map[string]string{}
		c.simple[lang] = map[string]message{}
		for _, m := range mf.Messages {
			c.ids[lang][m.ID] = true
			onlyOneOther := m.Few == "" && m.Many == "" && m.Two == "" && m.Zero == ""
			if onlyOneOther && m.One == "" && !strings.Contains(m.Other, "{{") {
				c.plain[lang][m.ID] = m.Other
			}
			if onlyOneOther && simpleLangs[lang] && isSimple(m.One) && isSimple(m.Other) {
				c.simple[lang][m.ID] = message{one: m.One, other: m.Other}
			}
		}
		c.localizers[lang] = goi18n.NewLocalizer(b, lang)
		tags = append(tags, language.Make(lang))
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// MustLoad is Load for program start and tests.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Match picks the UI language: the user's setting when it is supported, else
// the best match of an Accept-Language header, else English.
func (c *Catalog) Match(setting, acceptLanguage string) string {
	if _, ok := c.localizers[setting]; ok {
		return setting
	}
	if acceptLanguage == "" || len(acceptLanguage) > 200 {
		return Languages[0]
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Languages[0]
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Languages[0]
	}
	return Languages[idx]
}

// T translates id with data given as key, value pairs. An id missing from the
// language falls back to English, then to the id itself.
func (c *Catalog) T(lang, id string, kv ...any) string {
	if s, ok := c.Plain(lang, id); ok {
		return s
	}
	return c.localize(lang, id, nil, pairs(kv))
}

// Plain returns the text of a message that takes no data and has no plural
// forms, in lang or else in English; templates use it to translate once, at parse time.
func (c *Catalog) Plain(lang, id string) (string, bool) {
	if s, ok := c.plain[lang][id]; ok {
		return s, true
	}
	if c.ids[lang][id] {
		return "", false
	}
	s, ok := c.plain[Languages[0]][id]
	return s, ok
}

// N translates a message with plural forms for count n (available to the message as .Count).
func (c *Catalog) N(lang, id string, n int, kv ...any) string {
	data := pairs(kv)
	if data == nil {
		data = map[string]any{}
	}
	data["Count"] = Integer(lang, n)
	return c.localize(lang, id, n, data)
}

// Msg translates a domain message, falling back to its English text.
func (c *Catalog) Msg(lang string, m errs.Msg) string {
	if !c.Has(lang, m.ID) && !c.Has(Languages[0], m.ID) {
		return m.Text
	}
	return c.localize(lang, m.ID, nil, m.Data)
}

// Has reports whether lang defines id.
func (c *Catalog) Has(lang, id string) bool { return c.ids[lang][id] }

// IDs lists the ids a language defines, sorted.
func (c *Catalog) IDs(lang string) []string {
	out := make([]string, 0, len(c.ids[lang]))
	for id := range c.ids[lang] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func (c *Catalog) localize(lang, id string, count any, data map[string]any) string {
	data = groupNumbers(lang, data)
	if !c.ids[lang][id] {
		lang = Languages[0]
	}
	data = localNumbers(lang, data)
	data = c.localSpans(lang, data)
	if m, ok := c.simple[lang][id]; ok {
		form := m.other
		if n, isInt := count.(int); isInt && n == 1 && m.one != "" {
			form = m.one
		}
		return expandPlaceholders(form, data)
	}
	l, ok := c.localizers[lang]
	if !ok || !c.ids[lang][id] {
		l = c.localizers[Languages[0]]
	}
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		return id
	}
	return s
}

// localNumbers writes the numbers of data that say how (errs.Decimal) as
// lang writes numbers; data itself, which may be a message's, is left as
// it is.
func localNumbers(lang string, data map[string]any) map[string]any {
	var out map[string]any
	for k, v := range data {
		d, ok := v.(errs.Decimal)
		if !ok {
			continue
		}
		if out == nil {
			out = maps.Clone(data)
		}
		out[k] = Decimal(lang, d.Value, d.Frac)
	}
	if out == nil {
		return data
	}
	return out
}

// localSpans writes the lengths of time of data (errs.Span) in lang's
// words, "24 Stunden" (span.seconds ... span.days); those said after "in"
// (errs.InSpan) by span.in_seconds ... span.in_days ("in 3 Tagen"); data
// itself is left as it is.
func (c *Catalog) localSpans(lang string, data map[string]any) map[string]any {
	var out map[string]any
	for k, v := range data {
		var s errs.Span
		key := "span."
		switch v := v.(type) {
		case errs.Span:
			s = v
		case errs.InSpan:
			s, key = errs.Span(v), "span.in_"
		default:
			continue
		}
		if out == nil {
			out = maps.Clone(data)
		}
		n, unit := s.Unit()
		out[k] = c.localize(lang, key+unit+"s", int(n), map[string]any{"Count": n})
	}
	if out == nil {
		return data
	}
	return out
}

func pairs(kv []any) map[string]any {
	if len(kv) == 0 {
		return nil
	}
	if len(kv) == 1 {
		if m, ok := kv[0].(map[string]any); ok {
			return m
		}
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[strings.TrimSpace(k)] = kv[i+1]
	}
	return m
}

// expandPlaceholders fills {{.Key}} placeholders from data.
func expandPlaceholders(s string, data map[string]any) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		key := placeholder.FindStringSubmatch(m)[1]
		if v, ok := data[key]; ok {
			return fmt.Sprint(v)
		}
		return "<no value>"
	})
}
