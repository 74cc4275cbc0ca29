package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// dist builds the binaries for ps and writes one archive per platform
// (tar.gz, zip for Windows) holding the binary and README.md, and
// SHA256SUMS over the archives in sha256sum's format.
func (b builder) dist(ctx context.Context, ps []platform) error {
	sums := map[string]string{}
	for _, p := range ps {
		bin := filepath.Join(b.out, "bin", p.goos+"_"+p.goarch, p.exe())
		if err := b.binary(ctx, p, bin); err != nil {
			return err
		}
		name := fmt.Sprintf("studio_%s_%s_%s", b.version, p.goos, p.goarch)
		files := map[string]string{p.exe(): bin, "README.md": filepath.Join(b.root, "README.md")}
		var archive string
		var err error
		if p.goos == "windows" {
			archive, err = writeZip(filepath.Join(b.out, name+".zip"), files)
		} else {
			archive, err = writeTarGz(filepath.Join(b.out, name+".tar.gz"), files)
		}
		if err != nil {
			return err
		}
		if sums[filepath.Base(archive)], err = sha256File(archive); err != nil {
			return err
		}
	}
	return writeSums(filepath.Join(b.out, "SHA256SUMS"), sums)
}

func sortedNames(files map[string]string) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func writeTarGz(path string, files map[string]string) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, n := range sortedNames(files) {
		src, err := os.Open(files[n])
		if err != nil {
			return "", err
		}
		st, err := src.Stat()
		if err != nil {
			src.Close()
			return "", err
		}
		mode := int64(0o644)
		if n == "studio" {
			mode = 0o755
		}
		hdr := &tar.Header{Name: n, Mode: mode, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			src.Close()
			return "", err
		}
		_, err = io.Copy(tw, src)
		src.Close()
		if err != nil {
			return "", err
		}
	}
	if err := tw.Close(); err != nil {
		return "", err
	}
	if err := gz.Close(); err != nil {
		return "", err
	}
	return path, f.Close()
}

func writeZip(path string, files map[string]string) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, n := range sortedNames(files) {
		src, err := os.Open(files[n])
		if err != nil {
			return "", err
		}
		w, err := zw.Create(n)
		if err == nil {
			_, err = io.Copy(w, src)
		}
		src.Close()
		if err != nil {
			return "", err
		}
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return path, f.Close()
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeSums writes "<hex>  <name>" lines, as `sha256sum -c` reads them.
func writeSums(path string, sums map[string]string) error {
	var b strings.Builder
	for _, n := range sortedNames(sums) {
		fmt.Fprintf(&b, "%s  %s\n", sums[n], n)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
