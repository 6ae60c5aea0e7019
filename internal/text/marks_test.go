package text_test

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"stackdesk/internal/text"
)

// scriptsWithMarks are one-line texts of scripts that write marks on their
// letters, as titles and names hold them: each must pass.
var scriptsWithMarks = map[string]string{
	"Vietnamese":               "Máy in không kết nối được mạng Wi-Fi ở tầng hai",
	"Vietnamese decomposed":    norm.NFD.String("Máy in không kết nối được mạng, lỗi nghiệt ngã"),
	"Devanagari":               "प्रिंटर काम नहीं कर रहा है, कृपया पढ़ें",
	"Devanagari with joiners":  "क्\u200dष और क्\u200cष लिखते समय प्रिंटर रुकता है",
	"Thai":                     "เครื่องพิมพ์ไม่ทำงานที่ชั้นสองตั้งแต่เมื่อวานนี้",
	"Arabic with harakat":      "الطَّابِعَةُ لَا تَعْمَلُ مُنْذُ التَّحْدِيثِ الأَخِيرِ",
	"Arabic Quranic marks":     "بِسْمِ ٱللَّٰهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ",
	"Hebrew with niqqud":       "הַמַּדְפֵּסָה אֵינָהּ עוֹבֶדֶת מֵאָז הָעִדְכּוּן",
	"Hebrew with cantillation": "בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים אֵ֥ת הַשָּׁ֣מַיִם — the printer",
	"Tibetan":                  "བསྒྲུབས་ པར་འདེབས་འཕྲུལ་འཁོར",
	"emoji ZWJ sequences":      "Printer 👨‍👩‍👧‍👦 🏳️‍🌈 👩🏽‍💻 1️⃣ 🏴󠁧󠁢󠁳󠁣󠁴󠁿 broke",
}

// TestOneLineTextBoundsMarks: a one-line text (a title, a display name)
// whose letter carries more than text.MarksMax combining marks ("Zalgo"
// text, which spills over the lines above and below it in a list) is
// refused with field.text.marks, also when invisible joiners split the
// pile, while the scripts that write marks on their letters pass; text of
// many lines (a body) is not bounded so.
func TestOneLineTextBoundsMarks(t *testing.T) {
	for name, in := range scriptsWithMarks {
		if p, ok := text.Check(in, 15, 150, false); !ok {
			t.Errorf("%s %q refused: %s", name, in, p.ID)
		}
	}
	zalgo := map[string]string{
		"five marks on a letter":      "The printer e\u0301\u0302\u0303\u0304\u0305 is broken",
		"Zalgo":                       "Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ the printer",
		"split by a joiner":           "The printer e\u0301\u0302\u200d\u0303\u0304\u0305 is broken",
		"split by a zero-width space": "The printer e\u0301\u0302\u0303\u200b\u0304\u0305 is broken",
		"marks on a space":            "The printer \u0301\u0302\u0303\u0304\u0305\u0306 is broken",
	}
	for name, in := range zalgo {
		p, ok := text.Check(in, 15, 150, false)
		if ok || p.ID != "field.text.marks" || p.Max != text.MarksMax || !strings.Contains(p.Text, "{{.Max}} accents or other marks") {
			t.Errorf("%s %q: ok %v, problem %+v", name, in, ok, p)
		}
	}
	if _, ok := text.Check("e"+strings.Repeat("\u0301", text.MarksMax)+" is the most a letter carries", 15, 150, false); !ok {
		t.Errorf("%d marks on a letter refused", text.MarksMax)
	}
	if _, ok := text.Check(zalgo["Zalgo"], 15, 150, true); !ok {
		t.Error("text of many lines refused for its marks")
	}
}
