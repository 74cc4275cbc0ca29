package introspect

import "strings"

// DomainOf finds the domain a column's type names, as PostgreSQL prints
// types: schema-qualified (quoted where needed) when the domain's schema
// is not on the search_path, else bare, when the column's own schema is
// tried first, then the one schema holding a domain of that name. An
// array type names its element's domain. It returns the domain's schema
// and the domain, or nil when the type is no domain of the model.
func (m *Model) DomainOf(schema, typ string) (string, *Domain) {
	parts := typeNameParts(strings.TrimRight(typ, "[]"))
	find := func(s, name string) *Domain {
		for si := range m.Schemas {
			if m.Schemas[si].Name != s {
				continue
			}
			for di := range m.Schemas[si].Domains {
				if d := &m.Schemas[si].Domains[di]; d.Name == name {
					return d
				}
			}
		}
		return nil
	}
	switch len(parts) {
	case 2:
		return parts[0], find(parts[0], parts[1])
	case 1:
		if d := find(schema, parts[0]); d != nil {
			return schema, d
		}
		var at string
		var found *Domain
		for _, s := range m.Schemas {
			if d := find(s.Name, parts[0]); d != nil {
				if found != nil {
					return "", nil // ambiguous: the search_path decides, which the model does not know
				}
				at, found = s.Name, d
			}
		}
		return at, found
	}
	return "", nil
}

// typeNameParts splits a printed type name on the dots outside double
// quotes and unquotes each part; a type with a modifier or spaces
// ("character varying(5)") is no domain name and gives nil.
func typeNameParts(typ string) []string {
	var parts []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(typ); i++ {
		c := typ[i]
		switch {
		case c == '"' && quoted && i+1 < len(typ) && typ[i+1] == '"':
			cur.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case c == '.' && !quoted:
			parts = append(parts, cur.String())
			cur.Reset()
		case !quoted && (c == '(' || c == ' '):
			return nil
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, cur.String())
}
