import BesterCommandLine
import Dispatch
import Glibc

/// The chat screen at work. One task owns the state and draws; everything
/// else reaches it as an ``Event`` on one stream: keys (read when the
/// terminal has some, no polling), resizes, what the server sends, and
/// the results of actions, which a second task carries out in order.
final class ChatApp {
    /// What the screen's task reacts to.
    enum Event: Sendable {
        case keys([UInt8])
        /// The terminal cannot be read any more (closed).
        case inputEnded
        /// Redraw everything: the window changed size, or the process was continued.
        case redraw
        case backend(ChatBackendEvent)
        case finished(ChatAction.Result)

        /// SIGCONT after Ctrl-Z; keys too, in case the shell could not stop the process.
        var resumesSuspended: Bool {
            switch self {
            case .redraw, .keys: return true
            default: return false
            }
        }
    }

    /// How the chat ended.
    enum Ending: Equatable {
        /// `/quit`, Ctrl-C, Ctrl-D.
        case quit
        /// The user left after the connection was lost; the reason.
        case connectionLost(String)
    }

    private var state: ChatState
    private var editor = LineEditor()
    private var keyDecoder = KeyDecoder()
    private var painter = ScreenPainter()
    private let terminal: Terminal
    private let backend: any ChatBackend
    private let style: ChatStyle
    private var isQuitting = false
    /// After Ctrl-Z, until continued.
    private var isSuspended = false
    /// Ctrl-L: the whole screen is drawn again after this event.
    private var redrawRequested = false
    /// The room to be in once the screen opens.
    private let initialRoom: String
    private var actions: AsyncStream<ChatAction>.Continuation?

    /// Prepares a screen for a started backend: `rooms` are the rooms the
    /// user is in; `room` becomes current (joined if needed).
    init(backend: any ChatBackend, terminal: Terminal, style: ChatStyle, server: String, rooms: [String], room: String) {
        self.backend = backend
        self.terminal = terminal
        self.style = style
        initialRoom = room
        state = ChatState(nickname: backend.username, protocolName: backend.protocolName, server: server)
        for name in rooms { state.addRoom(name) }
        // The greeting goes where the screen opens, when that room is known already.
        if let index = state.index(of: room) {
            state.switchTo(state.rooms[index].name)
        } else if let first = rooms.first {
            state.switchTo(first)
        }
        state.log(.info, "connected to \(server) as \(backend.username) (\(backend.protocolName)); /help lists the commands")
    }

    /// Runs until the user quits; the terminal is restored before it returns.
    func run() async throws(CommandLineError) -> Ending {
        let (events, sink) = AsyncStream<Event>.makeStream()
        let signals = TerminalSignals(terminal: terminal) { sink.yield(.redraw) }
        do throws(CommandLineError) {
            try terminal.enterFullScreen()
        } catch {
            signals.cancel()
            throw error
        }
        let (actionStream, actionSink) = AsyncStream<ChatAction>.makeStream()
        actions = actionSink
        let backend = backend
        let forwarder = Task {
            for await event in backend.events { sink.yield(.backend(event)) }
        }
        let worker = Task {
            for await action in actionStream { sink.yield(.finished(await action.perform(on: backend))) }
        }
        let keys = watchKeys(sink)
        // init made a known initial room current already; the backend is told here.
        if let index = state.index(of: initialRoom) {
            enqueue(.focus(state.rooms[index].name))
        } else {
            enqueue(.join(initialRoom))
        }
        draw(everything: true)
        for await event in events {
            if isSuspended && event.resumesSuspended { resume() }
            handle(event)
            if isQuitting { break }
            draw(everything: redrawRequested)
            redrawRequested = false
        }
        keys.cancel()
        terminal.restore()
        signals.cancel()
        // Lines typed just before quitting still go out, unless the server is gone.
        actionSink.finish()
        await Self.waitBriefly(for: worker)
        await backend.close()
        forwarder.cancel()
        if case .disconnected(let reason) = state.connection { return .connectionLost(reason) }
        return .quit
    }

    /// Waits for `task`, at most two seconds.
    private static func waitBriefly(for task: Task<Void, Never>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await task.value }
            group.addTask { try? await Task.sleep(for: .seconds(2)) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Reads the terminal whenever it has bytes (a dispatch read source: no polling).
    private func watchKeys(_ sink: AsyncStream<Event>.Continuation) -> any DispatchSourceRead {
        let descriptor = terminal.inputDescriptor
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "bester-cli.chat.keys"))
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                sink.yield(.keys(Array(buffer[..<count])))
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                sink.yield(.inputEnded)
                source.cancel()
            }
        }
        source.resume()
        return source
    }

    private func draw(everything: Bool) {
        let size = terminal.size
        let frame = ChatScreen.render(state, input: editor, rows: size.rows, columns: size.columns, style: style)
        terminal.draw(painter.paint(frame, everything: everything))
    }

    private func enqueue(_ action: ChatAction) {
        actions?.yield(action)
    }

    // MARK: Events

    private func handle(_ event: Event) {
        switch event {
        case .keys(let bytes):
            for key in keyDecoder.decode(bytes) where !isQuitting { handle(key) }
        case .inputEnded:
            isQuitting = true
        case .redraw:
            redrawRequested = true
        case .backend(let event):
            state.apply(event)
        case .finished(let result):
            show(result)
        }
    }

    private func handle(_ key: Key) {
        switch key {
        case .control("c"):
            isQuitting = true
        case .control("d") where editor.characters.isEmpty:
            isQuitting = true
        case .control("d"):
            _ = editor.handle(.delete)
        case .control("l"):
            redrawRequested = true
        case .control("n"), .control("p"):
            if let room = state.neighbour(key == .control("n") ? 1 : -1) { switchRoom(to: room) }
        case .pageUp, .pageDown:
            let page = max((terminal.size.rows - 3) / 2, 1)
            state.scroll(by: key == .pageUp ? page : -page)
        case .control("z"):
            suspend()
        default:
            if case .submitted(let line)? = editor.handle(key) { submit(line) }
        }
    }

    private func suspend() {
        isSuspended = true
        terminal.suspend()
    }

    private func resume() {
        isSuspended = false
        redrawRequested = true
        do throws(CommandLineError) {
            try terminal.enterFullScreen()
        } catch {
            isQuitting = true
        }
    }

    private func switchRoom(to room: String) {
        if let current = state.currentRoom, ChatState.sameName(current, room) { return }
        state.switchTo(room)
        enqueue(.focus(room))
    }

    // MARK: Typed lines

    private func submit(_ line: String) {
        let input: ChatInput
        do throws(ChatInput.Problem) {
            guard let parsed = try ChatInput.parse(line) else { return }
            input = parsed
        } catch {
            state.log(.error, error.message)
            return
        }
        switch input {
        case .help:
            showHelp()
            return
        case .quit:
            isQuitting = true
            return
        default:
            break
        }
        if case .disconnected(let reason) = state.connection {
            state.log(.error, "not connected (\(reason)); /quit to leave")
            return
        }
        switch input {
        case .say(let text):
            guard let room = state.currentRoom else {
                state.log(.error, "you are in no room; /join one first")
                return
            }
            state.scroll(by: -state.shownRoom.scrollback)
            state.log(.message(from: state.nickname, isOwn: true), text, in: room)
            enqueue(.say(text, room: room))
        case .join(let room):
            if let index = state.index(of: room) {
                switchRoom(to: state.rooms[index].name)
            } else {
                enqueue(.join(room))
            }
        case .leave(let room):
            guard let room = room ?? state.currentRoom else {
                state.log(.error, "you are in no room; /leave ROOM names one")
                return
            }
            enqueue(.leave(state.index(of: room).map { state.rooms[$0].name } ?? room))
        case let .whisper(user, text):
            state.log(.whisperSent(to: user), text)
            enqueue(.whisper(to: user, text: text))
        case .rooms:
            enqueue(.rooms)
        case .nick(let name):
            enqueue(.rename(name))
        case .help, .quit:
            break
        }
    }

    private func showHelp() {
        state.log(.info, "commands:")
        for (usage, summary) in ChatInput.commands {
            state.log(.info, "  " + usage.padding(to: 16) + summary)
        }
        state.log(.info, "keys: Enter sends; Up/Down recall earlier lines; Ctrl-N/Ctrl-P next/previous room;")
        state.log(.info, "  PgUp/PgDn scroll; Ctrl-A/E start/end; Ctrl-U/K/W erase; Ctrl-L redraw; Ctrl-Z suspend")
    }

    private func show(_ result: ChatAction.Result) {
        switch result {
        case .sent, .focused, .renamed:
            // Seen through the server's own events (a rename's user_rename, a switch's joined).
            break
        case .joined(let room):
            state.switchTo(room)
            state.log(.presence, "you joined \(room)", in: room)
        case .left(let room):
            state.removeRoom(room)
            state.log(.presence, "you left \(room)")
            if let current = state.currentRoom { enqueue(.focus(current)) }
        case let .whispered(user, receipt):
            if receipt == .stored { state.log(.info, "\(user) is offline; the message waits for their next login") }
        case .rooms(let rooms):
            showRooms(rooms)
        case let .failed(action, error):
            state.log(.error, action.failureText(error))
        }
    }

    private func showRooms(_ rooms: [ChatRoomSummary]) {
        guard !rooms.isEmpty else {
            state.log(.info, "no public rooms")
            return
        }
        state.log(.info, "rooms on the server:")
        for room in rooms {
            var details: [String] = []
            if let members = room.members { details.append(members == 1 ? "1 member" : "\(members) members") }
            if room.isPrivate { details.append("private") }
            if room.isJoined == true { details.append("joined") }
            state.log(.info, "  #" + room.name + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")"))
        }
    }
}

private extension String {
    func padding(to columns: Int) -> String {
        self + String(repeating: " ", count: max(columns - count, 1))
    }
}
