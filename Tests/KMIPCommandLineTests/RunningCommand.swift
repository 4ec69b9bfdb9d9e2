import Foundation

/// A long-running `kmip` subcommand (`serve`, `vault-mock`) as a user starts it, its standard
/// output and error in one pipe.
final class RunningCommand {
    let process = Process()
    private let output = Pipe()

    init(_ arguments: [String]) throws {
        process.executableURL = CommandTests.binary
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// A fresh folder name under the temporary directory (not created).
    static func temporaryDirectory(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// The output from now on, read until `done` holds for it (or the output ends).
    func read(until done: (String) -> Bool) -> String {
        var text = ""
        while !done(text) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return text
    }

    /// Sends SIGTERM and waits up to five seconds: whether it stopped, and what it wrote since
    /// the last read.
    func terminate() async throws -> (stopped: Bool, rest: String) {
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<50 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        return (!process.isRunning, String(decoding: output.fileHandleForReading.availableData, as: UTF8.self))
    }

    /// SIGKILL, and waits for the process to end.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
