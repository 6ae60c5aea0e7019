package web_test

import (
	"bytes"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

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
	contains(t, res, "This is no PNG, JPEG or GIF image.")
}
