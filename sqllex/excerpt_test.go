package sqllex

import (
	"strings"
	"testing"
)

func TestExcerpt(t *testing.T) {
	cases := []struct {
		name, sql    string
		lines, chars int
		want         string
	}{
		{"short", "  SELECT 1\n", 5, 300, "SELECT 1"},
		{"lines", "a\nb\nc\nd", 2, 300, "a\nb\n… (2 more lines)"},
		{"chars", "abcdef", 5, 3, "abc…"},
		{"rune boundary", "aéé", 5, 2, "a…"},
	}
	for _, c := range cases {
		if got := Excerpt(c.sql, c.lines, c.chars); got != c.want {
			t.Errorf("%s: Excerpt = %q, want %q", c.name, got, c.want)
		}
	}
	body := "CREATE FUNCTION f() RETURNS int AS $$\n" + strings.Repeat("  PERFORM 1;\n", 200) + "$$ LANGUAGE plpgsql"
	if got := Excerpt(body, 5, 300); strings.Count(got, "\n") != 5 || !strings.HasSuffix(got, "(197 more lines)") {
		t.Errorf("function body excerpt = %q", got)
	}
}
