package config

import (
	"reflect"
	"strings"
	"testing"
)

// TestImageHosts: STACKDESK_IMAGE_HOSTS names hosts exactly, in the form
// they are compared in (lower case, punycode, a port only where it is not
// the scheme's default); http:// lets a host's plain http images in too;
// anything else stops the program in one line naming the bad entry.
func TestImageHosts(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || c.ImageHosts != nil {
		t.Fatalf("default: %v %v, want no hosts", c.ImageHosts, err)
	}
	c, err = Load(env(map[string]string{"STACKDESK_IMAGE_HOSTS": " I.Stack.Imgur.com, wiki.example.com:8443 ,http://Plain.Example,https://bücher.example:443,http://legacy.example:80,"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []ImageHost{{Host: "i.stack.imgur.com"}, {Host: "wiki.example.com:8443"}, {Host: "plain.example", HTTP: true},
		{Host: "xn--bcher-kva.example"}, {Host: "legacy.example", HTTP: true}}
	if !reflect.DeepEqual(c.ImageHosts, want) {
		t.Errorf("ImageHosts = %+v, want %+v", c.ImageHosts, want)
	}
	shown := ""
	for _, g := range c.Overview() {
		for _, s := range g.Settings {
			if s.Env == "STACKDESK_IMAGE_HOSTS" {
				shown = s.Value
			}
		}
	}
	if shown != "i.stack.imgur.com,wiki.example.com:8443,http://plain.example,xn--bcher-kva.example,http://legacy.example" {
		t.Errorf("settings page shows %q", shown)
	}
	for _, bad := range []string{"*.example.com", "i.stack.imgur.com/path", "user@host.example", "ftp://host.example",
		"host.example:0", "host.example:99999", "host.example:x", "https://", "a_b.example", `evil.example\x`, "host .example"} {
		_, err := Load(env(map[string]string{"STACKDESK_IMAGE_HOSTS": "ok.example," + bad}))
		if err == nil || !strings.Contains(err.Error(), "STACKDESK_IMAGE_HOSTS=") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: err = %v, want a one-line error naming the setting", bad, err)
		}
	}
}

// TestImageHostsIPv6: a content security policy's img-src has no form for
// an IPv6 address ("[::1]" is no source browsers read), so an IPv6 entry
// stops the program at start with an error naming the entry and saying
// why; an IPv4 address, which the policy's grammar reads as a host, is a
// host like any other.
func TestImageHostsIPv6(t *testing.T) {
	for _, bad := range []string{"[::1]", "2001:db8::1", "[2001:db8::1]:8443", "http://[::1]", "https://[::ffff:192.0.2.7]:443"} {
		_, err := Load(env(map[string]string{"STACKDESK_IMAGE_HOSTS": "ok.example, " + bad}))
		if err == nil || !strings.Contains(err.Error(), `STACKDESK_IMAGE_HOSTS="`+bad+`"`) ||
			!strings.Contains(err.Error(), "not an IPv6 address") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: err = %v, want one line naming the entry and refusing an IPv6 address", bad, err)
		}
	}
	c, err := Load(env(map[string]string{"STACKDESK_IMAGE_HOSTS": "192.0.2.7,http://192.0.2.8:8080,https://192.0.2.9:443"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []ImageHost{{Host: "192.0.2.7"}, {Host: "192.0.2.8:8080", HTTP: true}, {Host: "192.0.2.9"}}
	if !reflect.DeepEqual(c.ImageHosts, want) {
		t.Errorf("ImageHosts = %+v, want %+v", c.ImageHosts, want)
	}
	for _, bad := range []string{"host.example:1:2", "fe80::1%eth0"} { // no IPv6 address: the general message
		_, err := Load(env(map[string]string{"STACKDESK_IMAGE_HOSTS": bad}))
		if err == nil || strings.Contains(err.Error(), "IPv6") {
			t.Errorf("%q: err = %v, want the general message", bad, err)
		}
	}
}
