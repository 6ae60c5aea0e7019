package uploads

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// exif is an APP1 payload whose first directory holds the given entries
// (tag, type, count, value), in the byte order given.
func exif(order binary.AppendByteOrder, entries ...[4]uint32) []byte {
	b := []byte("Exif\x00\x00")
	if order == binary.LittleEndian {
		b = append(b, "II"...)
	} else {
		b = append(b, "MM"...)
	}
	b = order.AppendUint16(b, 42)
	b = order.AppendUint32(b, 8)
	b = order.AppendUint16(b, uint16(len(entries)))
	for _, e := range entries {
		b = order.AppendUint16(b, uint16(e[0]))
		b = order.AppendUint16(b, uint16(e[1]))
		b = order.AppendUint32(b, e[2])
		if e[1] == 3 {
			b = order.AppendUint16(b, uint16(e[3]))
			b = append(b, 0, 0)
		} else {
			b = order.AppendUint32(b, e[3])
		}
	}
	return order.AppendUint32(b, 0)
}

// app1 is a JPEG's start, an APP1 segment of payload, and what follows.
func app1(payload []byte, rest ...byte) []byte {
	b := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	b = binary.BigEndian.AppendUint16(b, uint16(len(payload)+2))
	return append(append(b, payload...), rest...)
}

// TestJPEGOrientation: the orientation is found after other segments and
// entries, in either byte order, and anything odd reads as upright.
func TestJPEGOrientation(t *testing.T) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	plain := b.Bytes()
	le, be := binary.LittleEndian, binary.BigEndian
	orientation := func(o uint32) [4]uint32 { return [4]uint32{0x0112, 3, 1, o} }
	mk := [4]uint32{0x010F, 2, 4, 0x41424300}
	// An APP0 (JFIF) segment before the EXIF, as many cameras write.
	jfif := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
	for _, c := range []struct {
		name string
		data []byte
		want int
	}{
		{"no exif", plain, 1},
		{"little-endian 6", app1(exif(le, orientation(6)), plain[2:]...), 6},
		{"big-endian 8", app1(exif(be, orientation(8)), plain[2:]...), 8},
		{"after another entry", app1(exif(be, mk, orientation(3)), plain[2:]...), 3},
		{"after a JFIF segment and fill bytes", append(append(jfif, 0xFF), app1(exif(le, orientation(5)), plain[2:]...)[2:]...), 5},
		{"orientation 0", app1(exif(le, orientation(0)), plain[2:]...), 1},
		{"orientation 9", app1(exif(le, orientation(9)), plain[2:]...), 1},
		{"orientation as a LONG", app1(exif(le, [4]uint32{0x0112, 4, 1, 6}), plain[2:]...), 1},
		{"orientation counted twice", app1(exif(le, [4]uint32{0x0112, 3, 2, 6}), plain[2:]...), 1},
		{"exif after the picture data", append(append([]byte{}, plain[:len(plain)-2]...), app1(exif(le, orientation(6)))[2:]...), 1},
		{"no byte order", app1(append([]byte("Exif\x00\x00XX"), exif(le, orientation(6))[8:]...)), 1},
		{"a directory past the end", app1([]byte("Exif\x00\x00II\x2a\x00\xff\xff\xff\x7f")), 1},
		{"more entries than bytes", app1([]byte("Exif\x00\x00II\x2a\x00\x08\x00\x00\x00\xff\xff\x12\x01\x03\x00")), 1},
		{"a segment longer than the file", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x'}, 1},
		{"a segment length under 2", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9}, 1},
		{"no JPEG", []byte("\x89PNG\r\n\x1a\n"), 1},
		{"empty", nil, 1},
	} {
		if got := jpegOrientation(c.data[:len(c.data):len(c.data)]); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

// FuzzJPEGOrientation: whatever the bytes, the reader neither panics nor
// reads past them (the slice it gets has no room beyond its length), and
// says an orientation from 1 to 8.
func FuzzJPEGOrientation(f *testing.F) {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		for o := range uint32(10) {
			f.Add(app1(exif(order, [4]uint32{0x010F, 2, 4, 0}, [4]uint32{0x0112, 3, 1, o}), b.Bytes()[2:]...))
		}
	}
	f.Add(b.Bytes())
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0xFF, 0xFF, 0xFF, 0xF0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data[:len(data):len(data)]); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

// TestOrientEveryKind: each kind of decoded image is turned the same as the
// general way (pixel by pixel, to RGBA), also one whose bounds do not start
// at 0, 0, and the fast ways keep the kind: grey stays grey.
func TestOrientEveryKind(t *testing.T) {
	r := image.Rect(0, 0, 13, 7)
	ycc := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	gray := image.NewGray(r)
	cmyk := image.NewCMYK(r)
	rgba := image.NewRGBA(r)
	for y := range r.Dy() {
		for x := range r.Dx() {
			v := uint8(x*19 + y*7)
			ycc.Y[ycc.YOffset(x, y)] = v
			ycc.Cb[ycc.COffset(x, y)] = uint8(x * 30)
			ycc.Cr[ycc.COffset(x, y)] = uint8(y * 30)
			gray.SetGray(x, y, color.Gray{v})
			cmyk.SetCMYK(x, y, color.CMYK{v, uint8(x), uint8(y), 3})
			rgba.SetRGBA(x, y, color.RGBA{v, uint8(x * 9), uint8(y * 9), 255})
		}
	}
	sub := image.Rect(2, 1, 11, 6)
	for _, img := range []image.Image{ycc, gray, cmyk, rgba,
		ycc.SubImage(sub), gray.SubImage(sub), cmyk.SubImage(sub), rgba.SubImage(sub)} {
		b := img.Bounds()
		for o := 1; o <= 8; o++ {
			got := orient(img, o)
			// As the specification has it: where the first row and the
			// first column of the stored picture end up.
			w, h := b.Dx(), b.Dy()
			gw, gh := got.Bounds().Dx(), got.Bounds().Dy()
			ww, wh := w, h
			if o >= 5 {
				ww, wh = h, w
			}
			if gw != ww || gh != wh {
				t.Fatalf("%T orientation %d: %v", img, o, got.Bounds())
			}
			at := func(x, y int) color.Color { return img.At(b.Min.X+x, b.Min.Y+y) }
			want := map[int]func(x, y int) color.Color{
				1: func(x, y int) color.Color { return at(x, y) },
				2: func(x, y int) color.Color { return at(w-1-x, y) },
				3: func(x, y int) color.Color { return at(w-1-x, h-1-y) },
				4: func(x, y int) color.Color { return at(x, h-1-y) },
				5: func(x, y int) color.Color { return at(y, x) },
				6: func(x, y int) color.Color { return at(y, h-1-x) },
				7: func(x, y int) color.Color { return at(w-1-y, h-1-x) },
				8: func(x, y int) color.Color { return at(w-1-y, x) },
			}[o]
			gb := got.Bounds()
			for y := range gh {
				for x := range gw {
					g := color.RGBAModel.Convert(got.At(gb.Min.X+x, gb.Min.Y+y))
					if e := color.RGBAModel.Convert(want(x, y)); g != e {
						t.Fatalf("%T orientation %d at %d, %d: %v, want %v", img, o, x, y, g, e)
					}
				}
			}
			if got.ColorModel() != img.ColorModel() {
				t.Errorf("%T orientation %d: turned into %T", img, o, got)
			}
		}
	}
}
