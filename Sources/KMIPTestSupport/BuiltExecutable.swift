public import Foundation

/// Finds a product this package builds (`kmip`, `kms`), for tests that run it as a user does.
public enum BuiltExecutable {
    /// The executable `name` beside the test bundle, else in `.build/debug` of `root`.
    public static func url(_ name: String, root: URL) -> URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/\(name)")
    }
}
