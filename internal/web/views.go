package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"github.com/labstack/echo/v4"

	"stackdesk/internal/experts"
	"stackdesk/internal/i18n"
	"stackdesk/internal/text"

	stackstatic "stackdesk/static"
	stacktemplates "stackdesk/templates"
)

// pageNames lists every page template; the server refuses to start if one is missing.
var pageNames = []string{
	"questions", "question", "ask", "edit", "revisions", "tags", "tag", "user", "users",
	"signup", "login", "error", "badges", "badge", "search",
	"experts", "following", "flag", "flags", "suggestion", "review", "upload", "uploads", "inbox", "settings", "settings_unsubscribe", "password_set", "password_forgot", "password_link", "invite",
	"help", "help_ask", "help_ticket", "help_done", "delete_confirm", "analytics", "analytics_sessions", "tickets", "tickets_show", "audit", "site_settings", "privileges", "comment_edit",
}

// views renders pages: each page template is parsed with the layout and
// partials, once per language, with the texts that take no data translated at
// parse time (so a page does not look up dozens of messages on every render).
type views struct {
	mu     sync.RWMutex
	pages  map[string]map[string]*template.Template // language → page → template
	fsys   fs.FS                                    // templates
	dev    bool                                     // re-parse on every render (templates served from disk)
	static *staticFiles
	cat    *i18n.Catalog
	rows   rowCache
}

func newViews(devDir string, cat *i18n.Catalog) (*views, error) {
	v := &views{fsys: stacktemplates.FS, cat: cat}
	sfs := fs.FS(stackstatic.FS)
	if devDir != "" {
		v.fsys = os.DirFS(path.Join(devDir, "templates"))
		sfs = os.DirFS(path.Join(devDir, "static"))
		v.dev = true
	}
	st, err := newStaticFiles(sfs)
	if err != nil {
		return nil, err
	}
	v.static = st
	st.add("diff-marks.css", diffMarksCSS(cat))
	parse := v.parseOnce
	if v.dev {
		parse = v.parse // re-parsed on every render anyway
	}
	if err := parse(); err != nil {
		return nil, err
	}
	return v, nil
}

// shared keeps the pages parsed from the embedded templates with one
// catalogue: they are the same for every server of a process that uses it,
// and parsing them took most of a server's start (tests start many). Their
// functions are those of the first views, whose static files are the same
// as any other's: the same embedded files and catalogue.
var shared struct {
	mu    sync.Mutex
	cat   *i18n.Catalog
	pages map[string]map[string]*template.Template
}

// parseOnce parses the embedded templates, or takes those parsed before with the same catalogue.
func (v *views) parseOnce() error {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.pages != nil && shared.cat == v.cat {
		v.mu.Lock()
		v.pages = shared.pages
		v.mu.Unlock()
		return nil
	}
	if err := v.parse(); err != nil {
		return err
	}
	v.mu.RLock()
	shared.cat, shared.pages = v.cat, v.pages
	v.mu.RUnlock()
	return nil
}

func (v *views) parse() error {
	all := map[string]map[string]*template.Template{}
	for _, lang := range i18n.Languages {
		fsys, err := v.translated(lang)
		if err != nil {
			return err
		}
		base, err := template.New("layout.html").Funcs(v.funcs()).ParseFS(fsys, "layout.html", "_*.html")
		if err != nil {
			return fmt.Errorf("web: templates: %w", err)
		}
		pages := map[string]*template.Template{}
		for _, name := range pageNames {
			t, err := template.Must(base.Clone()).ParseFS(fsys, name+".html")
			if err != nil {
				return fmt.Errorf("web: template %s: %w", name, err)
			}
			pages[name] = t
		}
		all[lang] = pages
	}
	v.mu.Lock()
	v.pages = all
	v.mu.Unlock()
	return nil
}

// staticText matches a translation that takes no data: {{.T "id"}}, {{$.T "id"}}, {{$p.T "id"}}.
var staticText = regexp.MustCompile(`\{\{-?\s*(?:\$[A-Za-z0-9_]*)?\.T\s+"([a-z0-9_.-]+)"\s*-?\}\}`)

// translated returns the templates of one language with every static text
// replaced by its HTML-escaped translation.
func (v *views) translated(lang string) (fs.FS, error) {
	out := fstest.MapFS{}
	names, err := fs.Glob(v.fsys, "*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		src, err := fs.ReadFile(v.fsys, name)
		if err != nil {
			return nil, err
		}
		src = staticText.ReplaceAllFunc(src, func(m []byte) []byte {
			id := string(staticText.FindSubmatch(m)[1])
			text, ok := v.cat.Plain(lang, id)
			if !ok {
				return m // takes data or has plurals: translated when rendered
			}
			return []byte(html.EscapeString(text))
		})
		out[name] = &fstest.MapFile{Data: src}
	}
	return out, nil
}

// Render implements echo.Renderer for full pages and for fragments: a name
// such as "question#answer" renders only the named template of that page.
func (v *views) Render(w io.Writer, name string, data any, c echo.Context) error {
	if v.dev {
		if err := v.parse(); err != nil {
			return err
		}
	}
	pageName, block, _ := strings.Cut(name, "#")
	lang := i18n.Languages[0]
	if p, ok := data.(*page); ok {
		lang = p.Lang
	}
	v.mu.RLock()
	t := v.pages[lang][pageName]
	if t == nil {
		t = v.pages[i18n.Languages[0]][pageName]
	}
	v.mu.RUnlock()
	if t == nil {
		return fmt.Errorf("web: no template %q", pageName)
	}
	if block == "" {
		block = "layout.html"
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, block, data); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

func (v *views) funcs() template.FuncMap {
	return template.FuncMap{
		"static": v.staticURL,
		"trusted": func(s string) template.HTML {
			// Only for HTML escaped or sanitised by internal/markdown that
			// holds no images (search highlights); posts' and comments'
			// HTML is shown through page.Shown, which gates their images.
			return template.HTML(s)
		},
		"questionURL": questionPath,
		"postURL":     postPath,
		"userURL":     userPath,
		"isolate":     text.Isolate,
		"marked":      marked,
		"add":         func(a, b int) int { return a + b },
		"sub":         func(a, b int) int { return a - b },
		"tags":        strings.Fields,
		"tagURL": func(name string) string {
			return "/tags/" + url.PathEscape(name)
		},
		"int":   toInt,
		"query": queryWith,
		"iso":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				k, _ := kv[i].(string)
				m[k] = kv[i+1]
			}
			return m
		},

		// expertMinVotes is the votes on answers in a tag that list their
		// author among its experts, for the rule the directory states.
		"expertMinVotes": func() int { return experts.MinAnswerScore },
	}
}

func (v *views) staticURL(name string) string {
	if h := v.static.hash[name]; h != "" {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}

// queryWith returns "?" plus the query values with key set to value (an
// empty value removes the key), or "" when no value is left, so that a
// link to the page without parameters has no bare "?"; a template puts the
// path before it.
func queryWith(q url.Values, kv ...any) string {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		val := fmt.Sprint(kv[i+1])
		if val == "" {
			out.Del(k)
		} else {
			out.Set(k, val)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "?" + out.Encode()
}

// staticFiles serves embedded files at URLs carrying their content hash.
type staticFiles struct {
	fsys fs.FS
	hash map[string]string
	made map[string][]byte // files made when the server starts
}

// add serves data as the file name.
func (s *staticFiles) add(name string, data []byte) {
	if s.made == nil {
		s.made = map[string][]byte{}
	}
	s.made[name] = data
	sum := sha256.Sum256(data)
	s.hash[name] = hex.EncodeToString(sum[:])[:12]
}

// diffMarksCSS is the style sheet giving, in each language, the words a
// screen reader says at the start and end of a diff's marks (style.css
// hides them from sight): <ins> and <del> are not announced. They are set
// on the root element alone, so the page's language decides, not a post's.
func diffMarksCSS(cat *i18n.Catalog) []byte {
	var b strings.Builder
	for _, lang := range i18n.Languages {
		fmt.Fprintf(&b, "html:lang(%s) {", lang)
		for _, m := range []struct{ prop, id string }{{"--diff-ins-start", "diff.ins_start"}, {"--diff-ins-end", "diff.ins_end"},
			{"--diff-del-start", "diff.del_start"}, {"--diff-del-end", "diff.del_end"}} {
			text, _ := cat.Plain(lang, m.id)
			fmt.Fprintf(&b, " %s: %s;", m.prop, cssString(text))
		}
		b.WriteString(" }\n")
	}
	return []byte(b.String())
}

// cssString quotes s as a CSS string: quotes, backslashes, angle brackets
// and control characters escaped by their code.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`"\<>`, r) {
			fmt.Fprintf(&b, "\\%x ", r)
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func newStaticFiles(fsys fs.FS) (*staticFiles, error) {
	s := &staticFiles{fsys: fsys, hash: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		s.hash[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	return s, nil
}

func (s *staticFiles) handler(c echo.Context) error {
	name := strings.TrimPrefix(c.Param("*"), "/")
	h, ok := s.hash[name]
	if !ok {
		return echo.ErrNotFound
	}
	if c.QueryParam("v") == h {
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Response().Header().Set("Cache-Control", "public, max-age=300")
	}
	c.Response().Header().Set("ETag", `"`+h+`"`)
	if c.Request().Header.Get("If-None-Match") == `"`+h+`"` {
		return c.NoContent(304)
	}
	if data, ok := s.made[name]; ok {
		return c.Blob(http.StatusOK, "text/css; charset=utf-8", data)
	}
	http.ServeFileFS(c.Response(), c.Request(), s.fsys, name)
	return nil
}

// toInt converts the integer types templates meet (counts, totals) to int.
func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case uint64:
		return int(n)
	case int32:
		return int(n)
	case *int:
		if n != nil {
			return *n
		}
	}
	return 0
}
