package web_test

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestUploadWithoutJavaScript: the ask page links the upload form; the form
// takes an image and shows the Markdown to copy and the image; a file that
// is no image is refused inline; the form is for members only.
func TestUploadWithoutJavaScript(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ada := newBrowser(env)
	ada.signUp(t, "ada")
	contains(t, ada.get(t, "/questions/ask"), `href="/uploads/new"`, `data-upload="body"`)
	if strings.Contains(string(newBrowser(env).get(t, "/help").Body), `data-upload=`) {
		t.Error("a page for anonymous visitors offers uploads")
	}
	if res := newBrowser(env).get(t, "/uploads/new"); res.Status != http.StatusSeeOther {
		t.Fatalf("anonymous upload form: %d", res.Status)
	}
	form := ada.get(t, "/uploads/new")
	contains(t, form, `enctype="multipart/form-data"`, `accept="image/png,image/jpeg,image/gif"`, "up to 4 MB")
	token := csrfRE.FindSubmatch(form.Body)[1]
	send := func(data []byte) *testkit.Response {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		w.WriteField("_csrf", string(token))
		part, _ := w.CreateFormFile("image", "error.png")
		part.Write(data)
		w.Close()
		req, _ := http.NewRequest("POST", env.URL+"/uploads", &b)
		req.Header.Set("Content-Type", w.FormDataContentType())
		return ada.do(t, req)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 30, 20)))
	res := send(img.Bytes())
	if res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	m := regexp.MustCompile(`value="!\[screenshot\]\((/uploads/[0-9a-f]{64}\.png)\)" readonly`).FindSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no Markdown to copy:\n%s", res.Body)
	}
	contains(t, res, `<img src="`+string(m[1])+`"`)
	if got := ada.get(t, string(m[1])); got.Status != 200 || got.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("the image: %d %s", got.Status, got.Header.Get("Content-Type"))
	}
	res = send([]byte("%PDF-1.4 not an image"))
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a PDF: %d", res.Status)
	}
	contains(t, res, "This is not a PNG, JPEG or GIF image.")
}

// TestModeratorsSeeAndRemoveUploads: /admin/uploads lists the images for
// moderators, and its button removes one for good; members are refused.
func TestModeratorsSeeAndRemoveUploads(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	mod := newBrowser(env)
	mod.signUp(t, "mod")
	setRole(t, env, "mod", store.RoleModerator)
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 12, 9)))
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, _ := w.CreateFormFile("image", "a.png")
	part.Write(img.Bytes())
	w.Close()
	res := env.Request(t, "POST", "/api/v1/uploads", tok, w.FormDataContentType(), &b)
	if res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	path := res.Map(t)["url"].(string)
	name := strings.TrimPrefix(path, "/uploads/")
	ada := newBrowser(env)
	ada.logIn(t, "ada")
	if res := ada.get(t, "/admin/uploads"); res.Status != http.StatusForbidden {
		t.Fatalf("a member opens the list: %d", res.Status)
	}
	// Reading the list is not counted as uploading (10 a minute).
	for i := range 12 {
		if res := mod.get(t, "/api/v1/uploads"); res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"uploader":{"id":1,"username":"ada"`) {
			t.Fatalf("list %d through the API: %d %.200s", i, res.Status, res.Body)
		}
	}
	page := mod.get(t, "/admin/uploads")
	contains(t, page, `<img src="`+path+`"`, ">ada</a>", "12 × 9", `name="name" value="`+name+`"`)
	contains(t, mod.get(t, "/admin/flags"), `href="/admin/uploads"`)
	res = mod.post(t, "/admin/uploads", "/admin/uploads/remove", map[string][]string{"name": {name}, "next": {"/admin/uploads"}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/admin/uploads" {
		t.Fatalf("remove: %d %s", res.Status, res.Header.Get("Location"))
	}
	if res := mod.get(t, path); res.Status != http.StatusNotFound {
		t.Fatalf("the image after removal: %d", res.Status)
	}
	contains(t, mod.get(t, "/admin/uploads"), "No images have been uploaded.")
	if res := env.API(t, "DELETE", "/uploads/"+name, tok, nil); res.Status != http.StatusForbidden {
		t.Fatalf("a member removes through the API: %d", res.Status)
	}
}

// TestUploadLimitSaidAlike: a limit of 2.5 MB is said so (rounded down, in
// the reader's language) by the upload page, the ask page's script message
// and each refusal of a larger image: by the body's length, while reading
// the form, and by the image's own size.
func TestUploadLimitSaidAlike(t *testing.T) {
	const limit = 5 << 19 // 2.5 MiB
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.UploadMax = limit })
	ada := newBrowser(env)
	ada.signUp(t, "ada")
	contains(t, ada.get(t, "/uploads/new"), "A PNG, JPEG or GIF up to 2.5 MB")
	contains(t, ada.get(t, "/uploads/new", "Accept-Language", "de"), "Ein PNG, JPEG oder GIF bis 2,5 MB")
	contains(t, ada.get(t, "/questions/ask"), `data-too-large="The image is larger than 2.5 MB;`)
	contains(t, ada.get(t, "/questions/ask", "Accept-Language", "de"), `data-too-large="Das Bild ist größer als 2,5 MB;`)

	_, token := env.SignUp(t, "bob")
	form := func(size int) ([]byte, string) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		part, _ := w.CreateFormFile("image", "big.png")
		part.Write(bytes.Repeat([]byte{0x89}, size))
		w.Close()
		return b.Bytes(), w.FormDataContentType()
	}
	for _, c := range []struct {
		name    string
		size    int
		chunked bool // no Content-Length: the limit is found while reading
	}{
		{"a body longer than the limit", limit + 100<<10, false},
		{"a body found too long while reading the form", limit + 100<<10, true},
		{"an image over the limit in a body within it", limit + 10<<10, false},
	} {
		for lang, want := range map[string]string{"en": "The image is larger than 2.5 MB;", "de": "Das Bild ist größer als 2,5 MB;"} {
			body, ct := form(c.size)
			var r io.Reader = bytes.NewReader(body)
			if c.chunked {
				r = io.MultiReader(r)
			}
			req, _ := http.NewRequest("POST", env.URL+"/api/v1/uploads", r)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Accept-Language", lang)
			res := newBrowser(env).do(t, req)
			if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(string(res.Body), want) {
				t.Errorf("%s (%s): %d %.300s", c.name, lang, res.Status, res.Body)
			}
			if c.size < limit+100<<10 {
				continue // a body within the limit is read: no token, refused as such
			}
			// With the session's cookie and no X-CSRF-Token header, the
			// form is read for its token: the body found too long there
			// is the image's refusal too, in JSON, not the form's.
			body, ct = form(c.size)
			r = bytes.NewReader(body)
			if c.chunked {
				r = io.MultiReader(r)
			}
			req, _ = http.NewRequest("POST", env.URL+"/api/v1/uploads", r)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Accept-Language", lang)
			res = ada.do(t, req)
			if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(string(res.Body), want) ||
				res.ErrorCode() != "too_large" {
				t.Errorf("%s (%s), session cookie: %d %.300s", c.name, lang, res.Status, res.Body)
			}
		}
	}
}

// TestUploadFormTooLarge: without JavaScript, an image over the limit brings
// the upload form back with the message the form and the API give (413),
// whether the body's length says so, reading the form finds it, or the
// image alone is over; nothing is stored, and the form shown sends again.
func TestUploadFormTooLarge(t *testing.T) {
	const limit = 5 << 19 // 2.5 MiB
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.UploadMax = limit })
	ada := newBrowser(env)
	ada.signUp(t, "ada")
	token := csrfRE.FindSubmatch(ada.get(t, "/uploads/new").Body)[1]
	send := func(token []byte, data []byte, chunked bool, lang string) *testkit.Response {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		w.WriteField("_csrf", string(token))
		part, _ := w.CreateFormFile("image", "big.png")
		part.Write(data)
		w.Close()
		var r io.Reader = &b
		if chunked {
			r = io.MultiReader(r) // no Content-Length: the limit is found while reading
		}
		req, _ := http.NewRequest("POST", env.URL+"/uploads", r)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("Accept-Language", lang)
		return ada.do(t, req)
	}
	for _, c := range []struct {
		name    string
		size    int
		chunked bool
	}{
		{"a body longer than the limit", limit + 100<<10, false},
		{"a body found too long while reading the form", limit + 100<<10, true},
		{"an image over the limit in a body within it", limit + 10<<10, false},
	} {
		for lang, want := range map[string]string{"en": "The image is larger than 2.5 MB; crop it or save it as a JPEG.", "de": "Das Bild ist größer als 2,5 MB;"} {
			res := send(token, bytes.Repeat([]byte{0x89}, c.size), c.chunked, lang)
			if res.Status != http.StatusRequestEntityTooLarge {
				t.Errorf("%s (%s): %d %.300s", c.name, lang, res.Status, res.Body)
				continue
			}
			contains(t, res, `<div class="alert" role="alert">`+want, `<form method="post" action="/uploads" enctype="multipart/form-data"`)
			m := csrfRE.FindSubmatch(res.Body)
			if m == nil || len(m[1]) == 0 {
				t.Errorf("%s (%s): the form shown has no CSRF token", c.name, lang)
				continue
			}
			token = m[1]
		}
	}
	var n int64
	env.App.Store.DB.Table("uploads").Count(&n)
	if entries, _ := os.ReadDir(env.App.Config.UploadDir); n != 0 || len(entries) != 0 {
		t.Fatalf("an image over the limit was stored: %d rows, %d files", n, len(entries))
	}
	// The form shown sends an image that fits.
	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 30, 20)))
	if res := send(token, img.Bytes(), false, "en"); res.Status != http.StatusCreated {
		t.Fatalf("upload from the form shown again: %d %.300s", res.Status, res.Body)
	}
}
