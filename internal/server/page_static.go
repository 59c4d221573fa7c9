package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"time"
)

//go:embed static
var staticFS embed.FS

// staticFile is one embedded asset with its validator.
type staticFile struct {
	body  []byte
	ctype string
	etag  string
}

// staticTypes are the content types of the assets, fixed here rather than
// read from the host's MIME tables, which differ between systems.
var staticTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
}

func loadStatic() (map[string]staticFile, error) {
	out := map[string]staticFile{}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		ctype, ok := staticTypes[path.Ext(p)]
		if !ok {
			return fmt.Errorf("pages: no content type for %s", p)
		}
		sum := sha256.Sum256(body)
		out[path.Base(p)] = staticFile{body: body, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pages: load static files: %w", err)
	}
	return out, nil
}

// serveStatic serves an embedded asset. Browsers revalidate it on each use
// (the ETag makes that cheap), so a new release never meets a stale copy.
func (s *server) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.pages.static[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
