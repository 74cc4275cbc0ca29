package views

import (
	"strings"
	"testing"
)

func TestParseJSONTreeKeepsOrderAndKinds(t *testing.T) {
	n, ok := parseJSONTree(`{"z": 1.50, "a": [true, null, "x\"y"], "m": {}}`)
	if !ok || n.Kind != '{' || len(n.Kids) != 3 {
		t.Fatalf("%+v %v", n, ok)
	}
	if n.Kids[0].Key != "z" || n.Kids[0].Text != "1.50" || n.Kids[1].Key != "a" || n.Kids[2].Key != "m" {
		t.Errorf("members out of order or numbers reformatted: %+v", n.Kids)
	}
	arr := n.Kids[1]
	if arr.summary() != "[…] 3 items" || arr.Kids[0].Text != "true" || arr.Kids[1].Kind != 'z' || arr.Kids[2].Text != `"x\"y"` || arr.Kids[2].Key != "2" {
		t.Errorf("array %+v", arr)
	}
	if n.summary() != "{…} 3 keys" || n.Kids[2].summary() != "{…} 0 keys" {
		t.Errorf("summaries %q %q", n.summary(), n.Kids[2].summary())
	}
	for _, bad := range []string{`{"a":`, `[1] [2]`, `nope`, strings.Repeat("[", 40) + strings.Repeat("]", 40), "[" + strings.Repeat("1,", jsonMaxNodes) + "1]"} {
		if _, ok := parseJSONTree(bad); ok {
			t.Errorf("%.40s…: drawn as a tree", bad)
		}
	}
}

func TestHexDump(t *testing.T) {
	if got := hexDump("\x00\xff\x10"); got != "0000  00 ff 10" {
		t.Errorf("%q", got)
	}
	long := hexDump(strings.Repeat("\xab", 300))
	lines := strings.Split(long, "\n")
	if len(lines) != 17 || lines[1] != "0010  "+strings.TrimSpace(strings.Repeat("ab ", 16)) || lines[16] != "… 44 more bytes" {
		t.Errorf("%d lines: %q … %q", len(lines), lines[1], lines[len(lines)-1])
	}
}

func TestTextEscapesForElementContent(t *testing.T) {
	var b strings.Builder
	if err := text(`{"a":"<b>&'x'</b>"}`).Render(t.Context(), &b); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != `{"a":"&lt;b&gt;&amp;'x'&lt;/b&gt;"}` {
		t.Errorf("%s", got)
	}
}
