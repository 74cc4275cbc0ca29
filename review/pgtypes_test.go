package review

import "testing"

func TestTypeChanges(t *testing.T) {
	tests := []struct {
		from, to string
		narrows  bool
		silent   bool
		change   int
	}{
		{"text", "varchar(20)", true, false, changeScan},
		{"character varying(255)", "varchar(255)", false, false, changeFree},
		{"character varying(50)", "text", false, false, changeFree},
		{"varchar(10)", "varchar(20)", false, false, changeFree},
		{"varchar(20)", "char(10)", true, false, changeRewrite},
		{"bigint", "integer", true, false, changeRewrite},
		{"int4", "int8", false, false, changeRewrite},
		{"integer", "int", false, false, changeFree},
		{"numeric(10,2)", "numeric(10,0)", true, true, changeRewrite},
		{"numeric(10,2)", "numeric(12,2)", false, false, changeFree},
		{"numeric(10,2)", "numeric(8,2)", true, false, changeRewrite},
		{"numeric", "numeric(10,2)", true, true, changeRewrite},
		{"numeric(10,2)", "integer", true, true, changeRewrite},
		{"double precision", "real", true, true, changeRewrite},
		{"timestamp with time zone", "date", true, true, changeRewrite},
		{"timestamp(6) without time zone", "timestamp(3)", true, true, changeRewrite},
		{"timestamp(3) with time zone", "timestamptz(3)", false, false, changeFree},
		{"timestamptz", "time", true, true, changeRewrite},
		{"text", "jsonb", false, false, changeRewrite},
		{"text[]", "varchar(10)[]", true, false, changeScan},
		{"public.mood", "text", false, false, changeRewrite},
	}
	for _, tt := range tests {
		o, n := parsePGType(tt.from), parsePGType(tt.to)
		_, silent, narrows := narrowing(o, n)
		if narrows != tt.narrows || silent != tt.silent {
			t.Errorf("%s -> %s: narrows %v silent %v, want %v %v", tt.from, tt.to, narrows, silent, tt.narrows, tt.silent)
		}
		if got := typeChange(o, n, false); got != tt.change {
			t.Errorf("%s -> %s: change %d, want %d", tt.from, tt.to, got, tt.change)
		}
	}
	if typeChange(parsePGType("text"), parsePGType("text"), true) != changeRewrite {
		t.Errorf("USING must rewrite")
	}
}

func TestCountText(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 1234: "1,234", 1000000: "1,000,000",
		CountCap + 1: "over 1,000,000", 123456789: "over 1,000,000"} {
		if got := countText(n); got != want {
			t.Errorf("countText(%d) = %q, want %q", n, got, want)
		}
	}
	if got := rowsText(1, "row"); got != "1 row" {
		t.Errorf("rowsText(1) = %q", got)
	}
	if got := rowsText(-1, "row"); got != "an unknown number of rows" {
		t.Errorf("rowsText(-1) = %q", got)
	}
}
