package project

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// readWranglerD1 reads the top-level d1_databases of a wrangler.toml,
// wrangler.json or wrangler.jsonc (comments and trailing commas allowed).
func readWranglerD1(path string) ([]wranglerD1, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	if strings.HasSuffix(path, ".toml") {
		var doc struct {
			D1 []wranglerD1 `toml:"d1_databases"`
		}
		if _, err := toml.Decode(string(raw), &doc); err != nil {
			return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
		}
		return doc.D1, nil
	}
	return readWranglerJSON(path, string(raw))
}

// readWranglerJSON reads wrangler.json(c) with the config reader: JSONC
// is a subset of JavaScript object literals.
func readWranglerJSON(path, text string) ([]wranglerD1, error) {
	src := &source{name: filepath.Base(path), text: text}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	root := p.topValue()
	ev := &evaluator{prog: &program{src: src}, env: NewEnv(nil), dir: filepath.Dir(path), active: map[string]bool{}}
	doc, err := ev.eval(root)
	if err != nil {
		return nil, err
	}
	if doc.kind != vObject {
		return nil, fmt.Errorf("%s: not a JSON object", src.name)
	}
	list, found, err := ev.get(doc, "d1_databases")
	if err != nil || !found {
		return nil, err
	}
	if list.kind != vArray {
		return nil, fmt.Errorf("%s: d1_databases is not an array", src.name)
	}
	var out []wranglerD1
	for _, item := range list.arr {
		if item.kind != vObject {
			continue
		}
		var w wranglerD1
		for key, dst := range map[string]*string{"binding": &w.Binding, "database_name": &w.Name,
			"database_id": &w.ID, "preview_database_id": &w.PreviewID, "migrations_dir": &w.Migrations} {
			if v, found, err := ev.get(item, key); err == nil && found && v.kind == vString {
				*dst = v.s
			}
		}
		out = append(out, w)
	}
	return out, nil
}
