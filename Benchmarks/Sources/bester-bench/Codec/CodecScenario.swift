import BesterProtocol
import Foundation

/// `bester-bench codec`: frame + JSON throughput, decode (framed bytes ->
/// ``JSONValue`` through ``FrameDecoder``) and encode (``JSONValue`` ->
/// framed bytes), against Foundation's `JSONSerialization` on the same
/// messages in the same run. MessagePack has its own scenario
/// (``MessagePackCodecScenario``, `bester-bench msgpack`).
struct CodecScenario: Scenario {
    let name = "codec"
    let summary = "frame+JSON decode/encode MB/s vs Foundation (--seconds N, --rounds N, --only decode|encode, --size NAME, --no-baseline)"

    private struct Options {
        var seconds = 1.0
        var rounds = 3
        var directions = ["decode", "encode"]
        var sizes: [String]?
        var baseline = true
    }

    func run(arguments: [String]) async throws {
        let options = try parse(arguments)
        let duration = Duration.seconds(options.seconds)
        print("codec: MB/s of frame bytes (10^6 B/s), best of \(options.rounds) rounds of \(options.seconds) s; ratio = Bester / Foundation")
        print(pad("message", 9) + pad("bytes", 8) + pad("direction", 11) + pad("Bester", 9) + pad("Foundation", 12) + "ratio")
        for sample in CodecSamples.all where options.sizes?.contains(sample.name) ?? true {
            let framed = FrameEncoder.frame(sample.value)
            for direction in options.directions {
                // Best of several rounds: other processes only ever slow a round down.
                var bester = 0.0
                var foundation: Double?
                for _ in 0..<options.rounds {
                    let round = try measure(direction, sample: sample, framed: framed,
                                            baseline: options.baseline, duration: duration)
                    bester = max(bester, round.0)
                    if let baseline = round.1 { foundation = max(foundation ?? 0, baseline) }
                }
                var line = pad(sample.name, 9) + pad("\(framed.count)", 8) + pad(direction, 11) + pad(format(bester), 9)
                if let foundation {
                    line += pad(format(foundation), 12) + format(bester / foundation) + "x"
                }
                print(line)
            }
        }
    }

    private func measure(_ direction: String, sample: CodecSamples.Sample, framed: [UInt8], baseline: Bool,
                         duration: Duration) throws -> (Double, Double?) {
        if direction == "decode" {
            var decoder = FrameDecoder()
            let bester = try Stopwatch.megabytesPerSecond(bytesPerCall: framed.count, duration: duration) {
                decoder.append(framed)
                guard let frame = try decoder.nextFrame() else { throw BenchmarkFailure.noFrame }
                blackHole(try JSONParser.parse(frame))
            }
            guard baseline else { return (bester, nil) }
            let foundation = try Stopwatch.megabytesPerSecond(bytesPerCall: framed.count, duration: duration) {
                // The same work: read the length prefix, then parse the body.
                let length = Int(UInt32(littleEndian: framed.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
                blackHole(try JSONSerialization.jsonObject(with: Data(framed[4..<(4 + length)])))
            }
            return (bester, foundation)
        }
        let bester = Stopwatch.megabytesPerSecond(bytesPerCall: framed.count, duration: duration) {
            blackHole(FrameEncoder.frame(sample.value))
        }
        guard baseline else { return (bester, nil) }
        // Foundation encodes what it decodes (NSNumber, NSString, ...): the
        // same message, in the objects it would really be handed.
        let object = try JSONSerialization.jsonObject(with: Data(sample.body))
        let foundation = try Stopwatch.megabytesPerSecond(bytesPerCall: framed.count, duration: duration) {
            let json = try JSONSerialization.data(withJSONObject: object)
            var frame = Data(capacity: json.count + 4)
            withUnsafeBytes(of: UInt32(json.count).littleEndian) { frame.append(contentsOf: $0) }
            frame.append(json)
            blackHole(frame)
        }
        return (bester, foundation)
    }

    private func parse(_ given: [String]) throws -> Options {
        let arguments = given.optionValuesSplit
        var options = Options()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let value = index + 1 < arguments.count ? arguments[index + 1] : nil
            switch (argument, value) {
            case ("--seconds", let value?):
                guard let seconds = Double(value), seconds > 0 else { throw BenchmarkFailure.usage("--seconds takes a positive number") }
                options.seconds = seconds
                index += 2
            case ("--rounds", let value?):
                guard let rounds = Int(value), rounds > 0 else { throw BenchmarkFailure.usage("--rounds takes a positive integer") }
                options.rounds = rounds
                index += 2
            case ("--only", let value?) where value == "decode" || value == "encode":
                options.directions = [value]
                index += 2
            case ("--size", let value?) where CodecSamples.all.contains(where: { $0.name == value }):
                options.sizes = (options.sizes ?? []) + [value]
                index += 2
            case ("--no-baseline", _):
                options.baseline = false
                index += 1
            default:
                let sizes = CodecSamples.all.map { "'\($0.name)'" }.joined(separator: ", ")
                throw BenchmarkFailure.usage("unknown option '\(argument)'; options: --seconds N, --rounds N, --only decode|encode, --size \(sizes), --no-baseline")
            }
        }
        return options
    }

    private func format(_ value: Double) -> String {
        String(format: value >= 10 ? "%.0f" : "%.2f", value)
    }
}
