public import Foundation

/// The `openssl` command, for tests that check our files against OpenSSL's own tools.
public enum OpenSSLCommand {
    /// A run that exited non-zero: the arguments and what it printed on standard error.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `openssl` with `arguments` in `directory`; throws when it fails.
    public static func run(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardOutput = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")): \(String(decoding: stderr, as: UTF8.self))")
        }
    }
}
