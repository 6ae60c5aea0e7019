package i18n

import (
	"strconv"

	"golang.org/x/text/language"
	xmessage "golang.org/x/text/message"
	"golang.org/x/text/number"
)

// printers format numbers the way each language writes them (1,234.5 in
// English, 1.234,5 in German); a Printer is safe for concurrent use.
var printers = map[string]*xmessage.Printer{
	"en": xmessage.NewPrinter(language.English),
	"de": xmessage.NewPrinter(language.German),
}

func printer(lang string) *xmessage.Printer {
	if p, ok := printers[lang]; ok {
		return p
	}
	return printers["en"]
}

// Fixed writes v with exactly prec decimals, grouped, as lang writes numbers.
func Fixed(lang string, v float64, prec int) string {
	return printer(lang).Sprintf("%.*f", prec, v)
}

// Decimal writes v with at most maxFrac decimals (63.9, 50), grouped, as
// lang writes numbers.
func Decimal(lang string, v float64, maxFrac int) string {
	return printer(lang).Sprint(number.Decimal(v, number.MaxFractionDigits(maxFrac)))
}

// Integer writes n grouped as lang writes numbers (1,042 in English, 1.042
// in German).
func Integer(lang string, n int) string {
	if n > -1000 && n < 1000 {
		return strconv.Itoa(n) // nothing to group: skip the printer
	}
	return printer(lang).Sprint(number.Decimal(n))
}

// numberNames are message data keys whose numbers name a thing (question
// 12345, revision 1042) rather than count it, so they are never grouped.
var numberNames = map[string]bool{"ID": true, "N": true, "Revision": true}

// groupNumbers returns data with its integers written as lang writes them
// (30,000 in English, 30.000 in German), so a message's limits and counts
// read as numbers; the caller's map is left as it is.
func groupNumbers(lang string, data map[string]any) map[string]any {
	var out map[string]any
	for k, v := range data {
		var n int64
		switch v := v.(type) {
		case int:
			n = int64(v)
		case int32:
			n = int64(v)
		case int64:
			n = v
		default:
			continue
		}
		if numberNames[k] || (n > -1000 && n < 1000) {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(data))
			for k, v := range data {
				out[k] = v
			}
		}
		out[k] = Integer(lang, int(n))
	}
	if out == nil {
		return data
	}
	return out
}
