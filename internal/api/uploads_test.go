package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// multipartImage is a form with the file data in its field "image".
func multipartImage(t *testing.T, field string, data []byte) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	part, err := w.CreateFormFile(field, "screenshot.png")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	return w.FormDataContentType(), &b
}

func screenshot(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 31)
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImageUploads: an image uploaded through the API is served from this
// site with headers that let nothing in it run, and a post that shows it
// renders the image; bad uploads get precise 4xx.
func TestImageUploads(t *testing.T) {
	dialects(t, func(t *testing.T, d store.Dialect) {
		env := testkit.Boot(t, d, func(c *config.Config) { c.UploadMax = 256 << 10 })
		_, ada := env.SignUp(t, "ada")
		ct, body := multipartImage(t, "image", screenshot(t, 64, 48))
		res := env.Request(t, "POST", "/api/v1/uploads", ada, ct, body)
		if res.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", res.Status, res.Body)
		}
		var up struct {
			URL         string `json:"url"`
			Markdown    string `json:"markdown"`
			ContentType string `json:"content_type"`
			Width       int    `json:"width"`
			Height      int    `json:"height"`
		}
		res.JSON(t, &up)
		if !strings.HasPrefix(up.URL, "/uploads/") || !strings.HasSuffix(up.URL, ".png") || up.Markdown != "![screenshot]("+up.URL+")" ||
			up.ContentType != "image/png" || up.Width != 64 || up.Height != 48 {
			t.Fatalf("upload answer: %s", res.Body)
		}
		img := env.Request(t, "GET", up.URL, "", "", nil)
		h := img.Header
		if img.Status != 200 || h.Get("Content-Type") != "image/png" || h.Get("Cache-Control") != "private, max-age=86400" || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Content-Security-Policy") != "default-src 'none'; sandbox" {
			t.Fatalf("serving: %d %v", img.Status, h)
		}
		if _, err := png.Decode(bytes.NewReader(img.Body)); err != nil {
			t.Fatalf("served image: %v", err)
		}
		// A question showing it renders the image.
		q := env.Ask(t, ada, "Outlook shows this error on start", "outlook")
		res = env.API(t, "PATCH", "/questions/"+itoa(q), ada, map[string]any{"body": "Outlook shows this when it starts:\n\n" + up.Markdown})
		if res.Status != 200 || !strings.Contains(res.Map(t)["body_html"].(string), `<img src="`+up.URL+`" alt="screenshot"/>`) {
			t.Fatalf("post with the image: %d %s", res.Status, res.Body)
		}
		// Refusals.
		ct, body = multipartImage(t, "image", []byte("<html><script>alert(1)</script></html>"))
		if res := env.Request(t, "POST", "/api/v1/uploads", ada, ct, body); res.Status != 422 ||
			!strings.Contains(string(res.Body), `"fields":{"image":"This is not a PNG, JPEG or GIF image."}`) {
			t.Errorf("html as an image: %d %s (want the refusal beside the field image)", res.Status, res.Body)
		}
		ct, body = multipartImage(t, "file", screenshot(t, 8, 8))
		if res := env.Request(t, "POST", "/api/v1/uploads", ada, ct, body); res.Status != 422 {
			t.Errorf("no image field: %d %s", res.Status, res.Body)
		}
		ct, body = multipartImage(t, "image", bytes.Repeat([]byte{0x89}, 300<<10))
		if res := env.Request(t, "POST", "/api/v1/uploads", ada, ct, body); res.Status != 413 {
			t.Errorf("too large: %d %s", res.Status, res.Body)
		}
		ct, body = multipartImage(t, "image", screenshot(t, 8, 8))
		if res := env.Request(t, "POST", "/api/v1/uploads", "", ct, body); res.Status != 401 {
			t.Errorf("anonymous: %d %s", res.Status, res.Body)
		}
		for _, path := range []string{"/uploads/" + strings.Repeat("0", 64) + ".png", "/uploads/x.svg", "/uploads/..%2fstackdesk.db"} {
			if res := env.Request(t, "GET", path, "", "", nil); res.Status != 404 {
				t.Errorf("GET %s: %d", path, res.Status)
			}
		}
	})
}

// noise is a PNG of random pixels: it compresses to about its raw size.
func noise(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32())
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.NoCompression}).Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestUploadBodyLimits: a logged-in member's screenshot larger than a form
// may be (1 MiB) is taken up to the upload limit, with the upload's own
// message past it; an anonymous body that large is refused at once.
func TestUploadBodyLimits(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.UploadMax = 2 << 20 })
	_, ada := env.SignUp(t, "ada")
	big := noise(t, 700, 500) // about 1.4 MB
	if len(big) < 5<<18 {
		t.Fatalf("the test image is only %d bytes", len(big))
	}
	ct, body := multipartImage(t, "image", big)
	if res := env.Request(t, "POST", "/api/v1/uploads", ada, ct, body); res.Status != http.StatusCreated {
		t.Fatalf("a 1.4 MB screenshot: %d %.300s", res.Status, res.Body)
	}
	ct, body = multipartImage(t, "image", big)
	if res := env.Request(t, "POST", "/api/v1/uploads", "", ct, body); res.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("anonymous 1.4 MB: %d %.300s", res.Status, res.Body)
	}
	ct, body = multipartImage(t, "image", noise(t, 1000, 600)) // about 2.4 MB
	res := env.Request(t, "POST", "/api/v1/uploads", ada, ct, body)
	if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(string(res.Body), "The image is larger than 2 MB") {
		t.Fatalf("2.4 MB: %d %.300s", res.Status, res.Body)
	}
}

// TestUploadsNeedLoginWhenTheSiteDoes: with STACKDESK_REQUIRE_LOGIN an
// uploaded image is for logged-in people only, and no shared cache keeps it.
func TestUploadsNeedLoginWhenTheSiteDoes(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.RequireLogin = true })
	_, ada := env.SignUp(t, "ada")
	ct, body := multipartImage(t, "image", screenshot(t, 16, 16))
	res := env.Request(t, "POST", "/api/v1/uploads", ada, ct, body)
	if res.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", res.Status, res.Body)
	}
	url := res.Map(t)["url"].(string)
	if res := env.Request(t, "GET", url, "", "", nil); res.Status == http.StatusOK {
		t.Fatalf("an anonymous visitor gets the image")
	}
	res = env.Request(t, "GET", url, ada, "", nil)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Cache-Control"), "private") {
		t.Fatalf("logged in: %d %q", res.Status, res.Header.Get("Cache-Control"))
	}
}
