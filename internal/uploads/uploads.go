// Package uploads stores the images people add to their posts: screenshots
// of an error, mostly. An image is checked, decoded within bounds and
// encoded again (which drops its metadata, such as a photo's location, and
// anything that is not the picture), then kept on disk under the SHA-256 of
// the stored bytes, so the same picture uploaded twice is one file. Posts
// refer to it as /uploads/HASH.EXT.
package uploads

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stackdesk/internal/errs"
	"stackdesk/internal/store"
)

// Bounds of an image: the pixels it may hold, its sides, the memory its
// decoding may take (a small file can decode to a huge picture: a 16-bit
// PNG takes 8 bytes a pixel, a progressive JPEG about 20, a GIF one a pixel
// of every frame), how many are decoded at once, and how many one person
// uploads in a day.
const (
	MaxPixels     = 24_000_000
	MaxSide       = 10_000
	DecodeBudget  = 160 << 20
	decodesAtOnce = 2
	PerDay        = 50
)

// Upload is a stored image and who uploaded it first.
type Upload struct {
	ID          int64
	Hash        string
	UserID      int64
	ContentType string
	Bytes       int64
	Width       int
	Height      int
	CreatedAt   time.Time
}

// TableName names the table of Upload.
func (Upload) TableName() string { return "uploads" }

// Name is the image's file name.
func (u *Upload) Name() string { return u.Hash + extOf[u.ContentType] }

// Path is the address the image is served at and posts refer to.
func (u *Upload) Path() string { return "/uploads/" + u.Name() }

// extOf and typeOf map the stored types to file extensions and back.
var (
	extOf  = map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}
	typeOf = map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif"}
)

// NameRE matches the file names of stored images, and nothing else: the
// only names that are served.
var NameRE = regexp.MustCompile(`^[0-9a-f]{64}\.(png|jpg|gif)$`)

// Service stores and reads uploaded images.
type Service struct {
	Store    *store.Store
	Dir      string // where the files are kept
	MaxBytes int64  // the largest upload taken
	Now      func() time.Time

	once    sync.Once
	decodes chan struct{} // a slot per decode running
}

// Save checks, encodes again and stores the image read from r for actor.
// Anything but a PNG, JPEG or GIF picture within the bounds is refused with
// a message saying why; nothing is stored then.
func (s *Service) Save(ctx context.Context, actor *store.User, r io.Reader) (*Upload, error) {
	if actor == nil {
		return nil, errs.E(errs.Unauthorized, "auth.login_required", "Please log in.")
	}
	raw, err := io.ReadAll(io.LimitReader(r, s.MaxBytes+1))
	if err != nil {
		var tooLarge *http.MaxBytesError // the request body's limit
		if errors.As(err, &tooLarge) {
			return nil, s.tooLarge()
		}
		return nil, errs.E(errs.BadRequest, "upload.unreadable", "The image could not be read; please try again.")
	}
	if int64(len(raw)) > s.MaxBytes {
		return nil, s.tooLarge()
	}
	var today int64
	if err := s.Store.DB.WithContext(ctx).Model(&Upload{}).Where("user_id = ? AND created_at > ?", actor.ID, s.Now().UTC().Add(-24*time.Hour)).
		Count(&today).Error; err != nil {
		return nil, errs.Internalf(err, "uploads: count")
	}
	if today >= PerDay {
		return nil, errs.E(errs.RateLimited, "upload.too_many", "You have uploaded {{.Max}} images in the last 24 hours; please wait before adding more.", "Max", PerDay)
	}
	// Decoding takes memory and CPU: a few at once, the rest wait their turn.
	s.once.Do(func() { s.decodes = make(chan struct{}, decodesAtOnce) })
	select {
	case s.decodes <- struct{}{}:
	case <-ctx.Done():
		return nil, errs.E(errs.Unavailable, "upload.busy", "Too many images are being uploaded; please try again.")
	}
	out, cfg, contentType, err := reencode(raw)
	<-s.decodes
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(out)
	u := &Upload{Hash: hex.EncodeToString(sum[:]), UserID: actor.ID, ContentType: contentType, Bytes: int64(len(out)),
		Width: cfg.Width, Height: cfg.Height, CreatedAt: s.Now().UTC()}
	if err := s.write(u, out); err != nil {
		return nil, errs.Internalf(err, "uploads: write")
	}
	// The first uploader is on record; the same picture again is the same file.
	if err := s.Store.DB.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "hash"}}, DoNothing: true}).
		Create(u).Error; err != nil {
		return nil, errs.Internalf(err, "uploads: record")
	}
	return u, nil
}

func (s *Service) tooLarge() error {
	return errs.E(errs.TooLarge, "upload.too_large", "The image is larger than {{.Max}} MB; crop it or save it as a JPEG.", "Max", (s.MaxBytes+(1<<20)-1)>>20)
}

// reencode decodes an image within the bounds and encodes it again in its
// own format.
func reencode(raw []byte) ([]byte, image.Config, string, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, cfg, "", errs.E(errs.Invalid, "upload.not_image", "This is no PNG, JPEG or GIF image.")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return nil, cfg, "", errs.E(errs.Invalid, "upload.too_many_pixels", "The image is {{.Width}} × {{.Height}} pixels; at most {{.Max}} pixels a side and 24 megapixels are taken.",
			"Width", cfg.Width, "Height", cfg.Height, "Max", MaxSide)
	}
	cost, err := decodeCost(raw, cfg, format)
	if err != nil {
		return nil, cfg, "", err
	}
	if cost > DecodeBudget {
		return nil, cfg, "", errs.E(errs.Invalid, "upload.too_costly", "The image is too large to take in this form; save it as an 8-bit PNG or a JPEG of fewer pixels.")
	}
	var b bytes.Buffer
	switch format {
	case "png":
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			return nil, cfg, "", broken()
		}
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
			return nil, cfg, "", broken()
		}
		return b.Bytes(), cfg, "image/png", nil
	case "jpeg":
		img, err := jpeg.Decode(bytes.NewReader(raw))
		if err != nil {
			return nil, cfg, "", broken()
		}
		// Encoded again, a JPEG should not grow much: a lower quality when it would.
		for _, q := range []int{85, 75} {
			b.Reset()
			if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
				return nil, cfg, "", broken()
			}
			if b.Len() <= len(raw) {
				break
			}
		}
		return b.Bytes(), cfg, "image/jpeg", nil
	case "gif":
		g, err := gif.DecodeAll(bytes.NewReader(raw))
		if err != nil || len(g.Image) == 0 {
			return nil, cfg, "", broken()
		}
		if err := gif.EncodeAll(&b, g); err != nil {
			return nil, cfg, "", broken()
		}
		return b.Bytes(), cfg, "image/gif", nil
	}
	return nil, cfg, "", errs.E(errs.Invalid, "upload.not_image", "This is no PNG, JPEG or GIF image.")
}

// decodeCost estimates the bytes decoding the image takes.
func decodeCost(raw []byte, cfg image.Config, format string) (int64, error) {
	px := int64(cfg.Width) * int64(cfg.Height)
	switch format {
	case "png":
		per := int64(8)
		switch cfg.ColorModel {
		case color.GrayModel, color.AlphaModel:
			per = 1
		case color.Gray16Model:
			per = 2
		case color.RGBAModel, color.NRGBAModel:
			per = 4
		default:
			if _, ok := cfg.ColorModel.(color.Palette); ok {
				per = 1
			}
		}
		if len(raw) > 28 && raw[28] == 1 { // interlaced: the passes are decoded apart first
			per *= 2
		}
		return px * per, nil
	case "jpeg":
		if progressiveJPEG(raw) {
			return px * 20, nil
		}
		return px * 4, nil
	case "gif":
		frames, area, ok := gifFrames(raw)
		if !ok {
			return 0, broken()
		}
		if frames > maxFrames {
			return 0, errs.E(errs.Invalid, "upload.too_many_frames", "The animation has more than {{.Max}} frames.", "Max", maxFrames)
		}
		return area + px, nil
	}
	return px * 8, nil
}

// maxFrames bounds the frames of an animation.
const maxFrames = 500

// progressiveJPEG reports whether a JPEG's frame is progressive (SOF2),
// walking its markers up to the first frame header.
func progressiveJPEG(raw []byte) bool {
	for i := 2; i+4 <= len(raw); {
		if raw[i] != 0xFF {
			return false
		}
		m := raw[i+1]
		switch {
		case m == 0xFF:
			i++
			continue
		case m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE:
			return true
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			return false // another frame type: baseline or lossless
		case m == 0xD8 || m >= 0xD0 && m <= 0xD7:
			i += 2
			continue
		}
		i += 2 + (int(raw[i+2])<<8 | int(raw[i+3]))
	}
	return false
}

// gifFrames walks a GIF's blocks without decoding them: its frames and the
// pixels they cover in all; ok false when the structure is broken.
func gifFrames(raw []byte) (frames int, area int64, ok bool) {
	if len(raw) < 13 {
		return 0, 0, false
	}
	i := 13
	if raw[10]&0x80 != 0 { // a global colour table
		i += 3 << (raw[10]&7 + 1)
	}
	skipSubBlocks := func() bool {
		for i < len(raw) {
			n := int(raw[i])
			i++
			if n == 0 {
				return true
			}
			i += n
		}
		return false
	}
	for i < len(raw) {
		switch raw[i] {
		case 0x3B: // the trailer
			return frames, area, true
		case 0x21: // an extension: its label, then sub-blocks
			i += 2
			if !skipSubBlocks() {
				return 0, 0, false
			}
		case 0x2C: // an image: its descriptor, colour table, code size, data
			if i+10 > len(raw) {
				return 0, 0, false
			}
			w := int64(raw[i+5]) | int64(raw[i+6])<<8
			h := int64(raw[i+7]) | int64(raw[i+8])<<8
			flags := raw[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (flags&7 + 1)
			}
			i++ // the LZW minimum code size
			if !skipSubBlocks() {
				return 0, 0, false
			}
			frames++
			area += w * h
			if frames > maxFrames {
				return frames, area, true
			}
		default:
			return 0, 0, false
		}
	}
	return frames, area, frames > 0 // no trailer: the decoder takes it so
}

func broken() error {
	return errs.E(errs.Invalid, "upload.broken", "The image is damaged and cannot be shown.")
}

// write stores the file under its name, atomically: a file of that name
// holds those bytes already when it exists.
func (s *Service) write(u *Upload, data []byte) error {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return err
	}
	name := filepath.Join(s.Dir, u.Hash+extOf[u.ContentType])
	if _, err := os.Stat(name); err == nil {
		return nil
	}
	tmp, err := os.CreateTemp(s.Dir, ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil { // readable as any other file of the site's (CreateTemp makes it private)
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// Open opens a stored image by its file name and says its type; a name that
// is no stored image's is not found.
func (s *Service) Open(name string) (*os.File, string, error) {
	if !NameRE.MatchString(name) {
		return nil, "", errs.E(errs.NotFound, "upload.not_found", "No such image.")
	}
	f, err := os.Open(filepath.Join(s.Dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", errs.E(errs.NotFound, "upload.not_found", "No such image.")
	}
	if err != nil {
		return nil, "", errs.Internalf(err, "uploads: open")
	}
	return f, typeOf[filepath.Ext(name)], nil
}

// Recent lists a page of the uploaded images, newest first, for moderators
// to look over, and how many there are.
func (s *Service) Recent(ctx context.Context, actor *store.User, page, size int) ([]Upload, int64, error) {
	if actor == nil || !actor.IsStaff() {
		return nil, 0, errs.E(errs.Forbidden, "upload.staff_only", "Only moderators look over and remove uploaded images.")
	}
	db := s.Store.DB.WithContext(ctx)
	var total int64
	if err := db.Model(&Upload{}).Count(&total).Error; err != nil {
		return nil, 0, errs.Internalf(err, "uploads: count")
	}
	out := []Upload{}
	if err := db.Order("id DESC").Limit(size).Offset((max(page, 1) - 1) * size).Find(&out).Error; err != nil {
		return nil, 0, errs.Internalf(err, "uploads: recent")
	}
	return out, total, nil
}

// Remove deletes an uploaded image for good (moderators): a screenshot that
// shows what it must not, say. Posts that showed it show a missing image
// (its description). The removal is on record in the audit log, with who uploaded it.
func (s *Service) Remove(ctx context.Context, actor *store.User, name string) error {
	if actor == nil || !actor.IsStaff() {
		return errs.E(errs.Forbidden, "upload.staff_only", "Only moderators look over and remove uploaded images.")
	}
	if !NameRE.MatchString(name) {
		return errs.E(errs.NotFound, "upload.not_found", "No such image.")
	}
	hash := strings.TrimSuffix(name, filepath.Ext(name))
	err := s.Store.Tx(ctx, func(tx *gorm.DB) error {
		var u Upload
		if err := tx.Where("hash = ?", hash).Take(&u).Error; err != nil {
			if store.IsNotFound(err) {
				return errs.E(errs.NotFound, "upload.not_found", "No such image.")
			}
			return err
		}
		if err := tx.Delete(&Upload{}, u.ID).Error; err != nil {
			return err
		}
		if err := tx.Create(&store.AuditEntry{ActorID: &actor.ID, Action: "upload.remove", TargetType: "user", TargetID: &u.UserID,
			Detail: u.Path(), CreatedAt: s.Now().UTC()}).Error; err != nil {
			return err
		}
		// The file goes last, inside the transaction: if it cannot be
		// removed, the row stays and the removal can be tried again.
		if err := os.Remove(filepath.Join(s.Dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	})
	if err != nil {
		if errs.As(err).Code != errs.Internal {
			return err
		}
		return errs.Internalf(err, "uploads: remove")
	}
	return nil
}
