package erd

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"studio/introspect"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func link(schema, table string) string { return "/schemas/" + schema + "/tables/" + table }

func TestRenderGolden(t *testing.T) {
	cases := []struct {
		name string
		s    introspect.Schema
		opts Options
	}{
		{"small", smallSchema(), Options{Link: link}},
		{"small-keys-only", smallSchema(), Options{MaxColumns: -1}},
		{"empty", introspect.Schema{Name: "main"}, Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Render(c.s, c.opts)
			path := filepath.Join("testdata", c.name+".svg")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run go test ./erd/ -update and review the diff", path)
			}
			mustParseSVG(t, got)
		})
	}
}

// mustParseSVG decodes doc as XML and returns its character data; it fails
// unless the root is an svg element in the SVG namespace.
func mustParseSVG(t *testing.T, doc []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var text strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("output is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 && (tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg") {
				t.Fatalf("root element is %v", tok.Name)
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			text.Write(tok)
			text.WriteString("\n")
		}
	}
	if depth != 0 {
		t.Fatalf("unbalanced elements (depth %d)", depth)
	}
	return text.String()
}

func TestRenderParsesAsXML(t *testing.T) {
	for _, s := range []introspect.Schema{smallSchema(), syntheticSchema(50, 1, true), syntheticSchema(200, 2, true), hostileSchema()} {
		mustParseSVG(t, Render(s, Options{Link: link}))
	}
}

// hostileSchema has names that break markup when not escaped.
func hostileSchema() introspect.Schema {
	evil := `</text><script>alert(1)</script>`
	def := `'<b>' || "x" & y ]]>`
	target := table(evil, []string{`id"'&<>`}, []introspect.Column{col(`id"'&<>`, `<type>`), col("ctrl\x01\x1b", "text")})
	target.Columns[0].Default = &def
	target.Comment = "<!-- comment --> & <![CDATA[ x ]]>"
	child := table("naïve 表 🙂", []string{"id"}, []introspect.Column{col("id", "integer"), col("ref", "text")},
		fk([]string{"ref"}, evil, []string{`id"'&<>`}, "CASCADE"),
		introspect.ForeignKey{Columns: []string{"ref"}, RefSchema: `x"><script>`, RefTable: "y", OnDelete: "SET NULL"})
	return introspect.Schema{Name: `s<&>"`, Tables: []introspect.Table{target, child}}
}

func TestRenderEscapesHostileNames(t *testing.T) {
	out := Render(hostileSchema(), Options{Link: func(s, t string) string { return `/t?s=` + s + `&t="` + t + `"` }})
	for _, bad := range []string{"<script", "</text><", "<b>", "<!--", "<![CDATA", "\x01", "\x1b", `="/t?s=s<`} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("output contains %q unescaped", bad)
		}
	}
	text := mustParseSVG(t, out)
	for _, want := range []string{`</text><script>alert(1)</script>`, `id"'&<>`, "<type>", "naïve 表 🙂", `'<b>' || "x" & y ]]>`, `x"><script>.y`} {
		if !strings.Contains(text, want) {
			t.Errorf("decoded text lacks %q", want)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	s := syntheticSchema(60, 3, true)
	first := Render(s, Options{Link: link})
	r := rand.New(rand.NewPCG(9, 9))
	for range 5 {
		shuffled := s
		shuffled.Tables = slices.Clone(s.Tables)
		r.Shuffle(len(shuffled.Tables), func(i, j int) { shuffled.Tables[i], shuffled.Tables[j] = shuffled.Tables[j], shuffled.Tables[i] })
		if !bytes.Equal(Render(shuffled, Options{Link: link}), first) {
			t.Fatal("same schema in another table order rendered differently")
		}
	}
}

func TestRenderLinks(t *testing.T) {
	s := smallSchema()
	if n := bytes.Count(Render(s, Options{}), []byte("<a ")); n != 0 {
		t.Errorf("without Link: %d links", n)
	}
	out := Render(s, Options{Link: link})
	// Every table plus the other-schema stand-in; not the missing table.
	if n, want := bytes.Count(out, []byte("<a ")), len(s.Tables)+1; n != want {
		t.Errorf("links = %d, want %d", n, want)
	}
	for _, want := range []string{`href="/schemas/main/tables/users"`, `href="/schemas/auth/tables/accounts"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %s", want)
		}
	}
	if bytes.Contains(out, []byte("tables/gone")) {
		t.Error("the missing table is linked")
	}
	empty := Render(s, Options{Link: func(string, string) string { return "" }})
	if bytes.Contains(empty, []byte("<a ")) {
		t.Error("an empty URL made a link")
	}
}

func TestRenderMarksDeleteActions(t *testing.T) {
	out := string(Render(smallSchema(), Options{}))
	cases := []struct{ class, label string }{
		{"erd-fk erd-fk-cascade", ">cascade</text>"},
		{"erd-fk erd-fk-setnull", ">set null</text>"},
		{"erd-fk erd-fk-setnull", ">set default</text>"},
		{"erd-fk erd-fk-plain", ""},
	}
	for _, c := range cases {
		if !strings.Contains(out, `class="`+c.class+`"`) || !strings.Contains(out, c.label) {
			t.Errorf("no %q edge labelled %q", c.class, c.label)
		}
	}
	if n := strings.Count(out, "<title>comments(parent_id) → comments(id)"); n != 1 {
		t.Errorf("self-reference drawn %d times", n)
	}
}
