package views

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"studio/rows"
)

// The form fields' typing beyond the value itself: what is required,
// the rules a browser can check before a submit (the server and the
// database check them all again), the hints that say the others, and the
// foreign-key picker.

// choice reports whether the field is a select: an enum, a boolean or a
// CHECK-IN list.
func (f field) choice() bool {
	c := f.Column
	return c.Kind == rows.KindEnum || c.Kind == rows.KindBool || c.Choices != nil
}

// short reports whether a text value is typed on one line in a page form:
// a bounded length (varchar(n) up to 255, a CHECK on its length), a
// pattern, a foreign key or a unique value (a code, an e-mail) are short.
func (f field) short() bool {
	r := f.Column.Rules
	return r.MaxLen > 0 && r.MaxLen <= 255 || r.Pattern != "" || f.Column.FK != nil || f.Column.Unique
}

// lines is the height a textarea opens at: the value's lines (long lines
// wrapped at about 80 characters), at least 2 (4 in a page form), at
// most 16.
func (f field) lines() string {
	n := 0
	for _, l := range strings.Split(f.Text, "\n") {
		n += 1 + len(l)/80
	}
	least := 2
	if f.Roomy {
		least = 4
	}
	return strconv.Itoa(min(16, max(least, n)))
}

// hintID is the id of the text that states the field's rules.
func (f field) hintID() string { return f.ID + "-hint" }

// hints are the field's rules in words: unique, the CHECKs, the key.
func (f field) hints() []string {
	out := f.Column.Hints()
	if fk := f.Column.FK; fk != nil {
		out = append(out, "references "+fk.RefTable+"."+fk.RefColumns[0]+": type to search")
	}
	return out
}

// datalistID is the id of a foreign-key field's list of choices.
func (f field) datalistID() string { return f.ID + "-refs" }

// inputAttrs are the attributes that let the browser check the simple
// rules and tie the field to its hint and its picker.
func (f field) inputAttrs() templ.Attributes {
	t := f.Table
	a := templ.Attributes{}
	for k, v := range f.Attrs {
		a[k] = v
	}
	r := f.Column.Rules
	if f.Required {
		a["required"] = true
		a["aria-required"] = "true"
	}
	if len(f.hints()) > 0 && f.Roomy {
		if d, ok := a["aria-describedby"].(string); ok && d != "" {
			a["aria-describedby"] = d + " " + f.hintID()
		} else {
			a["aria-describedby"] = f.hintID()
		}
	}
	if r.MaxLen > 0 {
		a["maxlength"] = strconv.Itoa(r.MaxLen)
	}
	if r.MinLen > 0 {
		a["minlength"] = strconv.Itoa(r.MinLen)
	}
	if r.Pattern != "" {
		a["pattern"] = r.Pattern
		a["title"] = "matches " + r.Pattern
	}
	if r.Min != "" {
		a["min"] = r.Min
	}
	if r.Max != "" {
		a["max"] = r.Max
	}
	if f.Column.Kind == rows.KindJSON {
		a["data-json"] = true
	}
	if f.Column.FK != nil && t != nil {
		a["list"] = f.datalistID()
		a["autocomplete"] = "off"
		a["data-fk-url"] = TableURL(t.Schema, t.Name) + "/refs?col=" + url.QueryEscape(f.Column.Name)
	}
	return a
}

// blankChoice: a required select offers an empty first option while
// nothing is chosen, so an insert never picks its first value silently
// (a nullable one says NULL with its toggle instead).
func (f field) blankChoice() bool {
	return f.Required && f.Text == "" && !slices.Contains(f.options(), "")
}
