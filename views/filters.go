package views

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"studio/rows"
)

// Filter inputs: the kind of input a column's filter value is typed in.
const (
	inputText     = "text"
	inputNumber   = "number"
	inputDate     = "date"
	inputTime     = "time"
	inputDateTime = "datetime-local"
	inputChoice   = "select"
)

// filterInput is how a column's filter value is typed: a picker for
// dates and times (also for integer columns holding epoch times, which
// the server converts), a select for enums, CHECK-IN lists and booleans,
// a number input for numbers, text otherwise. unit is what the page
// judged the column's values to be (NotTime when unknown or not times).
func filterInput(c *rows.Column, unit rows.TimeUnit, shownRows int) string {
	t := strings.ToLower(strings.TrimSpace(c.Type))
	switch {
	case c.Kind == rows.KindBool || c.Kind == rows.KindEnum || c.Choices != nil:
		return inputChoice
	case c.EpochCandidate() && (unit != rows.NotTime || shownRows == 0):
		return inputDateTime
	case c.Kind == rows.KindInt || c.Kind == rows.KindFloat:
		return inputNumber
	case c.Kind != rows.KindTime:
		return inputText
	case t == "date":
		return inputDate
	case strings.HasPrefix(t, "time") && !strings.HasPrefix(t, "timestamp"):
		return inputTime
	}
	return inputDateTime
}

// choicesOf are the values a select offers for column c.
func choicesOf(c *rows.Column) []string {
	switch {
	case c.Kind == rows.KindBool:
		return []string{"true", "false"}
	case c.Kind == rows.KindEnum:
		return c.Enum
	}
	return c.Choices
}

// fitInput is v as an input of kind in shows it, or ok false when that
// input cannot show it (a zone, an integer in a date picker): the filter
// is then typed as text, so what the URL says is never lost.
func fitInput(in, v string) (string, bool) {
	if v == "" {
		return v, true
	}
	switch in {
	case inputDateTime:
		if len(v) == 10 && dateOnly(v) {
			return v + "T00:00", true
		}
		if len(v) >= 16 && dateOnly(v[:10]) && (v[10] == 'T' || v[10] == ' ') && !strings.ContainsAny(v[11:], "Zz+-") {
			return v[:10] + "T" + v[11:], true
		}
		return "", false
	case inputDate:
		return v, len(v) == 10 && dateOnly(v)
	case inputNumber:
		// What a number input can hold: a browser shows anything else
		// (a refused "abc") as an empty box.
		_, err := strconv.ParseFloat(v, 64)
		return v, err == nil && strings.Trim(v, "0123456789+-.eE") == ""
	}
	return v, true
}

func dateOnly(v string) bool {
	return len(v) == 10 && v[4] == '-' && v[7] == '-' && strings.Trim(v[:4]+v[5:7]+v[8:], "0123456789") == ""
}

// filterSlot is one condition row of the filter form as it renders.
type filterSlot struct {
	Index        int
	Filter       rows.Filter
	Input        string
	Value, To    string
	Choices      []string
	Error        string
	Ops          []rows.Op
	ShowBetween  bool
	HideValue    bool
	StepAny      bool
	ValueInvalid bool
}

// slots are the form's condition rows: one per filter, then an empty one.
func (p GridPage) slots() []filterSlot {
	fs := p.Page.Query.Filters
	out := make([]filterSlot, 0, len(fs)+1)
	for i, f := range append(fs[:len(fs):len(fs)], rows.Filter{}) {
		s := filterSlot{Index: i, Filter: f, Input: inputText, Value: f.Value, Ops: opsOf(p.Page.Table, f.Column)}
		if c := p.Page.Table.Column(f.Column); c != nil {
			s.Input = filterInput(c, p.timeOf(columnIndex(p.Page.Table, c.Name)), len(p.Page.Rows))
			s.Choices = choicesOf(c)
			s.StepAny = c.Kind != rows.KindInt
		}
		if f.Op == rows.OpIn {
			s.Input = inputText // a list, typed with commas
		}
		if f.Op == rows.OpBetween {
			if pair := rows.SplitList(f.Value); len(pair) == 2 {
				s.Value, s.To = pair[0], pair[1]
			}
			s.ShowBetween = true
		}
		fv, ok1 := fitInput(s.Input, s.Value)
		ft, ok2 := fitInput(s.Input, s.To)
		if ok1 && ok2 {
			s.Value, s.To = fv, ft
		} else {
			s.Input, s.Value, s.To = inputText, f.Value, ""
			s.ShowBetween = false
		}
		s.HideValue = f.Op == rows.OpNull || f.Op == rows.OpNotNull
		if p.Problem != nil && p.Problem.Index == i {
			s.Error, s.ValueInvalid = p.Problem.Reason, true
		}
		out = append(out, s)
	}
	return out
}

// filterMeta is what the filter form's script needs to build a typed
// condition row for each column without asking the server: its input,
// operators and choices, as JSON in the page.
func (p GridPage) filterMeta() string {
	type column struct {
		Input   string   `json:"input"`
		Ops     string   `json:"ops"` // space-separated
		Choices []string `json:"choices,omitempty"`
		Int     bool     `json:"int,omitempty"`
	}
	m := struct {
		Labels  map[rows.Op]string `json:"labels"`
		Columns map[string]column  `json:"columns"`
	}{Labels: map[rows.Op]string{}, Columns: map[string]column{}}
	for _, o := range rows.Ops {
		m.Labels[o] = rows.OpLabel(o)
	}
	t := p.Page.Table
	for i := range t.Columns {
		c := &t.Columns[i]
		x := column{Input: filterInput(c, p.timeOf(i), len(p.Page.Rows)), Choices: choicesOf(c), Int: c.Kind == rows.KindInt}
		var ops []string
		for _, o := range rows.OpsFor(c.Kind) {
			ops = append(ops, string(o))
		}
		x.Ops = strings.Join(ops, " ")
		m.Columns[c.Name] = x
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// problemID is the id of the message that says why a filter was refused.
const problemID = "filter-problem"

// valueAttrs are a condition's value input's attributes: its error
// linked for assistive technology.
func (s filterSlot) valueAttrs() templ.Attributes {
	a := templ.Attributes{}
	if s.ValueInvalid {
		a["aria-invalid"] = "true"
		a["aria-describedby"] = problemID
	}
	if s.Input == inputNumber {
		if s.StepAny {
			a["step"] = "any"
		} else {
			a["step"] = "1"
		}
	}
	if s.Input == inputDateTime {
		a["step"] = "1"
	}
	return a
}
