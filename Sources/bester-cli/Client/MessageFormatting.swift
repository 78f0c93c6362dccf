import BesterClient

/// How bester-cli shows what a server sent.
enum MessageFormatting {
    /// A response for people: a status line, then the data as indented JSON.
    static func readable(_ response: Response) -> String {
        var status = "status \(response.status), type \(response.type.isEmpty ? "-" : response.type)"
        if let id = response.id { status += ", id \(id)" }
        return status + "\n" + JSONSerializer.prettyString(response.data)
    }

    /// A delivery as one JSON object: who sent it, its type, its data.
    static func delivery(_ delivery: Delivery, pretty: Bool) -> String {
        let object: JSONValue = ["from": .string(delivery.from), "type": .string(delivery.type), "data": delivery.data]
        return pretty ? JSONSerializer.prettyString(object) : JSONSerializer.string(object)
    }
}
