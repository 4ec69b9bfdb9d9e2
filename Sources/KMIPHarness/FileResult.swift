public import KMIPSpec

/// How one vector file went.
public struct FileResult: Sendable {
    public enum Status: Sendable {
        case passed
        /// A mismatch no override covers.
        case failed(Mismatch)
        /// A mismatch the overrides file expects, with its reason.
        case known(Mismatch, reason: String)
        /// Not run, with the reason (overrides file).
        case skipped(String)
        /// The file could not be read.
        case unreadable(HarnessError)

        /// A word for tables and progress lines.
        public var word: String {
            switch self {
            case .passed: "pass"
            case .failed: "FAIL"
            case .known: "known"
            case .skipped: "skip"
            case .unreadable: "FAIL"
            }
        }
    }

    public var path: String
    public var name: String
    public var profile: String
    public var version: KMIPVersion?
    public var status: Status
    /// Steps run (request/response pairs sent).
    public var steps: Int
    /// Step failures the overrides file expects, with their reasons (the file went on).
    public var knownSteps: [(step: Int, mismatch: Mismatch, reason: String)] = []
    /// A whole-file `known` override for a file that now passes: the entry can go.
    public var staleOverride: String?
    /// Seconds spent.
    public var seconds: Double = 0

    /// Whether the file counts as a failure for CI (failed, or unreadable and not skipped).
    public var isUnexpectedFailure: Bool {
        switch status {
        case .failed, .unreadable: true
        default: false
        }
    }

    public var passed: Bool {
        if case .passed = status { return true }
        return false
    }

    /// The mismatch that stopped the file, if any.
    public var firstMismatch: Mismatch? {
        switch status {
        case .failed(let mismatch), .known(let mismatch, _): mismatch
        default: knownSteps.first?.mismatch
        }
    }
}
