package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"stackdesk/internal/auth"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestRemovingAnUploadByAnotherExtension: DELETE /api/v1/uploads/{name}
// with the image's hash but another type's extension is 404 and leaves the
// image served and listed; its own name removes it.
func TestRemovingAnUploadByAnotherExtension(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, ada := env.SignUp(t, "ada")
		if _, err := env.App.Auth.CreateUser(context.Background(), auth.SignUp{Username: "mod", Email: "mod@example.com",
			Password: "correct horse battery"}, store.RoleModerator); err != nil {
			t.Fatal(err)
		}
		res := env.API(t, "POST", "/tokens", "", map[string]string{"username": "mod", "password": "correct horse battery"})
		if res.Status != http.StatusCreated {
			t.Fatalf("token: %d %s", res.Status, res.Body)
		}
		mod := res.Map(t)["token"].(string)
		ct, body := multipartImage(t, "image", screenshot(t, 16, 12))
		res = env.Request(t, "POST", "/api/v1/uploads", ada, ct, body)
		if res.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", res.Status, res.Body)
		}
		url := res.Map(t)["url"].(string)
		if !strings.HasSuffix(url, ".png") {
			t.Fatalf("uploaded as %s, want a PNG", url)
		}
		hash := strings.TrimSuffix(strings.TrimPrefix(url, "/uploads/"), ".png")
		for _, ext := range []string{".jpg", ".gif"} {
			res := env.API(t, "DELETE", "/uploads/"+hash+ext, mod, nil)
			if res.Status != http.StatusNotFound || res.ErrorCode() != "not_found" {
				t.Errorf("DELETE %s%s: %d %s, want 404", hash, ext, res.Status, res.Body)
			}
		}
		if res := env.Request(t, "GET", url, "", "", nil); res.Status != http.StatusOK {
			t.Fatalf("the image after the wrong names: %d", res.Status)
		}
		if res := env.API(t, "GET", "/uploads", mod, nil); res.Status != http.StatusOK || res.Map(t)["total"] != float64(1) {
			t.Fatalf("the list after the wrong names: %d %s", res.Status, res.Body)
		}
		if res := env.API(t, "DELETE", "/uploads/"+hash+".png", mod, nil); res.Status != http.StatusNoContent {
			t.Fatalf("DELETE by its own name: %d %s", res.Status, res.Body)
		}
		if res := env.Request(t, "GET", url, "", "", nil); res.Status != http.StatusNotFound {
			t.Fatalf("the image after removal: %d", res.Status)
		}
	})
}
