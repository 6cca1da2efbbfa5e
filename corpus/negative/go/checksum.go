package release

// Known-good digests of the release artefacts, checked before install.
var expectedSHA256 = map[string]string{
	"inventory-linux-amd64": "c5410ca2b9931222e1636d987f377db608fdd0fe6902b116761ed38703d67fa5",
	"inventory-linux-arm64": "7b18dd6caad6ec865397efef30db910697b5bd4d991144b6025f8c3a8828a4cb",
}

const (
	buildCommit     = "a0b44c213466a82333892b3a6b3aa65253a38673"
	schemaVersion   = "2024-06-01"
	requestIDHeader = "X-Request-Id"
)

var publicKeyFingerprint = "SHA256:5QudBt5Dptm6/JuTFsUemtCieRCrZHGbEj8bO7HB/ow"
