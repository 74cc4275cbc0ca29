package rows

import (
	"encoding/json"
	"testing"
)

// FuzzAppendJSONString: the hand-written escaper writes exactly what
// encoding/json writes for any string.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `quo"te\back`, "<script>&</script>", "\x00\x1f\n\r\t", "\u2028\u2029", "\xff\xfe", "é漢字🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

func TestAppendJSONKinds(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want string
	}{
		{Value{Null: true}, "null"},
		{Value{Kind: KindInt, Text: "42"}, "42"},
		{Value{Kind: KindInt, Text: "9007199254740993"}, `"9007199254740993"`},
		{Value{Kind: KindFloat, Text: "1.5"}, "1.5"},
		{Value{Kind: KindFloat, Text: "NaN"}, `"NaN"`},
		{Value{Kind: KindNumeric, Text: "1.50"}, `"1.50"`},
		{Value{Kind: KindBool, Text: "true"}, "true"},
		{Value{Kind: KindJSON, Text: `{"a": [1]}`}, `{"a": [1]}`},
		{Value{Kind: KindJSON, Text: `not json`}, `"not json"`},
		{Value{Kind: KindBinary, Text: "\x00\xff"}, `"\\x00ff"`},
		{Value{Kind: KindText, Text: "<b>"}, `"\u003cb\u003e"`},
	} {
		if got := string(c.v.AppendJSON(nil)); got != c.want {
			t.Errorf("%+v: %s, want %s", c.v, got, c.want)
		}
	}
}
