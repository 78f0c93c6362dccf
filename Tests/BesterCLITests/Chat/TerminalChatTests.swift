import Foundation
import Testing

/// `bester-cli chat` in real terminals: tmux windows, typed into with
/// `send-keys` and read with `capture-pane`. alice speaks Bester, bob
/// MessagePack chat, dave ChatMaster (a guest), and carol types ChatMaster
/// JSON into `nc`. With `BESTER_SCREENSHOT_DIR` set, the screens are saved
/// there as `chat-*.txt` (`Docs/screenshots/` holds the last ones).
@Suite(.enabled(if: TmuxSession.executable != nil, "tmux is not installed (apt-get install tmux); the terminal chat is not tested"))
struct TerminalChatTests {
    @Test func fourPeopleOnThreeProtocolsSeeEachOthersLines() async throws {
        let nc = try #require(["/usr/bin/nc", "/bin/nc"].first { FileManager.default.isExecutableFile(atPath: $0) },
                              "nc is not installed (apt-get install netcat-openbsd)")
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        try await server.addUser("bob")
        let cli = try CLIProcess.built("bester-cli")
        let tmux = try TmuxSession(firstWindow: "alice")
        defer { tmux.stop() }
        for window in ["bob", "dave", "carol"] { try tmux.newWindow(window) }

        // Each shell remembers its terminal's settings, to compare after the chat.
        for window in ["alice", "bob", "dave"] { try tmux.typeLine("saved=$(stty -g)", in: window) }
        try tmux.typeLine("BESTER_PASSWORD=password1 \(cli) chat --server \(server.address) --user alice", in: "alice")
        try tmux.typeLine("BESTER_PASSWORD=password1 \(cli) chat --protocol msgpack --server \(server.messagePackAddress) --user bob",
                          in: "bob")
        try tmux.typeLine("\(cli) chat --protocol chatmaster --server \(server.chatMasterAddress) --user dave", in: "dave")
        try tmux.typeLine("\(nc) 127.0.0.1 \(server.chatMasterAddress.split(separator: ":").last ?? "")", in: "carol")
        try await tmux.waitFor("#general · alice · connected", in: "alice")
        try await tmux.waitFor("#general · bob · connected", in: "bob")
        try await tmux.waitFor("#general · dave · connected", in: "dave")
        try await tmux.waitFor(#"{"type":"request","data":{"request":"login"}}"#, in: "carol")
        try tmux.typeLine(#"{"type":"command","data":{"command":"login","parameters":{"username":"carol"}}}"#, in: "carol")
        try await tmux.waitFor(#""status":1"#, in: "carol")
        try await tmux.waitFor("carol joined", in: "alice")

        try tmux.typeLine("hello from alice, on Bester", in: "alice")
        try await tmux.waitFor("<alice> hello from alice, on Bester", in: "bob")
        try await tmux.waitFor("<alice> hello from alice, on Bester", in: "dave")
        try await tmux.waitFor(#"{"message":"hello from alice, on Bester","username":"alice""#, in: "carol")
        try tmux.typeLine("hi alice, bob here on MessagePack, héllo 中文", in: "bob")
        try await tmux.waitFor("<bob> hi alice, bob here on MessagePack, héllo 中文", in: "alice")
        try await tmux.waitFor("<bob> hi alice, bob here on MessagePack, héllo 中文", in: "dave")
        try await tmux.waitFor(#"{"message":"hi alice, bob here on MessagePack, héllo 中文","username":"bob""#, in: "carol")
        try tmux.typeLine("dave on ChatMaster says hi", in: "dave")
        try await tmux.waitFor("<dave> dave on ChatMaster says hi", in: "alice")
        try await tmux.waitFor("<dave> dave on ChatMaster says hi", in: "bob")
        try await tmux.waitFor(#"{"message":"dave on ChatMaster says hi","username":"dave""#, in: "carol")
        try tmux.typeLine(#"{"type":"message","data":{"message":"and carol, typing JSON into nc"}}"#, in: "carol")
        try await tmux.waitFor("<carol> and carol, typing JSON into nc", in: "alice")
        try await tmux.waitFor("<carol> and carol, typing JSON into nc", in: "bob")
        try await tmux.waitFor("<carol> and carol, typing JSON into nc", in: "dave")

        // Commands, and what a protocol cannot do, said as such.
        try tmux.typeLine("/msg bob psst, bob", in: "alice")
        try await tmux.waitFor("*alice* psst, bob", in: "bob")
        try tmux.typeLine("/nick robert", in: "bob")
        try await tmux.waitFor("!! cannot rename to robert: renaming is not part of the MessagePack chat", in: "bob")
        try tmux.typeLine("/msg nobody hello?", in: "alice")
        try await tmux.waitFor("!! not sent to nobody: no such user: 'nobody'", in: "alice")
        try tmux.typeLine("/nick davey", in: "dave")
        try await tmux.waitFor("-- you are now known as davey", in: "dave")
        try await tmux.waitFor("-- dave is now known as davey", in: "alice")
        try tmux.typeLine("/rooms", in: "alice")
        try await tmux.waitFor("--   #general (4 members, joined)", in: "alice")

        if let directory = ProcessInfo.processInfo.environment["BESTER_SCREENSHOT_DIR"] {
            for (window, name) in [("alice", "bester"), ("bob", "msgpack"), ("dave", "chatmaster"), ("carol", "chatmaster-nc")] {
                var rows = try tmux.capture(window).split(separator: "\n", omittingEmptySubsequences: false)
                while rows.last?.allSatisfy(\.isWhitespace) == true { rows.removeLast() }
                try (rows.joined(separator: "\n") + "\n").write(toFile: "\(directory)/chat-\(name).txt", atomically: true, encoding: .utf8)
            }
        }

        // Rooms: alice and dave join rust; dave's rust hears alice there.
        try tmux.typeLine("/join rust", in: "alice")
        try await tmux.waitFor("-- you joined rust", in: "alice")
        try tmux.typeLine("/join rust", in: "dave")
        try await tmux.waitFor("-- you joined rust", in: "dave")
        try await tmux.waitFor("-- davey joined", in: "alice")
        try tmux.typeLine("only in rust", in: "alice")
        try await tmux.waitFor("<alice> only in rust", in: "dave")
        #expect(try !tmux.capture("bob").contains("only in rust"))

        // A resized window is drawn again at its new size.
        try tmux.resize("alice", columns: 64, rows: 14)
        try await tmux.waitUntil("the status bar on row 13 of 14", in: "alice") { screen in
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return rows.count >= 14 && rows[12].hasPrefix(" #rust · alice · connected") && rows[13].hasPrefix("[#rust]")
        }

        // /quit and Ctrl-C give the shell back its terminal as it was.
        try tmux.typeLine("/quit", in: "alice")
        try tmux.press("C-c", in: "bob")
        for window in ["alice", "bob"] {
            try await tmux.waitForPrompt(in: window)
            try tmux.typeLine(#"echo "exit-status-$?"; test "$(stty -g)" = "$saved" && echo "restored-$((40 + 2))""#, in: window)
            let screen = try await tmux.waitFor("restored-42", in: window)
            #expect(screen.contains("exit-status-0"))
        }

        // Refusals before the screen opens are plain lines too.
        try tmux.typeLine("BESTER_PASSWORD=wrong \(cli) chat --server \(server.address) --user alice", in: "alice")
        try await tmux.waitFor("error: wrong username or password (authenticationFailed); check --user and the password", in: "alice")
        try tmux.typeLine("\(cli) chat --protocol chatmaster --server \(server.chatMasterAddress) --user davey", in: "bob")
        try await tmux.waitFor("error: Username is already taken: 'davey' is online.", in: "bob")
        try tmux.typeLine("setsid -w \(cli) chat --user alice", in: "alice")
        try await tmux.waitFor("error: bester-cli chat needs a terminal (none is attached); use send and listen in scripts", in: "alice")
        // ChatMaster spoken to the Bester port: the server closes the connection, and the hint names the right one.
        try tmux.typeLine("\(cli) chat --protocol chatmaster --server \(server.address) --user eve", in: "bob")
        try await tmux.waitFor("error: connection lost: the server closed the connection (is \(server.address) a chatmaster server? "
                               + "besterd's defaults: bester 127.0.0.1:2223, msgpack 127.0.0.1:9001, chatmaster 127.0.0.1:9000)", in: "bob")

        await server.stop()
        try await tmux.waitFor("!! connection lost: the server is shutting down (shutdown); /quit to", in: "dave")

        // Told to stop from outside, it restores the terminal and exits with 128 + SIGTERM.
        let programs = try tmux.programs(in: "dave")
        #expect(programs.count == 1)
        for program in programs { kill(program, SIGTERM) }
        try await tmux.waitForPrompt(in: "dave")
        try tmux.typeLine(#"echo "exit-status-$?"; test "$(stty -g)" = "$saved" && echo "restored-$((40 + 2))""#, in: "dave")
        let screen = try await tmux.waitFor("restored-42", in: "dave")
        #expect(screen.contains("exit-status-143"))
    }
}
