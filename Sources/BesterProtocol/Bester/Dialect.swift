/// The three ways to speak Bester on one port. The first frame of a
/// connection decides which, and every reply on it is written in that one.
public enum Dialect: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// "Spec v2" (`000`): `header.authentication` + `payload{type,data}`.
    case v2 = "v2"
    /// The scoped specification (`001`): v2 plus `header.scope` on every frame.
    case v2_1 = "v2.1"
    /// "spec3.md" (`002`): an identify stanza first; replies carry `data` at the top level.
    case v3 = "v3"

    public var description: String { rawValue }

    /// True for v2 and v2.1, whose server messages share one shape
    /// (`payload{type,id,data}`); v3 puts type and id in the header.
    public var hasPayloadEnvelope: Bool { self != .v3 }

    /// The dialect a connection's first frame speaks: `header.identify` means
    /// v3, `header.scope` v2.1, `header.authentication` alone v2 (presence
    /// decides; whether the member is well formed is checked by
    /// ``InboundFrame/parse(_:connectionDialect:)``).
    public static func detect(firstFrame json: JSONValue) throws(ValidationError) -> Dialect {
        let root = try FieldReader.object(json, at: "")
        let header = try FieldReader.object(root["header"], at: "header")
        if header.contains("identify") { return .v3 }
        if header.contains("scope") { return .v2_1 }
        if header.contains("authentication") { return .v2 }
        throw ValidationError(path: "header", rule: .mustIdentifyDialect)
    }
}
