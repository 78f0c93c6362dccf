// The socket layer (endpoints, event loops, connections) is part of the
// client's public surface: embedders pass endpoints and may share loops.
@_exported import BesterIO
import BesterProtocol
