package postgres

import (
	"reflect"
	"testing"

	"studio/introspect"
)

func TestParsePostgresType(t *testing.T) {
	cases := map[string]sqlType{
		"integer":                          {base: "integer"},
		"character varying(255)":           {base: "character varying", args: []int64{255}},
		"numeric(10,2)":                    {base: "numeric", args: []int64{10, 2}},
		"timestamp(3) with time zone":      {base: "timestamp with time zone", args: []int64{3}},
		"text[]":                           {base: "text", dims: 1},
		"character varying(5)[][]":         {base: "character varying", args: []int64{5}, dims: 2},
		`"Weird(1)"`:                       {base: `"Weird(1)"`},
		"latitude.evaluation_result_types": {base: "latitude.evaluation_result_types"},
	}
	for in, want := range cases {
		if got := parseType(in); !reflect.DeepEqual(got, want) {
			t.Errorf("parsePGType(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// TestClassifyCastPostgres: widenings are safe, narrowings that can only
// fail are not destructive but counted, lossy ones are destructive, and
// only types without an assignment cast get USING.
func TestClassifyCastPostgres(t *testing.T) {
	mood := &introspect.Enum{Name: "mood", Values: []string{"a", "b"}}
	cases := []struct {
		from, to string
		enum     *introspect.Enum
		using    bool
		lossy    bool
		counted  bool
	}{
		{"integer", "bigint", nil, false, false, false},
		{"bigint", "integer", nil, false, false, true},
		{"smallint", "numeric", nil, false, false, false},
		{"bigint", "numeric(10,0)", nil, false, false, true},
		{"integer", "double precision", nil, false, false, false},
		{"bigint", "double precision", nil, false, true, true},
		{"numeric(10,2)", "numeric(12,2)", nil, false, false, false},
		{"numeric(10,2)", "numeric(8,2)", nil, false, false, true},
		{"numeric(10,3)", "numeric(10,2)", nil, false, true, true},
		{"numeric", "numeric(10,2)", nil, false, true, true},
		{"double precision", "integer", nil, false, true, true},
		{"real", "double precision", nil, false, false, false},
		{"double precision", "real", nil, false, true, true},
		{"numeric", "double precision", nil, false, true, true},
		{"character varying(10)", "character varying(20)", nil, false, false, false},
		{"character varying(10)", "text", nil, false, false, false},
		{"text", "character varying(5)", nil, false, false, true},
		{"character varying(10)", "character(4)", nil, false, false, true},
		{"integer", "text", nil, true, false, false},
		{"uuid", "character varying", nil, true, false, false},
		{"timestamp without time zone", "timestamp with time zone", nil, false, false, false},
		{"date", "timestamp without time zone", nil, false, false, false},
		{"timestamp with time zone", "date", nil, false, true, true},
		{"timestamp(6) without time zone", "timestamp(3) without time zone", nil, false, true, true},
		{"json", "jsonb", nil, true, false, false},
		{"text", "mood", mood, true, false, true},
		{"text[]", "mood[]", mood, true, false, false},
		{"text", "integer", nil, true, true, false},
		{"integer[]", "bigint", nil, true, true, false},
	}
	for _, c := range cases {
		got := classifyCast(c.from, c.to, c.enum)
		if (got.using != "") != c.using || got.lossy != c.lossy || (got.where != "") != c.counted || got.why == "" {
			t.Errorf("%s -> %s: %+v, want using %v lossy %v counted %v", c.from, c.to, got, c.using, c.lossy, c.counted)
		}
	}
}

func TestScanIdentsPostgres(t *testing.T) {
	src := `SELECT a."Mixed ""Q""", 'users' AS x, E'it\'s users', $$users$$, $1, Users FROM public.users u WHERE u$x = 1`
	var got []string
	scanIdents(src, func(_, _ int, name string) { got = append(got, name) })
	want := []string{"select", "a", `Mixed "Q"`, "as", "x", "users", "from", "public", "users", "u", "where", "u$x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("idents %q, want %q", got, want)
	}
	if mentions("SELECT 'old' FROM t", "old") || !mentions(`SELECT "old" FROM t`, "old") {
		t.Error("mentions confuses literals and names")
	}
	renamed := renameIdent(`CREATE INDEX i ON public.t USING btree (lower(old), "old") WHERE (old <> 'old'::text)`, "old", "New")
	if renamed != `CREATE INDEX i ON public.t USING btree (lower("New"), "New") WHERE ("New" <> 'old'::text)` {
		t.Errorf("renamed: %s", renamed)
	}
}

func TestSerialPostgres(t *testing.T) {
	def := func(s string) *string { return &s }
	side := newSide(&introspect.Model{Schemas: []introspect.Schema{{Name: "app", Sequences: []introspect.Sequence{
		{Name: "t_id_seq", DataType: "integer", Start: 1, Increment: 1, Min: 1, Max: 2147483647, OwnedBy: "t.id"},
		{Name: "t_big_seq", DataType: "bigint", Start: 1, Increment: 1, Min: 1, Max: 9223372036854775807, OwnedBy: "t.big"},
		{Name: "t_odd_seq", DataType: "integer", Start: 5, Increment: 1, Min: 1, Max: 2147483647, OwnedBy: "t.odd"},
	}}}})
	k := key{"app", "t"}
	cases := []struct {
		col  introspect.Column
		want string
	}{
		{introspect.Column{Name: "id", Type: "integer", Default: def("nextval('app.t_id_seq'::regclass)")}, "serial"},
		{introspect.Column{Name: "big", Type: "bigint", Default: def(`nextval('"app"."t_big_seq"'::regclass)`)}, "bigserial"},
		{introspect.Column{Name: "id", Type: "integer", Nullable: true, Default: def("nextval('app.t_id_seq'::regclass)")}, ""},
		{introspect.Column{Name: "id", Type: "integer", Default: def("nextval('other.t_id_seq'::regclass)")}, ""},
		{introspect.Column{Name: "odd", Type: "integer", Default: def("nextval('app.t_odd_seq'::regclass)")}, ""},
		{introspect.Column{Name: "id", Type: "bigint", Default: def("nextval('app.t_id_seq'::regclass)")}, ""},
	}
	for _, c := range cases {
		if got, _ := serial(side, k, c.col); got != c.want {
			t.Errorf("%+v: %q, want %q", c.col, got, c.want)
		}
	}
}
