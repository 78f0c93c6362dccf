// The socket layer (endpoints, event loops, connections) and the message
// models (JSON values, credentials, responses, deliveries) are part of the
// client's public surface: `import BesterClient` is all an embedder needs.
@_exported import BesterIO
@_exported import BesterProtocol
