package oidcprovider

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// responseTypes is what twofa offers: the authorization code flow only.
// The op package's discovery document lists the implicit flow's types
// too, whatever the clients allow, which would invite apps to try it.
var responseTypes = json.RawMessage(`["code"]`)

// heldResponse keeps an answer back, so that it can be amended before it
// is sent.
type heldResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldResponse) Header() http.Header         { return h.header }
func (h *heldResponse) Write(b []byte) (int, error) { return h.body.Write(b) }
func (h *heldResponse) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

// serveDiscovery serves the op package's discovery document with
// response_types_supported narrowed to what twofa offers.
func (p *Provider) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	held := &heldResponse{header: http.Header{}}
	p.op.ServeHTTP(held, r)
	body := held.body.Bytes()
	if held.status == 0 || held.status == http.StatusOK {
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(body, &doc); err == nil {
			doc["response_types_supported"] = responseTypes
			if b, err := json.Marshal(doc); err == nil {
				body = b
			}
		}
	}
	for k, v := range held.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if held.status != 0 {
		w.WriteHeader(held.status)
	}
	w.Write(body)
}
