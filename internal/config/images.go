package config

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// ImageHost is another site whose images posts show (STACKDESK_IMAGE_HOSTS).
type ImageHost struct {
	// Host is the site's ASCII (punycode) name in lower case, with its
	// port where it is not the scheme's default: "i.stack.imgur.com",
	// "xn--bcher-kva.example", "wiki.example.com:8443".
	Host string
	// HTTP: named as http://host, so its images load over plain http
	// too; a bare host name means https only.
	HTTP bool
}

// String is the host as the setting names it.
func (h ImageHost) String() string {
	if h.HTTP {
		return "http://" + h.Host
	}
	return h.Host
}

// ParseImageHost reads one entry of STACKDESK_IMAGE_HOSTS: a host name,
// with a port where it is not 443 ("wiki.example.com:8443"), or
// "http://host" for a site whose images are served over plain http (and
// https). Paths, user names, wildcards and other schemes are refused.
func ParseImageHost(entry string) (ImageHost, bool) {
	scheme, rest := "https", entry
	if i := strings.Index(entry, "://"); i >= 0 {
		scheme, rest = strings.ToLower(entry[:i]), entry[i+3:]
	}
	if scheme != "http" && scheme != "https" || rest == "" || strings.ContainsAny(rest, "/?#@*\\% \t") {
		return ImageHost{}, false
	}
	u, err := url.Parse(scheme + "://" + rest)
	if err != nil || u.Hostname() == "" {
		return ImageHost{}, false
	}
	host, err := idna.Lookup.ToASCII(u.Hostname())
	if err != nil || host == "" {
		return ImageHost{}, false
	}
	host = strings.ToLower(host)
	port := u.Port()
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return ImageHost{}, false
		}
	}
	switch {
	case port == "" || scheme == "https" && port == "443" || scheme == "http" && port == "80":
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
	default:
		host = net.JoinHostPort(host, port)
	}
	return ImageHost{Host: host, HTTP: scheme == "http"}, true
}

// imageHosts reads a comma-separated list of image hosts (ParseImageHost).
func (p *parser) imageHosts(key string, dst *[]ImageHost) {
	v, ok := p.lookup(key)
	if !ok {
		return
	}
	var out []ImageHost
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue // a trailing comma
		}
		h, ok := ParseImageHost(f)
		if !ok {
			p.fail(key, f, "host names separated by commas, e.g. i.stack.imgur.com,wiki.example.com (http://host for one served over plain http)")
			return
		}
		out = append(out, h)
	}
	*dst = out
}

// imageHostList is the setting's effective value, as it would be written.
func imageHostList(hosts []ImageHost) string {
	s := make([]string, len(hosts))
	for i, h := range hosts {
		s[i] = h.String()
	}
	return strings.Join(s, ",")
}
