package server

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"
)

// maxBody caps request bodies: every form and JSON body of twofa is small.
const maxBody = 64 << 10

// contentSecurityPolicy allows only this origin's own scripts, styles and
// images (plus data: images for the QR code), and no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"

// securityHeaders sets the headers every answer carries. Their values
// share one array, allocated once per answer rather than once per header
// (as Header.Set would); each slice is capped at its one value, so a later
// Add to one of them copies it rather than writing into the next.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &[...]string{contentSecurityPolicy, "nosniff", "no-referrer", "DENY", "same-origin", "no-store"}
		h := w.Header()
		// The keys are in canonical form, as Header.Set would make them.
		h["Content-Security-Policy"] = v[0:1:1]
		h["X-Content-Type-Options"] = v[1:2:2]
		h["Referrer-Policy"] = v[2:3:3]
		h["X-Frame-Options"] = v[3:4:4]
		h["Cross-Origin-Opener-Policy"] = v[4:5:5]
		h["Cache-Control"] = v[5:6:6]
		next.ServeHTTP(w, r)
	})
}

func (s *server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			s.writeBodyTooLarge(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next.ServeHTTP(w, r)
	})
}

// writeBodyTooLarge refuses a body announced as over maxBody: in JSON for
// the API, on the error page for the web pages.
func (s *server) writeBodyTooLarge(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Error: errBodyTooLarge.Code, Message: apiMessage(r, errBodyTooLarge)})
		return
	}
	s.renderError(w, r, http.StatusRequestEntityTooLarge, "The form sent is larger than 64 KiB.")
}

func isBodyTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "path", r.URL.Path, "panic", v)
				s.internalError(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// maxUserAgent bounds the user agent kept with events and devices.
const maxUserAgent = 256

// userAgent returns the request's User-Agent as it is stored: at most
// maxUserAgent bytes of valid UTF-8, which every database takes. Header
// bytes that are not UTF-8 become U+FFFD; a character the cut would split
// is dropped.
func userAgent(r *http.Request) string {
	ua := strings.ToValidUTF8(r.UserAgent(), "\uFFFD")
	if len(ua) > maxUserAgent {
		cut := maxUserAgent
		for cut > 0 && !utf8.RuneStart(ua[cut]) { // inside a character
			cut--
		}
		ua = ua[:cut]
	}
	return ua
}
