package core

// oidcKeyAD is the additional data that binds a sealed OIDC signing key
// (its PKCS #8 private key) to its key ID: whoever seals or opens the key,
// and ResealAll when it rotates the secret key, must use it.
func oidcKeyAD(id string) []byte { return []byte("oidc-signing-key:" + id) }
