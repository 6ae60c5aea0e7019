package uploads_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
	"stackdesk/internal/uploads"
)

// picture is a small image with some colour in it.
func picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 5), 200, 255})
		}
	}
	return img
}

// pngWithText is a PNG carrying a tEXt chunk (metadata) before its data.
func pngWithText(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, picture(40, 30)); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	chunk := pngChunk("tEXt", []byte("Comment\x00"+text))
	at := 8 + 12 + 13 // signature, then the IHDR chunk (length, type, 13 bytes, CRC)
	return append(append(append([]byte{}, raw[:at]...), chunk...), raw[at:]...)
}

func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// jpegWithExif is a JPEG carrying an APP1 (EXIF) segment after its start.
func jpegWithExif(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(40, 30), nil); err != nil {
		t.Fatal(err)
	}
	return withApp1(b.Bytes(), []byte("Exif\x00\x00"+text))
}

// withApp1 puts an APP1 segment carrying payload right after a JPEG's start.
func withApp1(raw, payload []byte) []byte {
	seg := append([]byte{0xFF, 0xE1}, binary.BigEndian.AppendUint16(nil, uint16(len(payload)+2))...)
	seg = append(seg, payload...)
	return append(append(append([]byte{}, raw[:2]...), seg...), raw[2:]...)
}

// exifOrientation is the payload of an APP1 segment whose EXIF says the
// camera's make and then the orientation o, in the byte order given.
func exifOrientation(order binary.AppendByteOrder, o uint16) []byte {
	b := []byte("Exif\x00\x00")
	if order == binary.LittleEndian {
		b = append(b, "II"...)
	} else {
		b = append(b, "MM"...)
	}
	b = order.AppendUint16(b, 42)
	b = order.AppendUint32(b, 8) // the first directory, right after the header
	b = order.AppendUint16(b, 2)
	// Make: ASCII, 6 bytes, kept after the directory (8 + 2 + 2*12 + 4).
	b = order.AppendUint16(b, 0x010F)
	b = order.AppendUint16(b, 2)
	b = order.AppendUint32(b, 6)
	b = order.AppendUint32(b, 38)
	// Orientation: one SHORT, in the first half of the value field.
	b = order.AppendUint16(b, 0x0112)
	b = order.AppendUint16(b, 3)
	b = order.AppendUint32(b, 1)
	b = order.AppendUint16(b, o)
	b = append(b, 0, 0)
	b = order.AppendUint32(b, 0) // no next directory
	return append(b, "Phone\x00"...)
}

// pngHeaderOnly claims a size in its header and holds no picture.
func pngHeaderOnly(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

// pngHeader is a PNG whose header claims a size, colour format and
// interlacing and whose picture data is missing.
func pngHeader(w, h uint32, depth, colorType, interlace byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, interlace)
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

// jpegHeader is a JPEG whose frame header claims a size and components and
// whose picture data is missing.
func jpegHeader(w, h uint16, components byte) []byte {
	b := []byte{0xFF, 0xD8, 0xFF, 0xC0}
	b = binary.BigEndian.AppendUint16(b, uint16(8+3*int(components)))
	b = append(b, 8)
	b = binary.BigEndian.AppendUint16(b, h)
	b = binary.BigEndian.AppendUint16(b, w)
	b = append(b, components)
	for i := range components {
		b = append(b, i+1, 0x11, 0)
	}
	// The start of the scan, where reading the configuration stops.
	b = append(b, 0xFF, 0xDA)
	b = binary.BigEndian.AppendUint16(b, uint16(6+2*int(components)))
	b = append(b, components)
	for i := range components {
		b = append(b, i+1, 0)
	}
	return append(b, 0, 63, 0, 0xFF, 0xD9)
}

// TestUploadsAreCheckedAndEncodedAgain: PNG, JPEG and GIF pictures are
// stored encoded again (their metadata gone) under their hash, once;
// anything else is refused with why, and nothing is stored for it.
func TestUploadsAreCheckedAndEncodedAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		s := &uploads.Service{Store: st, Dir: dir, MaxBytes: 200 << 10, Now: time.Now}
		ada := storetest.User(t, st, "ada", store.RoleUser)

		var g bytes.Buffer
		pal := image.NewPaletted(image.Rect(0, 0, 20, 10), []color.Color{color.White, color.Black})
		if err := gif.EncodeAll(&g, &gif.GIF{Image: []*image.Paletted{pal, pal}, Delay: []int{10, 10}}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name, contentType, ext string
			data                   []byte
			w, h                   int
		}{
			{"png with a text chunk", "image/png", ".png", pngWithText(t, "SECRET-PNG-NOTE"), 40, 30},
			{"jpeg with exif", "image/jpeg", ".jpg", jpegWithExif(t, "SECRET-GPS-48.1N"), 40, 30},
			{"animated gif", "image/gif", ".gif", g.Bytes(), 20, 10},
		} {
			u, err := s.Save(ctx, ada, bytes.NewReader(c.data))
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if u.ContentType != c.contentType || u.Width != c.w || u.Height != c.h || !uploads.NameRE.MatchString(u.Hash+c.ext) ||
				u.Path() != "/uploads/"+u.Hash+c.ext {
				t.Fatalf("%s: %+v", c.name, u)
			}
			stored, err := os.ReadFile(filepath.Join(dir, u.Hash+c.ext))
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if bytes.Contains(stored, []byte("SECRET")) {
				t.Errorf("%s: the metadata is still in the stored file", c.name)
			}
			if c.ext == ".jpg" && len(stored) > len(c.data) {
				t.Errorf("the JPEG grew from %d to %d bytes", len(c.data), len(stored))
			}
			if _, format, err := image.DecodeConfig(bytes.NewReader(stored)); err != nil || "image/"+format != c.contentType {
				t.Errorf("%s: stored file reads as %q, %v", c.name, format, err)
			}
			if c.ext == ".gif" {
				if back, err := gif.DecodeAll(bytes.NewReader(stored)); err != nil || len(back.Image) != 1 {
					t.Errorf("the animation is stored with more than its first frame: %v", err)
				}
			}
			f, typ, err := s.Open(u.Hash + c.ext)
			if err != nil || typ != c.contentType {
				t.Fatalf("%s: open: %q %v", c.name, typ, err)
			}
			f.Close()
			// The same picture again is the same file, recorded once.
			again, err := s.Save(ctx, ada, bytes.NewReader(c.data))
			if err != nil || again.Hash != u.Hash {
				t.Fatalf("%s again: %+v %v", c.name, again, err)
			}
		}
		var n int64
		st.DB.Model(&uploads.Upload{}).Count(&n)
		if n != 3 {
			t.Fatalf("%d upload rows, want 3", n)
		}

		// Refused, storing nothing more.
		for _, c := range []struct {
			name  string
			data  []byte
			actor *store.User
			want  errs.Code
		}{
			{"anonymous", pngWithText(t, "x"), nil, errs.Unauthorized},
			{"text", []byte("just some text, no picture"), ada, errs.Invalid},
			{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>`), ada, errs.Invalid},
			{"html after a png signature", append([]byte("\x89PNG\r\n\x1a\n"), "<script>alert(1)</script>"...), ada, errs.Invalid},
			{"png header without a picture", pngHeaderOnly(40, 30), ada, errs.Invalid},
			{"too many pixels", pngHeaderOnly(9000, 9000), ada, errs.Invalid},
			{"a broken gif", []byte("GIF89a\x10\x00\x10\x00\x00\x00\x00\x2c\x00"), ada, errs.Invalid},
			{"a side too long", pngHeaderOnly(20000, 10), ada, errs.Invalid},
			{"too large", append(pngWithText(t, strings.Repeat("x", 210<<10)), 0), ada, errs.TooLarge},
		} {
			if _, err := s.Save(ctx, c.actor, bytes.NewReader(c.data)); errs.CodeOf(err) != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
		}
		// Refused for a reason of their own, before any decoding.
		var wide bytes.Buffer
		png.Encode(&wide, image.NewGray(image.Rect(0, 0, uploads.MaxSide+1, 1)))
		for _, c := range []struct {
			name string
			data []byte
			want string
		}{
			{"a side too long (a real image)", wide.Bytes(), "upload.too_many_pixels"},
			{"an interlaced 16-bit PNG of 20 megapixels", pngHeader(4500, 4500, 16, 6, 1), "upload.too_costly"},
			{"a 16-bit PNG of 20 megapixels fits", pngHeader(4500, 4500, 16, 6, 0), "upload.broken"},
			{"an interlaced 8-bit PNG of 24 megapixels fits", pngHeader(4800, 4800, 8, 6, 1), "upload.broken"},
			{"a colour JPEG of 20 megapixels", jpegHeader(5000, 4000, 3), "upload.too_costly"},
			{"a CMYK JPEG of 12 megapixels", jpegHeader(4000, 3000, 4), "upload.too_costly"},
			{"a colour JPEG of 12 megapixels (a phone photo) fits", jpegHeader(4000, 3000, 3), "upload.broken"},
			{"a colour JPEG of 12 megapixels to be turned fits", withApp1(jpegHeader(4000, 3000, 3), exifOrientation(binary.BigEndian, 6)), "upload.broken"},
			{"a colour JPEG of 14 megapixels fits", jpegHeader(4000, 3500, 3), "upload.broken"},
			{"a colour JPEG of 14 megapixels to be turned", withApp1(jpegHeader(4000, 3500, 3), exifOrientation(binary.LittleEndian, 8)), "upload.too_costly"},
		} {
			_, err := s.Save(ctx, ada, bytes.NewReader(c.data))
			if e := errs.As(err); e == nil || e.Msg.ID != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
		}
		st.DB.Model(&uploads.Upload{}).Count(&n)
		entries, _ := os.ReadDir(dir)
		if n != 3 || len(entries) != 3 {
			t.Fatalf("after the refusals: %d rows, %d files; want 3 and 3", n, len(entries))
		}
		// Only stored images' names are served, whatever else is in the folder.
		for _, extra := range []string{strings.Repeat("b", 64) + ".svg", ".upload-123", strings.Repeat("c", 64) + ".png.tmp"} {
			os.WriteFile(filepath.Join(dir, extra), []byte("<svg onload=alert(1)>"), 0o644)
		}
		for _, name := range []string{"new", "../etc/passwd", strings.Repeat("b", 64) + ".svg", ".upload-123", strings.Repeat("c", 64) + ".png.tmp",
			strings.Repeat("A", 64) + ".png", strings.Repeat("a", 64) + ".png"} {
			if _, _, err := s.Open(name); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("open %q: %v, want not found", name, err)
			}
		}
		for _, e := range entries {
			if info, _ := e.Info(); info.Mode().Perm() != 0o644 {
				t.Errorf("%s is stored %v, want readable by all (0644)", e.Name(), info.Mode().Perm())
			}
		}
	})
}

// TestUploadsStandAsTheCameraMeant: a JPEG whose EXIF orientation says to
// turn or mirror it is stored turned so (the orientation itself is dropped
// with the rest of the metadata), in either byte order of its EXIF.
func TestUploadsStandAsTheCameraMeant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		s := &uploads.Service{Store: st, Dir: dir, MaxBytes: 1 << 20, Now: time.Now}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		// As stored: 48 × 32, white, a red square at the top left and a
		// green one at the top right (whole 16-pixel blocks, so the
		// colours survive JPEG's compression).
		const w, h = 48, 32
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		red, green, white := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{255, 255, 255, 255}
		for y := range h {
			for x := range w {
				c := white
				if y < 16 && x < 16 {
					c = red
				} else if y < 16 && x >= w-16 {
					c = green
				}
				img.Set(x, y, c)
			}
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
			t.Fatal(err)
		}
		// Where the red and the green square are once turned, as the EXIF
		// specification describes each orientation.
		const tl, tr, bl, br = "top left", "top right", "bottom left", "bottom right"
		for _, c := range []struct {
			o          uint16
			red, green string
		}{
			{1, tl, tr}, {2, tr, tl}, {3, br, bl}, {4, bl, br},
			{5, tl, bl}, {6, tr, br}, {7, br, tr}, {8, bl, tl},
			{0, tl, tr}, {9, tl, tr}, // not an orientation: as stored
		} {
			for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
				name := fmt.Sprintf("orientation %d (%v)", c.o, order)
				u, err := s.Save(ctx, ada, bytes.NewReader(withApp1(b.Bytes(), exifOrientation(order, c.o))))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				wantW, wantH := w, h
				if c.o >= 5 && c.o <= 8 {
					wantW, wantH = h, w
				}
				if u.Width != wantW || u.Height != wantH {
					t.Errorf("%s: recorded as %d × %d, want %d × %d", name, u.Width, u.Height, wantW, wantH)
				}
				raw, err := os.ReadFile(filepath.Join(dir, u.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(raw, []byte("Exif")) {
					t.Errorf("%s: the EXIF is still in the stored file", name)
				}
				stored, err := jpeg.Decode(bytes.NewReader(raw))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if sb := stored.Bounds(); sb.Dx() != wantW || sb.Dy() != wantH {
					t.Fatalf("%s: stored %d × %d, want %d × %d", name, sb.Dx(), sb.Dy(), wantW, wantH)
				}
				// A pixel well inside each corner's square.
				at := map[string]image.Point{tl: {4, 4}, tr: {wantW - 5, 4}, bl: {4, wantH - 5}, br: {wantW - 5, wantH - 5}}
				for corner, p := range at {
					want := white
					switch corner {
					case c.red:
						want = red
					case c.green:
						want = green
					}
					r, g, bl, _ := stored.At(p.X, p.Y).RGBA()
					if !near(r>>8, want.R) || !near(g>>8, want.G) || !near(bl>>8, want.B) {
						t.Errorf("%s: the %s is (%d, %d, %d), want %v", name, corner, r>>8, g>>8, bl>>8, want)
					}
				}
			}
		}
	})
}

// near says whether a colour channel read back from a JPEG is the one written.
func near(got uint32, want uint8) bool { return got+40 >= uint32(want) && got <= uint32(want)+40 }

// TestMaxMB: a limit is said in megabytes never above it: to a tenth, below
// one megabyte to a hundredth, whole ones without decimals.
func TestMaxMB(t *testing.T) {
	for _, c := range []struct {
		bytes int64
		want  string
	}{
		{4 << 20, "4"}, {5 << 19, "2.5"}, {5<<19 - 1, "2.4"}, {4<<20 + 1, "4"}, {32 << 20, "32"},
		{1 << 20, "1"}, {1<<20 - 1, "0.99"}, {256 << 10, "0.25"}, {64 << 10, "0.06"},
	} {
		if got := uploads.MaxMB(c.bytes).String(); got != c.want {
			t.Errorf("%d bytes: %s MB, want %s MB", c.bytes, got, c.want)
		}
	}
	if err := uploads.TooLarge(5 << 19); errs.CodeOf(err) != errs.TooLarge || err.Error() != "The image is larger than 2.5 MB; crop it or save it as a JPEG." {
		t.Errorf("too large: %v", err)
	}
}

// TestUploadsPerDay: one person uploads at most uploads.PerDay images a day.
func TestUploadsPerDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		now := time.Now().UTC()
		s := &uploads.Service{Store: st, Dir: t.TempDir(), MaxBytes: 1 << 20, Now: func() time.Time { return now }}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		for i := range uploads.PerDay {
			st.DB.Create(&uploads.Upload{Hash: strings.Repeat("0", 60) + fmt.Sprintf("%04d", i), UserID: ada.ID, ContentType: "image/png",
				Bytes: 1, Width: 1, Height: 1, CreatedAt: now.Add(-time.Duration(i) * time.Minute)})
		}
		if _, err := s.Save(context.Background(), ada, bytes.NewReader(pngWithText(t, "x"))); errs.CodeOf(err) != errs.RateLimited {
			t.Fatalf("upload %d of the day: %v, want rate limited", uploads.PerDay+1, err)
		}
		now = now.Add(24*time.Hour - 30*time.Minute) // the oldest half hour's uploads are a day old
		if _, err := s.Save(context.Background(), ada, bytes.NewReader(pngWithText(t, "x"))); err != nil {
			t.Fatalf("a day later: %v", err)
		}
	})
}

// TestUploadsPerDayAtOnce: uploads sent at once by one person with two of
// the day's left are taken two, however they interleave (a few rounds, a
// person each, to give them the chance to).
func TestUploadsPerDayAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		now := time.Now().UTC()
		s := &uploads.Service{Store: st, Dir: t.TempDir(), MaxBytes: 1 << 20, Now: func() time.Time { return now }}
		const rounds, at = 4, 12
		// Different pictures, each its own row.
		pictures := make([][]byte, rounds*at)
		for i := range pictures {
			img := picture(40, 30)
			img.Set(0, 0, color.RGBA{uint8(i), uint8(i >> 8), 0, 255})
			var b bytes.Buffer
			if err := png.Encode(&b, img); err != nil {
				t.Fatal(err)
			}
			pictures[i] = b.Bytes()
		}
		for round := range rounds {
			who := storetest.User(t, st, fmt.Sprintf("ada%d", round), store.RoleUser)
			for i := range uploads.PerDay - 2 {
				st.DB.Create(&uploads.Upload{Hash: fmt.Sprintf("%02d", round) + strings.Repeat("0", 58) + fmt.Sprintf("%04d", i), UserID: who.ID,
					ContentType: "image/png", Bytes: 1, Width: 1, Height: 1, CreatedAt: now.Add(-time.Duration(i) * time.Minute)})
			}
			start := make(chan struct{})
			results := make(chan error, at)
			for i := range at {
				go func() {
					<-start
					_, err := s.Save(context.Background(), who, bytes.NewReader(pictures[round*at+i]))
					results <- err
				}()
			}
			close(start)
			taken := 0
			for range at {
				switch err := <-results; errs.CodeOf(err) {
				case "":
					taken++
				case errs.RateLimited:
				default:
					t.Errorf("an upload at once: %v", err)
				}
			}
			var n int64
			st.DB.Model(&uploads.Upload{}).Where("user_id = ?", who.ID).Count(&n)
			if taken != 2 || n != uploads.PerDay {
				t.Fatalf("round %d: %d of %d uploads at once taken, %d rows; want 2 and %d", round, taken, at, n, uploads.PerDay)
			}
		}
		// Another person's count is their own.
		bob := storetest.User(t, st, "bob", store.RoleUser)
		if _, err := s.Save(context.Background(), bob, bytes.NewReader(pictures[0])); err != nil {
			t.Fatalf("another person: %v", err)
		}
	})
}

// TestModeratorsRemoveUploads: moderators list the uploaded images and
// remove one for good (file and row, on record); members may do neither.
func TestModeratorsRemoveUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		s := &uploads.Service{Store: st, Dir: dir, MaxBytes: 1 << 20, Now: time.Now}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		first, err := s.Save(ctx, ada, bytes.NewReader(pngWithText(t, "one")))
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.Save(ctx, ada, bytes.NewReader(jpegWithExif(t, "two")))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Recent(ctx, ada, 1, 10); errs.CodeOf(err) != errs.Forbidden {
			t.Fatalf("a member lists uploads: %v", err)
		}
		list, total, err := s.Recent(ctx, mod, 1, 10)
		if err != nil || total != 2 || len(list) != 2 || list[0].Hash != second.Hash || list[1].Hash != first.Hash {
			t.Fatalf("recent: %+v %d %v", list, total, err)
		}
		if err := s.Remove(ctx, ada, first.Name()); errs.CodeOf(err) != errs.Forbidden {
			t.Fatalf("a member removes: %v", err)
		}
		if err := s.Remove(ctx, mod, first.Name()); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, first.Name())); !os.IsNotExist(err) {
			t.Fatalf("the file is still there: %v", err)
		}
		if _, _, err := s.Open(first.Name()); errs.CodeOf(err) != errs.NotFound {
			t.Fatalf("open after removal: %v", err)
		}
		if err := s.Remove(ctx, mod, first.Name()); errs.CodeOf(err) != errs.NotFound {
			t.Fatalf("remove twice: %v", err)
		}
		// The same picture again stays removed.
		if _, err := s.Save(ctx, ada, bytes.NewReader(pngWithText(t, "one"))); errs.As(err).Msg.ID != "upload.removed" {
			t.Fatalf("the removed picture uploaded again: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, first.Name())); !os.IsNotExist(err) {
			t.Fatalf("the removed file came back: %v", err)
		}
		var audit []store.AuditEntry
		st.DB.Where("action = ?", "upload.remove").Find(&audit)
		if len(audit) != 1 || audit[0].Detail != first.Path() || *audit[0].TargetID != ada.ID || *audit[0].ActorID != mod.ID {
			t.Fatalf("audit: %+v", audit)
		}
		if list, total, _ := s.Recent(ctx, mod, 1, 10); total != 1 || list[0].Hash != second.Hash {
			t.Fatalf("recent after removal: %+v", list)
		}
	})
}

// TestRemoveTakesOnlyTheImagesOwnName: an image is removed by the name it is
// served at; its hash with another type's extension names no image, so it is
// not found and removes nothing: the row, the file and the audit log stay as
// they were, and the real name still removes it.
func TestRemoveTakesOnlyTheImagesOwnName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		s := &uploads.Service{Store: st, Dir: dir, MaxBytes: 1 << 20, Now: time.Now}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		up, err := s.Save(ctx, ada, bytes.NewReader(pngWithText(t, "one")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(up.Name(), ".png") {
			t.Fatalf("stored as %s, want a PNG", up.Name())
		}
		audits := func() int64 {
			var n int64
			st.DB.Model(&store.AuditEntry{}).Where("action = ?", "upload.remove").Count(&n)
			return n
		}
		for _, ext := range []string{".jpg", ".gif"} {
			if err := s.Remove(ctx, mod, up.Hash+ext); errs.CodeOf(err) != errs.NotFound {
				t.Fatalf("remove %s%s: %v, want not found", up.Hash, ext, err)
			}
		}
		f, typ, err := s.Open(up.Name())
		if err != nil || typ != "image/png" {
			t.Fatalf("open after the wrong names: %s, %v", typ, err)
		}
		f.Close()
		if list, total, err := s.Recent(ctx, mod, 1, 10); err != nil || total != 1 || list[0].Hash != up.Hash {
			t.Fatalf("recent after the wrong names: %+v %d %v", list, total, err)
		}
		if n := audits(); n != 0 {
			t.Fatalf("%d removals on record after the wrong names, want 0", n)
		}
		if err := s.Remove(ctx, mod, up.Name()); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, up.Name())); !os.IsNotExist(err) {
			t.Fatalf("the file is still there: %v", err)
		}
		if n := audits(); n != 1 {
			t.Fatalf("%d removals on record, want 1", n)
		}
	})
}
