import BesterProtocol

// The member-by-member reads must agree with the tree: the table, fuzz and
// validation tests compare both readings of the same bytes.

/// How a reply frame reads through ``HandlerReply/parse(frame:reusing:parser:)``
/// and through parsing its tree, each as text (the reply, or the error).
func replyFrameReadings(_ bytes: [UInt8], parser: JSONParser = JSONParser()) -> (frame: String, tree: String) {
    var workspace = JSONParseWorkspace()
    let fromFrame: String
    do {
        fromFrame = try bytes.withUnsafeBytes { body throws(HandlerReplyFrameError) in
            "\(try HandlerReply.parse(frame: body, reusing: &workspace, parser: parser))"
        }
    } catch {
        fromFrame = "error: \(error)"
    }
    let fromTree: String
    do {
        fromTree = "\(try HandlerReply.parse(parser.parse(bytes)))"
    } catch let error as JSONParseError {
        fromTree = "error: not JSON: \(error)"
    } catch {
        fromTree = "error: \(error)"
    }
    return (fromFrame, fromTree)
}

/// How a later frame reads through ``InboundFrame/readRequest(frame:dialect:reusing:parser:)``
/// (nil: left to the tree) and through parsing its tree (nil: refused).
func requestFrameReadings(_ bytes: [UInt8], dialect: Dialect, parser: JSONParser = JSONParser())
    -> (frame: ClientRequest?, tree: ClientRequest?) {
    var workspace = JSONParseWorkspace()
    let fromFrame = bytes.withUnsafeBytes { InboundFrame.readRequest(frame: $0, dialect: dialect, reusing: &workspace, parser: parser) }
    let fromTree = try? InboundFrame.parse(parser.parse(bytes), connectionDialect: dialect).request
    return (fromFrame, fromTree)
}
