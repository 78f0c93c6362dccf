import BesterProtocol

extension ChatEvent {
    /// The Bester delivery (type `chat`): `header.from` is the author, or
    /// the user a presence change is about; `data.event` says what happened.
    ///
    /// ```json
    /// {"event":"message","room":"general","text":"hi"}
    /// {"event":"whisper","text":"hi"}
    /// {"event":"joined","room":"general","username":"bob"}
    /// {"event":"left","room":"general","username":"bob"}
    /// {"event":"renamed","old":"guest1","new":"guest2"}
    /// ```
    ///
    /// Messages stored while the recipient was offline also carry `sentAt`
    /// (Unix milliseconds).
    var besterDelivery: Delivery {
        var data: JSONObject
        switch kind {
        case let .roomMessage(room, _, text): data = ["event": "message", "room": .string(room), "text": .string(text)]
        case let .whisper(_, text): data = ["event": "whisper", "text": .string(text)]
        case let .joined(room, user): data = ["event": "joined", "room": .string(room), "username": .string(user)]
        case let .left(room, user): data = ["event": "left", "room": .string(room), "username": .string(user)]
        case let .renamed(old, new): data = ["event": "renamed", "old": .string(old), "new": .string(new)]
        }
        if let storedAt { data["sentAt"] = .integer(storedAt) }
        return Delivery(type: ChatHandlerEndpoint.type, from: subject, data: .object(data))
    }
}
