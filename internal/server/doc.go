// Package server is twofa's HTTP layer: the JSON API under /api/v1 and the
// server-rendered pages, both thin over core.Service. routes.go lists every
// route.
package server
