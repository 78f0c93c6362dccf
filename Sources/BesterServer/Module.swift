// The message models (JSON values, handler messages and replies) and the
// socket layer (addresses, event loops) are part of the server's public
// surface: `import BesterServer` is all an embedding program needs.
@_exported import BesterIO
@_exported import BesterProtocol
