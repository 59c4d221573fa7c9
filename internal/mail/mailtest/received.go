package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"slices"
	"strings"
)

// Received is one message the server accepted.
type Received struct {
	From    string      // envelope sender (MAIL FROM)
	To      []string    // envelope recipients (RCPT TO)
	Subject string      // Subject header, RFC 2047 words decoded
	Text    string      // the text/plain body, transfer encoding decoded, "\n" line ends
	Header  mail.Header // all header fields as sent
	Raw     []byte      // the message exactly as received after DATA
	TLS     bool        // whether the SMTP session was encrypted
}

// Find returns the first submatch (group 1) of re in the Subject and Text,
// or "" when re does not match.
func (r Received) Find(re *regexp.Regexp) string {
	m := re.FindStringSubmatch(r.Subject + "\n" + r.Text)
	if len(m) < 2 {
		return ""
	}
	return m[1]
}

// parseReceived decodes raw into a Received.
func parseReceived(from string, to []string, raw []byte, isTLS bool) (Received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Received{}, fmt.Errorf("read message: %w", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Received{}, fmt.Errorf("decode subject: %w", err)
	}
	text, err := plainText(msg.Header.Get, msg.Body, 0)
	if err != nil {
		return Received{}, err
	}
	return Received{
		From:    from,
		To:      slices.Clone(to),
		Subject: subject,
		Text:    strings.ReplaceAll(text, "\r\n", "\n"),
		Header:  msg.Header,
		Raw:     raw,
		TLS:     isTLS,
	}, nil
}

// plainText returns the decoded text/plain content of an entity whose
// headers are read through get, looking inside multipart entities.
func plainText(get func(string) string, body io.Reader, depth int) (string, error) {
	if depth > 5 {
		return "", errors.New("multipart nested too deeply")
	}
	mediaType, params := "text/plain", map[string]string{}
	if ct := get("Content-Type"); ct != "" {
		var err error
		mediaType, params, err = mime.ParseMediaType(ct)
		if err != nil {
			return "", fmt.Errorf("content-type %q: %w", ct, err)
		}
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return "", errors.New("no text/plain part")
			}
			if err != nil {
				return "", fmt.Errorf("multipart: %w", err)
			}
			text, err := plainText(part.Header.Get, part, depth+1)
			if err == nil {
				return text, nil
			}
		}
	}
	if mediaType != "text/plain" {
		return "", fmt.Errorf("content-type %s is not text/plain", mediaType)
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return "", fmt.Errorf("unsupported charset %q", cs)
	}
	decoded, err := io.ReadAll(transferDecoder(get("Content-Transfer-Encoding"), body))
	if err != nil {
		return "", fmt.Errorf("decode body: %w", err)
	}
	return string(decoded), nil
}

// transferDecoder undoes a Content-Transfer-Encoding.
func transferDecoder(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r) // skips line breaks
	}
	return r // 7bit, 8bit, binary
}
